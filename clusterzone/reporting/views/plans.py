"""Pages of multi-year plan milestones (规划节点目标, mounted under /reporting/):

  plans/ (?cluster=&plan=&year=&indicator=&region=, ?export=xlsx)   reporting:milestone_list
  plans/add/ (?cluster=CODE)                                        reporting:milestone_add
  plans/<pk>/, <pk>/edit/, <pk>/delete/                             reporting:milestone_detail/…

Policy kind "target" (a milestone is placed by its cluster): the joint-meeting office of the
cluster's region edits them, everyone in scope reads them. Every write goes through
reporting.targets.milestone_save / milestone_delete; the Excel import is the
"plan-milestones" importer (reporting/importers.py).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from clusterzone.accounts import policy
from clusterzone.accounts.filters import RegionSubtreeFilter
from clusterzone.core.tables import Column, Table
from clusterzone.core.views import ScopedDetailView, ServiceFormView
from clusterzone.registry.filters import ClusterPickFilter
from clusterzone.registry.models import Cluster

from ..models import Indicator, PlanMilestone

SECTION = gettext_lazy("统计报表")

MILESTONE_TABLE = Table(
    columns=[
        Column("cluster.code", gettext_lazy("集聚区代码"), page=False),
        Column(
            "cluster.name",
            gettext_lazy("集聚区"),
            order_by="cluster__name",
            link="reporting:milestone_detail",
        ),
        Column("plan", gettext_lazy("规划名称"), order_by="plan"),
        Column("year", gettext_lazy("目标年度"), order_by="year"),
        Column("indicator.name", gettext_lazy("指标"), order_by="indicator__order"),
        Column("indicator.code", gettext_lazy("指标代码"), page=False),
        Column("value_label", gettext_lazy("目标值"), order_by="value", align="end", excel=False),
        Column("value", gettext_lazy("目标值"), page=False),
        Column("indicator.unit", gettext_lazy("计量单位"), page=False),
    ],
    default_order="cluster__code,plan,year,indicator__order",
)


class MilestoneFilter(django_filters.FilterSet):
    cluster = ClusterPickFilter(field_name="cluster__code", label=gettext_lazy("集聚区"))
    plan = django_filters.CharFilter(
        field_name="plan", lookup_expr="icontains", label=gettext_lazy("规划名称")
    )
    year = django_filters.NumberFilter(field_name="year", label=gettext_lazy("目标年度"))
    region = RegionSubtreeFilter(field_name="cluster__region", label=gettext_lazy("行政区划"))
    indicator = django_filters.ModelChoiceFilter(
        label=gettext_lazy("指标"),
        queryset=Indicator.objects.filter(formula=""),
        to_field_name="code",
        empty_label=gettext_lazy("全部"),
    )

    class Meta:
        model = PlanMilestone
        fields = ["cluster", "plan", "year", "region", "indicator"]


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = PlanMilestone
        fields = ["cluster", "plan", "indicator", "year", "value"]
        help_texts = {
            "plan": gettext_lazy("如“鲁山县产业集聚区发展规划（2021—2030年）”。"),
            "value": gettext_lazy("按指标的计量单位填写：金额为万元，如100亿填 1000000。"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = policy.scope(user, Cluster).select_related("region")
        self.fields["indicator"].queryset = Indicator.objects.filter(is_active=True, formula="")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


def milestone_list(user):
    """The plan milestones the user may see (policy scope), with what the list shows."""
    return policy.scope(user, PlanMilestone).select_related("cluster", "indicator")


class MilestoneDetailView(ScopedDetailView):
    def scoped_queryset(self, user):
        return milestone_list(user).select_related("cluster__region")


class MilestoneFormView(ServiceFormView):
    """Add a milestone for the current year, preset to the cluster named by ?cluster=CODE."""

    def new_instance(self):
        obj = PlanMilestone(year=timezone.localdate().year)
        code = self.request.GET.get("cluster")
        if code:
            obj.cluster = policy.scope(self.request.user, Cluster).filter(code=code).first()
        return obj
