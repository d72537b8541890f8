"""Pages of the approval service beyond the standard ones (declared in approvals/pages.py):
what the matter and case pages add to the generic views (the case list's export with its
clocks, the case page with its acts), one view per act of a case (受理、暂停计时、恢复计时、
办结), a project's approval plan with its timeline chart, and the statistics per matter,
department, window and month."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.exporting import table_xlsx, xlsx_response
from clusterzone.core.periods import Period, PeriodError
from clusterzone.core.views import ScopedDetailView, ScopedListView, ScopedObjectMixin, ServiceFormView
from clusterzone.projects.models import Project

from .. import selectors, services
from ..forms import AcceptForm, CompleteForm, PauseForm, ResumeForm
from ..models import ApprovalCase, CaseEvent

SECTION = gettext_lazy("企业服务")


class MatterDetailView(ScopedDetailView):
    """The matter's page shows its prerequisites (one query for all of them)."""

    def scoped_queryset(self, user):
        return selectors.matter_list(user=user).prefetch_related("prerequisites")


class CaseListView(ScopedListView):
    """The case list's 导出Excel carries each case's clock (attached in two queries)."""

    def get(self, request):
        if not policy.may(request.user, "view", "approvalcase"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        if request.GET.get("export") == "xlsx":
            _fs, qs, _sort = self.filtered(request)
            rows = selectors.attach_clocks(qs)
            name = f"{self.export_name}_{timezone.localdate():%Y%m%d}.xlsx"
            return xlsx_response(table_xlsx(self.table, rows, title=str(self.title)), name)
        return super().get(request)


ACTS = {
    "accept": (AcceptForm, gettext_lazy("受理")),
    "pause": (PauseForm, gettext_lazy("暂停计时")),
    "resume": (ResumeForm, gettext_lazy("恢复计时")),
    "complete": (CompleteForm, gettext_lazy("办结")),
}
ACTS_BY_STATUS = {"planned": ["accept"], "running": ["pause", "complete"], "paused": ["resume", "complete"]}


class CaseDetailView(ScopedDetailView):
    """The case's page: its clock, pauses, acts, and the forms of the acts allowed now."""

    def extra_context(self, obj):
        selectors.case_with_clock(obj)
        can_handle = policy.can(self.request.user, "handle", obj)
        acts = ACTS_BY_STATUS.get(obj.status, []) if can_handle else []
        today = timezone.localdate()
        return {
            "case": obj,
            "clock": obj.clock,
            "problem": selectors.case_problem(obj, user=self.request.user),
            "events": CaseEvent.objects.filter(case=obj).select_related("actor").order_by("act_date", "id"),
            "acts": [(a, ACTS[a][1], ACTS[a][0](prefix=a, initial={"on": today})) for a in acts],
        }


class CaseFormView(ServiceFormView):
    """A case added from a project's approval plan (?project=) starts with that project."""

    def new_instance(self):
        case = ApprovalCase()
        project = self.request.GET.get("project")
        if project and project.isdigit():
            case.project = policy.scope(self.request.user, Project).filter(pk=project).first()
        return case


class CaseActView(ScopedObjectMixin, View):
    """One act of a case (受理、暂停计时、恢复计时、办结): one form, one service."""

    action = "handle"
    model = ApprovalCase
    kind = "approvalcase"
    section = SECTION
    list_url_name = "approvals:case_list"

    def scoped_queryset(self, user):
        return selectors.case_list(user=user)

    def _render(self, case, act, form, status=200):
        title = _("%(act)s：%(case)s") % {"act": ACTS[act][1], "case": case}
        ctx = self.base_context(form=form, object=case, title=title)
        ctx["breadcrumbs"] += [
            {"label": str(case), "url": reverse("approvals:case_detail", args=[case.pk])},
            {"label": str(ACTS[act][1]), "url": None},
        ]
        ctx["cancel_url"] = reverse("approvals:case_detail", args=[case.pk])
        return render(self.request, "core/form.html", ctx, status=status)

    def get(self, request, pk, act):
        if act not in ACTS:
            raise Http404
        case = self.get_object()
        return self._render(case, act, ACTS[act][0](prefix=act, initial={"on": timezone.localdate()}))

    def post(self, request, pk, act):
        if act not in ACTS:
            raise Http404
        case = self.get_object()
        form = ACTS[act][0](request.POST, prefix=act)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if act == "accept":
                    services.case_accept(actor=request.user, case=case, on=d["on"])
                elif act == "pause":
                    services.case_pause(
                        actor=request.user, case=case, kind=d["kind"], reason=d["reason"], on=d["on"]
                    )
                elif act == "resume":
                    services.case_resume(actor=request.user, case=case, on=d["on"])
                else:
                    services.case_complete(
                        actor=request.user, case=case, on=d["on"], result=d["result"], reason=d["reason"]
                    )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("已%(act)s。") % {"act": ACTS[act][1]})
                return redirect(reverse("approvals:case_detail", args=[case.pk]))
        return self._render(case, act, form, status=400)


class ProjectPlanView(LoginRequiredMixin, View):
    """A project's approval plan: the four stages, the projected end against the promise,
    and the approval timeline (one bar per case, pauses shown, stages coloured)."""

    def get(self, request, pk):
        if not policy.may(request.user, "view", "approvalcase"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        project = (
            policy.scope(request.user, Project)
            .select_related("cluster", "cluster__region")
            .filter(pk=pk)
            .first()
        )
        if project is None:
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        today = timezone.localdate()
        plan = selectors.approval_plan(project, user=request.user, today=today)
        add_case = policy.may(request.user, "add", "approvalcase")
        ctx = {
            "title": _("审批计划：%(p)s") % {"p": project.name},
            "breadcrumbs": [
                {"label": SECTION, "url": None},
                {"label": str(project), "url": reverse("projects:detail", args=[project.pk])},
                {"label": _("审批计划"), "url": None},
            ],
            "project": project,
            "plan": plan,
            "chart": selectors.timeline_option(plan, today=today),
            "can_add": add_case,
        }
        return render(request, "approvals/project_plan.html", ctx)


class StatisticsView(LoginRequiredMixin, View):
    def get(self, request):
        if not policy.may(request.user, "view", "approvalcase"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        by = request.GET.get("by") or "matter"
        period, error = None, ""
        if request.GET.get("period"):
            try:
                period = Period.parse(request.GET["period"])
            except PeriodError as exc:
                error = str(exc)
        rows, total = selectors.case_statistics(user=request.user, by=by, period=period)
        ctx = {
            "title": _("审批统计"),
            "breadcrumbs": [{"label": SECTION, "url": None}, {"label": _("审批统计"), "url": None}],
            "rows": rows,
            "total": total,
            "by": by if by in selectors.STAT_GROUPINGS else "matter",
            "groupings": selectors.STAT_GROUPINGS.items(),
            "period": request.GET.get("period", ""),
            "period_error": error,
        }
        return render(request, "approvals/statistics.html", ctx)


urlpatterns = [
    path("cases/<int:pk>/<str:act>/", CaseActView.as_view(), name="case_act"),
    path("projects/<int:pk>/", ProjectPlanView.as_view(), name="project_plan"),
    path("statistics/", StatisticsView.as_view(), name="statistics"),
]
