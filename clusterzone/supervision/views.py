"""Pages of the problem ledger: the list (lights as of a date, 导出Excel), the raise form,
the detail with its acts and one POST view per transition calling one service."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.exporting import table_xlsx, xlsx_response
from clusterzone.core.views import PageMixin, ScopedDetailView, ScopedListView, ScopedObjectMixin

from . import selectors, services
from .filters import ProblemFilter
from .forms import AssignForm, CloseForm, EscalateForm, FeedbackForm, ProblemRaiseForm, ReturnForm
from .lights import attach_problem_lights
from .models import Problem
from .tables import problem_table


def as_of_of(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("as_of") or "")
    except ValueError:
        return timezone.localdate()


class ProblemPage:
    model = Problem
    kind = "problem"
    section = gettext_lazy("督查督办")
    list_url_name = "supervision:problem_list"


class ProblemListView(ProblemPage, ScopedListView):
    title = gettext_lazy("问题台账")
    filterset_class = ProblemFilter
    add_url_name = "supervision:problem_add"
    export_name = "问题台账"

    def selector(self, user):
        return selectors.problem_list(user=user)

    def get(self, request):
        as_of = as_of_of(request)
        self.table = problem_table(as_of)
        if request.GET.get("export") == "xlsx":
            fs, qs, sort = self.filtered(request)
            rows = attach_problem_lights(qs, as_of)
            name = f"{self.export_name}_{timezone.localdate():%Y%m%d}.xlsx"
            return xlsx_response(table_xlsx(self.table, rows, title=str(self.title)), name)
        return super().get(request)


class ProblemRaiseView(ProblemPage, PageMixin, View):
    title = gettext_lazy("登记问题")
    template_name = "core/form.html"

    def _check(self):
        if not policy.may(self.request.user, "add", "problem"):
            raise DjangoPermissionDenied(_("您没有执行此操作的权限。"))

    def _render(self, form, status=200):
        ctx = self.base_context(form=form, creating=True, cancel_url=reverse(self.list_url_name))
        ctx["breadcrumbs"].append({"label": self.title, "url": None})
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request):
        self._check()
        return self._render(ProblemRaiseForm(user=request.user, initial={"raised_on": timezone.localdate()}))

    def post(self, request):
        self._check()
        form = ProblemRaiseForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("attachment", None)
            try:
                with transaction.atomic():  # the problem and its attachment, or neither
                    problem = services.problem_raise(actor=request.user, **data)
                    if upload:
                        services.attachment_add(actor=request.user, problem=problem, file=upload)
            except DomainError as exc:
                for field, msgs in (exc.errors or {None: [exc.message]}).items():
                    for msg in msgs:
                        form.add_error(field if field in form.fields else None, msg)
            else:
                messages.success(request, _("已登记：%(obj)s") % {"obj": problem})
                if problem.deadline_warning:
                    messages.warning(request, problem.deadline_warning)
                return redirect(reverse("supervision:problem_detail", args=[problem.pk]))
        return self._render(form, status=400)


class ProblemDetailView(ProblemPage, ScopedDetailView):
    template_name = "supervision/problem_detail.html"

    def scoped_queryset(self, user):
        return selectors.problem_list(user=user)

    def extra_context(self, problem):
        user = self.request.user
        as_of = as_of_of(self.request)
        attach_problem_lights([problem], as_of)
        can = {a: policy.can(user, a, problem) for a in ("assign", "feedback", "close", "return", "escalate")}
        return {
            "problem": problem,
            "as_of": as_of,
            "acts": selectors.problem_acts(problem),
            "attachments": problem.attachments.all(),
            "may": can,
            "assign_form": AssignForm(user=user, initial={"responsible_unit": problem.responsible_unit_id,
                                                         "responsible_person": problem.responsible_person}),
            "feedback_form": FeedbackForm(),
            "close_form": CloseForm(),
            "return_form": ReturnForm(),
            "escalate_form": EscalateForm(),
        }  # fmt: skip


class ProblemActionView(ProblemPage, ScopedObjectMixin, View):
    """POST-only: one transition through one service, back to the problem."""

    action = "view"  # the service asks the policy for the transition itself
    form_class = None
    service = None

    def form(self):
        if self.form_class is AssignForm:
            return AssignForm(self.request.POST, user=self.request.user)
        return self.form_class(self.request.POST)

    def post(self, request, pk):
        problem = self.get_object()
        target = reverse("supervision:problem_detail", args=[problem.pk])
        form = self.form()
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return redirect(target)
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            type(self).service(actor=request.user, problem=problem, **data)
        except DomainError as exc:
            if exc.code == "permission_denied":
                raise DjangoPermissionDenied(exc.message)
            messages.error(request, exc.message)
            return redirect(target)
        messages.success(request, _("已办理：%(obj)s") % {"obj": problem})
        return redirect(target)


class WorkbenchView(PageMixin, View):
    """The supervision section of the workbench: a department liaison sees its unit's
    problems by light; the leader in charge those of the projects he or she leads; the
    office everything in scope."""

    title = gettext_lazy("督办工作台")
    section = gettext_lazy("督查督办")

    def get(self, request):
        from clusterzone.accounts.choices import Role

        user = request.user
        if not policy.may(user, "view", "problem"):
            raise DjangoPermissionDenied(_("您没有执行此操作的权限。"))
        as_of = as_of_of(request)
        qs = selectors.problem_list(user=user)
        office = user.is_superuser or user.has_role(Role.OFFICE_ADMIN, Role.OFFICE_STAFF)
        if not office:
            if user.has_role(Role.PROJECT_LEADER) and not user.has_role(Role.DEPARTMENT_LIAISON):
                qs = qs.filter(project__leader_id=user.pk)
            else:
                qs = qs.filter(responsible_unit_id=user.unit_id)
        rows = attach_problem_lights(qs.order_by("deadline", "id"), as_of)
        groups = [
            (key, label, [p for p in rows if p.light == key])
            for key, label in (("red", _("红灯")), ("yellow", _("黄灯")), ("green", _("绿灯")))
        ]
        closed = [p for p in rows if p.light is None][:50]
        ctx = self.base_context(as_of=as_of, groups=groups, closed=closed, office=office)
        ctx.update(self._actions_and_tasks(user, office, as_of))
        if policy.may(user, "view", "interview"):
            from .interviews import pending_interviews

            ctx["interviews"] = list(pending_interviews(user=user)[:50])
        return render(request, "supervision/workbench.html", ctx)

    @staticmethod
    def _actions_and_tasks(user, office: bool, as_of: date) -> dict:
        """The open action items (督办事项) by light and the division-of-work tasks: the
        unit's own (as owner or lead, or taking part) or, for the office, all in scope."""
        from django.db.models import Q

        from . import meetings, worktasks
        from .choices import ActionStatus

        actions = meetings.action_list(user=user).filter(status=ActionStatus.OPEN)
        tasks = worktasks.task_list(user=user).filter(is_heading=False, year=as_of.year)
        if not office:
            unit = user.unit_id or 0
            actions = actions.filter(Q(owner_unit_id=unit) | Q(participants__id=unit)).distinct()
            tasks = tasks.filter(Q(lead_unit_id=unit) | Q(participants__id=unit)).distinct()
        actions = meetings.attach_action_lights(actions.order_by("deadline", "id")[:200], as_of)
        order = {"red": 0, "yellow": 1, "green": 2, None: 3}
        tasks = sorted(
            worktasks.attach_task_lights(tasks.order_by("position", "id")[:200], as_of),
            key=lambda t: order[t.light],
        )
        return {"actions": sorted(actions, key=lambda a: order[a.light]), "tasks": tasks}


def _action(form_class, service):
    return type(
        f"Problem{form_class.__name__}View",
        (ProblemActionView,),
        {"form_class": form_class, "service": staticmethod(service)},
    ).as_view()


urlpatterns = [
    path("", WorkbenchView.as_view(), name="workbench"),
    path("problems/", ProblemListView.as_view(), name="problem_list"),
    path("problems/add/", ProblemRaiseView.as_view(), name="problem_add"),
    path("problems/<int:pk>/", ProblemDetailView.as_view(), name="problem_detail"),
    path("problems/<int:pk>/assign/", _action(AssignForm, services.problem_assign), name="problem_assign"),
    path("problems/<int:pk>/feedback/", _action(FeedbackForm, services.problem_feedback), name="problem_feedback"),
    path("problems/<int:pk>/close/", _action(CloseForm, services.problem_close), name="problem_close"),
    path("problems/<int:pk>/return/", _action(ReturnForm, services.problem_return), name="problem_return"),
    path("problems/<int:pk>/escalate/", _action(EscalateForm, services.problem_escalate), name="problem_escalate"),
]  # fmt: skip
