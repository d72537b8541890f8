"""Pages of the approval service: the matters catalog (list, detail, add, edit, delete,
import, 导出Excel), cases (list with their clocks, detail with pauses, acts and 补录 marks,
add, edit, one view per act), a project's approval plan with its timeline chart, and the
statistics per matter, department, window and month."""

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
from clusterzone.core.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
    ServiceDeleteView,
    ServiceFormView,
)
from clusterzone.projects.models import Project

from .. import selectors, services
from ..filters import CaseFilter, MatterFilter
from ..forms import AcceptForm, CaseForm, CompleteForm, MatterForm, PauseForm, ResumeForm
from ..models import ApprovalCase, ApprovalMatter, CaseEvent
from ..tables import CASE_TABLE, MATTER_TABLE

SECTION = gettext_lazy("企业服务")


class MatterPage:
    model = ApprovalMatter
    kind = "approvalmatter"
    section = SECTION
    list_url_name = "approvals:matter_list"
    detail_url_name = "approvals:matter_detail"


class MatterListView(MatterPage, ScopedListView):
    title = gettext_lazy("审批事项清单")
    filterset_class = MatterFilter
    table = MATTER_TABLE
    add_url_name = "approvals:matter_add"
    import_kind = "approval-matters"
    export_name = "审批事项清单"

    def selector(self, user):
        return selectors.matter_list(user=user)


class MatterDetailView(MatterPage, ScopedDetailView):
    template_name = "approvals/matter_detail.html"

    def scoped_queryset(self, user):
        return selectors.matter_list(user=user).prefetch_related("prerequisites")


class MatterFormView(MatterPage, ServiceFormView):
    form_class = MatterForm

    def scoped_queryset(self, user):
        return selectors.matter_list(user=user)

    def save(self, *, actor, instance, data):
        return services.matter_save(actor=actor, matter=instance, data=data)


class MatterDeleteView(MatterPage, ServiceDeleteView):
    def delete(self, *, actor, instance):
        services.matter_delete(actor=actor, matter=instance)


class CasePage:
    model = ApprovalCase
    kind = "approvalcase"
    section = SECTION
    list_url_name = "approvals:case_list"
    detail_url_name = "approvals:case_detail"


class CaseListView(CasePage, ScopedListView):
    title = gettext_lazy("审批办件")
    filterset_class = CaseFilter
    table = CASE_TABLE
    add_url_name = "approvals:case_add"
    import_kind = "approval-cases"
    export_name = "审批办件"

    def selector(self, user):
        return selectors.case_list(user=user)

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


class CaseDetailView(CasePage, ScopedDetailView):
    template_name = "approvals/case_detail.html"

    def scoped_queryset(self, user):
        return selectors.case_list(user=user)

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


class CaseFormView(CasePage, ServiceFormView):
    form_class = CaseForm

    def scoped_queryset(self, user):
        return selectors.case_list(user=user)

    def new_instance(self):
        case = ApprovalCase()
        project = self.request.GET.get("project")
        if project and project.isdigit():
            case.project = policy.scope(self.request.user, Project).filter(pk=project).first()
        return case

    def save(self, *, actor, instance, data):
        if instance.pk:
            return services.case_update(actor=actor, case=instance, data=data)
        return services.case_create(actor=actor, data=data)


class CaseDeleteView(CasePage, ServiceDeleteView):
    def scoped_queryset(self, user):
        return selectors.case_list(user=user)

    def delete(self, *, actor, instance):
        services.case_delete(actor=actor, case=instance)


class CaseActView(CasePage, ScopedObjectMixin, View):
    """One act of a case (受理、暂停计时、恢复计时、办结): one form, one service."""

    action = "handle"

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
    path("matters/", MatterListView.as_view(), name="matter_list"),
    path("matters/add/", MatterFormView.as_view(), name="matter_add"),
    path("matters/<int:pk>/", MatterDetailView.as_view(), name="matter_detail"),
    path("matters/<int:pk>/edit/", MatterFormView.as_view(), name="matter_edit"),
    path("matters/<int:pk>/delete/", MatterDeleteView.as_view(), name="matter_delete"),
    path("cases/", CaseListView.as_view(), name="case_list"),
    path("cases/add/", CaseFormView.as_view(), name="case_add"),
    path("cases/<int:pk>/", CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/edit/", CaseFormView.as_view(), name="case_edit"),
    path("cases/<int:pk>/delete/", CaseDeleteView.as_view(), name="case_delete"),
    path("cases/<int:pk>/<str:act>/", CaseActView.as_view(), name="case_act"),
    path("projects/<int:pk>/", ProjectPlanView.as_view(), name="project_plan"),
    path("statistics/", StatisticsView.as_view(), name="statistics"),
]
