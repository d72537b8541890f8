"""Pages of projects: list (filters, sorting, 导出Excel, import), detail, create/edit, the
stage transition, milestones, monthly investment, the leader's page (我的项目), a cluster's
project page and the quota check (1233)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core import units
from clusterzone.core.exceptions import DomainError
from clusterzone.core.views import ScopedDetailView, ScopedObjectMixin
from clusterzone.registry.models import Cluster

from .. import selectors, services
from ..choices import Stage
from ..forms import InvestmentForm, MilestoneForm, TransitionForm
from ..models import Project, ProjectMilestone
from ..services import ALLOWED_TRANSITIONS


class ProjectPage:
    model = Project
    kind = "project"
    section = gettext_lazy("项目")
    list_url_name = "projects:list"
    detail_url_name = "projects:detail"


class ProjectDetailView(ScopedDetailView):
    def scoped_queryset(self, user):
        return selectors.project_list(user=user).prefetch_related("team_users", "team_units")

    def extra_context(self, obj):
        today = timezone.localdate()
        can_change = policy.can(self.request.user, "change", obj)
        return {
            "today": today,
            "intensity": selectors.intensity_check(obj),
            "stages": selectors.stage_history(obj, today=today),
            "milestones": selectors.milestones(obj, today=today),
            "investments": selectors.investment_rows(obj),
            "share": selectors.investment_share(obj.invested, obj.total_investment),
            "transitions": [Stage(s) for s in ALLOWED_TRANSITIONS[obj.stage]] if can_change else [],
            "milestone_form": MilestoneForm(user=self.request.user) if can_change else None,
            "investment_form": InvestmentForm(initial={"period": f"{today:%Y-%m}"}) if can_change else None,
        }


class ProjectTransitionView(ProjectPage, ScopedObjectMixin, View):
    """变更阶段: one form, one service (services.project_transition)."""

    action = "change"
    template_name = "core/form.html"

    def _form(self, obj, data=None):
        choices = [(s, Stage(s).label) for s in ALLOWED_TRANSITIONS[obj.stage]]
        initial = {"date": timezone.localdate(), "to_stage": self.request.GET.get("to")}
        return TransitionForm(data, choices=choices, initial=initial)

    def _render(self, obj, form, status=200):
        title = _("阶段变更：%(obj)s") % {"obj": obj.name}
        ctx = self.base_context(form=form, object=obj, title=title)
        ctx["breadcrumbs"] += [
            {"label": str(obj), "url": reverse("projects:detail", args=[obj.pk])},
            {"label": _("阶段变更"), "url": None},
        ]
        ctx["cancel_url"] = reverse("projects:detail", args=[obj.pk])
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, pk):
        obj = self.get_object()
        return self._render(obj, self._form(obj))

    def post(self, request, pk):
        obj = self.get_object()
        form = self._form(obj, request.POST)
        if form.is_valid():
            try:
                services.project_transition(
                    actor=request.user,
                    project=obj,
                    to_stage=form.cleaned_data["to_stage"],
                    date=form.cleaned_data["date"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                field = {"reason": "reason", "date": "date", "to_stage": "to_stage"}.get(exc.field)
                form.add_error(field, exc.message)
            else:
                messages.success(request, _("阶段已变更。"))
                return redirect(reverse("projects:detail", args=[obj.pk]))
        return self._render(obj, form, status=400)


class ProjectChildView(ProjectPage, ScopedObjectMixin, View):
    """POST-only: add a milestone, complete one, record a month's investment."""

    action = "change"

    def post(self, request, pk, what, child_pk=None):
        project = self.get_object()
        try:
            if what == "milestone-add":
                form = MilestoneForm(
                    request.POST, instance=ProjectMilestone(project=project), user=request.user
                )
                if not form.is_valid():
                    raise DomainError("；".join(m for errs in form.errors.values() for m in errs))
                services.milestone_save(actor=request.user, milestone=form.instance)
            elif what == "milestone-complete":
                milestone = ProjectMilestone.objects.filter(pk=child_pk, project=project).first()
                if milestone is None:
                    raise Http404
                services.milestone_complete(actor=request.user, milestone=milestone)
            elif what == "investment":
                form = InvestmentForm(request.POST)
                if not form.is_valid():
                    raise DomainError("；".join(m for errs in form.errors.values() for m in errs))
                services.investment_record(
                    actor=request.user,
                    project=project,
                    period=form.cleaned_data["period"],
                    amount=form.cleaned_data["amount"],
                )
            else:
                raise Http404
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已保存。"))
        return redirect(reverse("projects:detail", args=[project.pk]))


class MyProjectsView(LoginRequiredMixin, View):
    """我的项目 (分包领导): my projects, their stage, overdue milestones, this month's investment."""

    def get(self, request):
        today = timezone.localdate()
        projects = list(selectors.my_projects(user=request.user, today=today))
        overdue = list(selectors.overdue_milestones(user=request.user, today=today, leader=request.user))
        for m in overdue:
            m.overdue_days = (today - m.planned_date).days
        ctx = {
            "title": _("我的项目"),
            "breadcrumbs": [{"label": _("项目"), "url": None}, {"label": _("我的项目"), "url": None}],
            "projects": projects,
            "overdue": overdue,
            "today": today,
            "month_total": sum((p.month_investment or 0 for p in projects), 0),
        }
        return render(request, "projects/my_projects.html", ctx)


class ClusterProjectsView(LoginRequiredMixin, View):
    """A cluster's project page: counts and amounts by stage and band, this year's starts
    and productions, overdue milestones."""

    def get(self, request, pk):
        cluster = policy.scope(request.user, Cluster).filter(pk=pk).first()
        if cluster is None:
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        try:
            year = int(request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        summary = selectors.cluster_summary(user=request.user, cluster=cluster, year=year)
        ctx = {
            "title": _("%(c)s项目情况") % {"c": cluster.name},
            "breadcrumbs": [
                {"label": _("项目"), "url": None},
                {"label": cluster.name, "url": reverse("registry:cluster_detail", args=[cluster.pk])},
                {"label": _("项目情况"), "url": None},
            ],
            "cluster": cluster,
            "summary": summary,
            "overdue": list(selectors.overdue_milestones(user=request.user, cluster=cluster)[:100]),
            "min_intensity": selectors.min_intensity(cluster),
            "chart": cluster_chart(summary),
        }
        return render(request, "projects/cluster_projects.html", ctx)


def _yi(amount) -> float:
    """万元 → 亿元 for a chart axis (core.units.yi_number; no amount is 0)."""
    return units.yi_number(amount or 0)


def cluster_chart(summary: dict) -> dict:
    """ECharts option: amounts (亿元, bars) and counts (line) by stage and by band, in two grids."""
    stages, bands = summary["stages"], summary["bands"]
    amount_name, count_name = _("总投资（亿元）"), _("项目个数")
    return {
        "title": [
            {"text": _("按阶段"), "left": "2%", "textStyle": {"fontSize": 13}},
            {"text": _("按规模档次"), "left": "52%", "textStyle": {"fontSize": 13}},
        ],
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [amount_name, count_name], "top": 0, "right": 0},
        "grid": [
            {"left": "4%", "right": "53%", "top": 50, "bottom": 40, "containLabel": True},
            {"left": "54%", "right": "3%", "top": 50, "bottom": 40, "containLabel": True},
        ],
        "xAxis": [
            {"type": "category", "gridIndex": 0, "data": [s["label"] for s in stages]},
            {
                "type": "category",
                "gridIndex": 1,
                "data": [b["label"] for b in bands],
                "axisLabel": {"interval": 0, "rotate": 30},
            },
        ],
        "yAxis": [
            {"type": "value", "gridIndex": 0, "name": _("亿元")},
            {
                "type": "value",
                "gridIndex": 0,
                "name": _("个"),
                "minInterval": 1,
                "splitLine": {"show": False},
            },
            {"type": "value", "gridIndex": 1, "name": _("亿元")},
            {
                "type": "value",
                "gridIndex": 1,
                "name": _("个"),
                "minInterval": 1,
                "splitLine": {"show": False},
            },
        ],
        "series": [
            {
                "name": amount_name,
                "type": "bar",
                "xAxisIndex": 0,
                "yAxisIndex": 0,
                "data": [_yi(s["amount"]) for s in stages],
            },
            {
                "name": count_name,
                "type": "line",
                "xAxisIndex": 0,
                "yAxisIndex": 1,
                "data": [s["count"] for s in stages],
            },
            {
                "name": amount_name,
                "type": "bar",
                "xAxisIndex": 1,
                "yAxisIndex": 2,
                "data": [_yi(b["amount"]) for b in bands],
            },
            {
                "name": count_name,
                "type": "line",
                "xAxisIndex": 1,
                "yAxisIndex": 3,
                "data": [b["count"] for b in bands],
            },
        ],
    }


class QuotaCheckView(LoginRequiredMixin, View):
    """项目指标完成情况 (1233工程): required, achieved and missing per band and per unit."""

    def get(self, request):
        regions = (
            policy.scope(request.user, Region)
            .filter(project_quotas__isnull=False)
            .distinct()
            .order_by("code")
        )
        code = request.GET.get("region") or (regions[0].code if regions else "")
        try:
            year = int(request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        region = policy.scope(request.user, Region).filter(code=code).first() if code else None
        result = selectors.quota_check(region=region, year=year) if region else None
        ctx = {
            "title": _("项目指标完成情况"),
            "breadcrumbs": [{"label": _("项目"), "url": None}, {"label": _("指标完成情况"), "url": None}],
            "regions": regions,
            "region": region,
            "year": year,
            "result": result,
        }
        return render(request, "projects/quota_check.html", ctx)


urlpatterns = [
    path("mine/", MyProjectsView.as_view(), name="my_projects"),
    path("quotas/check/", QuotaCheckView.as_view(), name="quota_check"),
    path("clusters/<int:pk>/", ClusterProjectsView.as_view(), name="cluster_projects"),
    path("<int:pk>/transition/", ProjectTransitionView.as_view(), name="transition"),
    path("<int:pk>/<str:what>/", ProjectChildView.as_view(), name="child"),
    path("<int:pk>/<str:what>/<int:child_pk>/", ProjectChildView.as_view(), name="child_item"),
]
