"""FilterSets shared by the project list page, the API and the Excel export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.filters import (
    PeriodPickFilter,
    RegionSubtreeFilter,
    ScopedPickFilter,
    ScopedRegionSubtreeFilter,
    leader_options,
)
from clusterzone.registry.filters import ClusterPickFilter

from .choices import Band, KeyLevel, ProjectKind, Stage
from .models import Project, Quota, UnitQuota


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    cluster = ClusterPickFilter(field_name="cluster__code", label=_("集聚区"))
    region = RegionSubtreeFilter(field_name="cluster__region", label=_("行政区划"))
    stage = django_filters.ChoiceFilter(label=_("阶段"), choices=Stage.choices, empty_label=_("全部"))
    band = django_filters.ChoiceFilter(label=_("规模档次"), choices=Band.choices, empty_label=_("全部"))
    kind = django_filters.ChoiceFilter(
        label=_("项目类别"), choices=ProjectKind.choices, empty_label=_("全部")
    )
    key_level = django_filters.ChoiceFilter(
        label=_("重点项目"), choices=[c for c in KeyLevel.choices if c[0]], empty_label=_("全部")
    )
    leader = ScopedPickFilter(field_name="leader_id", label=_("分包领导"), options=leader_options)
    # the records behind a pre-filled report figure: ?source=<indicator code>&period=<period>
    source = django_filters.CharFilter(label=_("预填来源"), method="filter_source")
    period = PeriodPickFilter(
        label=_("报送期间"), method="filter_period", kinds="annual,quarterly,monthly,half_monthly"
    )

    class Meta:
        model = Project
        fields = [
            "q",
            "cluster",
            "region",
            "stage",
            "band",
            "kind",
            "key_level",
            "leader",
            "source",
            "period",
        ]

    def filter_source(self, qs, name, value):
        from clusterzone.core.figures import figure_records

        return figure_records(value, self.data.get("period", ""), qs) if value else qs

    def filter_period(self, qs, name, value):
        return qs  # read by filter_source

    def filter_q(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(investor_name__icontains=value)
        )


class QuotaFilter(django_filters.FilterSet):
    region = ScopedRegionSubtreeFilter(field_name="region", label=_("行政区划"))
    year = django_filters.NumberFilter(label=_("年度"))

    class Meta:
        model = Quota
        fields = ["region", "year"]


class UnitQuotaFilter(django_filters.FilterSet):
    region = ScopedRegionSubtreeFilter(field_name="unit__region", label=_("行政区划"))
    year = django_filters.NumberFilter(label=_("年度"))
    basis = django_filters.ChoiceFilter(
        label=_("计算口径"), choices=UnitQuota._meta.get_field("basis").choices, empty_label=_("全部")
    )

    class Meta:
        model = UnitQuota
        fields = ["region", "year", "basis"]
