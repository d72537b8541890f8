"""One FilterSet per listed model, shared by the list page, the API and the Excel export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.filters import PeriodPickFilter, RegionSubtreeFilter, ScopedPickFilter

from .choices import STAR_CHOICES, ClusterStatus
from .models import Cluster, Enterprise, EnterpriseContact, Industry, IndustryCategory


def cluster_options(user):
    """The clusters in the user's scope, by name, valued by code."""
    from clusterzone.accounts import policy

    return list(policy.scope(user, Cluster).order_by("region__path", "code").values_list("code", "name"))


class ClusterPickFilter(ScopedPickFilter):
    """A cluster code filter (field_name like "cluster__code") picked by name from the scope."""

    options = staticmethod(cluster_options)


class ClusterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    code = django_filters.CharFilter(field_name="code", label=_("集聚区代码"))
    region = RegionSubtreeFilter(field_name="region", label=_("行政区划"))
    status = django_filters.ChoiceFilter(
        label=_("类别"), choices=ClusterStatus.choices, empty_label=_("全部")
    )
    star = django_filters.ChoiceFilter(label=_("星级"), choices=STAR_CHOICES, empty_label=_("全部"))
    industry = django_filters.ModelChoiceFilter(
        label=_("主导产业"),
        queryset=IndustryCategory.objects.all(),
        field_name="leading_industries__category",
        empty_label=_("全部"),
        distinct=True,
    )

    class Meta:
        model = Cluster
        fields = ["q", "code", "region", "status", "star", "industry"]

    def filter_q(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value))


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    cluster = ClusterPickFilter(field_name="cluster__code", label=_("集聚区"))
    region = RegionSubtreeFilter(field_name="cluster__region", label=_("行政区划"))
    industry = django_filters.ModelChoiceFilter(
        label=_("行业大类"), queryset=Industry.objects.filter(level="division"), to_field_name="code"
    )
    above_size = django_filters.BooleanFilter(label=_("规上企业"))
    high_tech = django_filters.BooleanFilter(label=_("高新技术企业"))
    leading = django_filters.BooleanFilter(label=_("龙头企业"))
    listing_reserve = django_filters.BooleanFilter(label=_("上市后备企业"))
    # the records behind a pre-filled report figure: ?source=<indicator code>&period=<period>
    source = django_filters.CharFilter(label=_("预填来源"), method="filter_source")
    period = PeriodPickFilter(
        label=_("报送期间"), method="filter_period", kinds="annual,quarterly,monthly,half_monthly"
    )

    class Meta:
        model = Enterprise
        fields = [
            "q",
            "cluster",
            "region",
            "industry",
            "above_size",
            "high_tech",
            "leading",
            "listing_reserve",
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
            Q(name__icontains=value) | Q(credit_code__icontains=value) | Q(org_code__icontains=value)
        )


class EnterpriseContactFilter(django_filters.FilterSet):
    cluster = ClusterPickFilter(field_name="enterprise__cluster__code", label=_("集聚区"))
    region = RegionSubtreeFilter(field_name="enterprise__cluster__region", label=_("行政区划代码"))
    leader = django_filters.CharFilter(field_name="leader__username", label=_("联系领导（用户名）"))
    protected = django_filters.BooleanFilter(label=_("挂牌保护"))

    class Meta:
        model = EnterpriseContact
        fields = ["cluster", "region", "leader", "protected"]
