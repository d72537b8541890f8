"""One FilterSet per listed model, shared by the list page, the API and the Excel export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.registry.filters import ClusterPickFilter
from clusterzone.registry.models import IndustryCategory

from .choices import ClockKind, CompanyType, LeadStage, SourceRegion
from .clocks import overdue_q
from .models import Chain, ClockRule, Lead


class LeadFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(
        label=_("责任单位"), queryset=OrgUnit.objects.all(), empty_label=_("全部")
    )
    cluster = ClusterPickFilter(field_name="cluster__code", label=_("集聚区"))
    stage = django_filters.ChoiceFilter(label=_("阶段"), choices=LeadStage.choices, empty_label=_("全部"))
    source_region = django_filters.ChoiceFilter(
        label=_("来源地"), choices=SourceRegion.choices, empty_label=_("全部")
    )
    company_type = django_filters.ChoiceFilter(
        label=_("企业类型"), choices=CompanyType.choices, empty_label=_("全部")
    )
    overdue = django_filters.BooleanFilter(label=_("已超时"), method="filter_overdue")

    class Meta:
        model = Lead
        fields = ["q", "unit", "cluster", "stage", "source_region", "company_type", "overdue"]

    def filter_q(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            Q(company__icontains=value) | Q(project_name__icontains=value) | Q(code__icontains=value)
        )

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        overdue = overdue_q()  # the stored clock deadline (clocks.refresh_deadlines)
        return qs.filter(overdue) if value else qs.exclude(overdue)


class ChainFilter(django_filters.FilterSet):
    cluster = ClusterPickFilter(field_name="cluster__code", label=_("集聚区"))
    category = django_filters.ModelChoiceFilter(
        label=_("主导产业"), queryset=IndustryCategory.objects.all(), empty_label=_("全部")
    )

    class Meta:
        model = Chain
        fields = ["cluster", "category"]


class ClockRuleFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("行政区划"), queryset=Region.objects.order_by("code"), empty_label=_("全部")
    )
    stage = django_filters.ChoiceFilter(label=_("时限类型"), choices=ClockKind.choices, empty_label=_("全部"))

    class Meta:
        model = ClockRule
        fields = ["region", "stage"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:  # only the regions the user's rules can be in
            self.filters["region"].queryset = policy.scope(request.user, Region).order_by("code")
            self.form.fields["region"].queryset = self.filters["region"].queryset
        self.form.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"
