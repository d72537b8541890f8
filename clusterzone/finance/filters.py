"""One FilterSet per listed model, shared by the list page, the API and the Excel export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.filters import PeriodPickFilter, ScopedRegionSubtreeFilter
from clusterzone.accounts.models import OrgUnit
from clusterzone.registry.filters import ClusterPickFilter

from .choices import FundSource, LoanKind, LoanStatus, NeedStatus
from .models import (
    FinancingNeed,
    FinancingPlatform,
    Guarantee,
    Loan,
    MatchingEvent,
    ServicePairing,
    SuperiorFund,
    TaxSharingRule,
)


class LoanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    lender = django_filters.ModelChoiceFilter(
        label=_("银行"), queryset=OrgUnit.objects.filter(kind=UnitKind.BANK), empty_label=_("全部"),
        method="filter_lender",
    )  # fmt: skip
    cluster = ClusterPickFilter(field_name="borrower__cluster__code", label=_("集聚区"))
    kind = django_filters.ChoiceFilter(label=_("贷款种类"), choices=LoanKind.choices, empty_label=_("全部"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=LoanStatus.choices, empty_label=_("全部"))
    issued_from = django_filters.DateFilter(field_name="issued_on", lookup_expr="gte", label=_("发放日期起"))
    issued_to = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte", label=_("发放日期止"))

    class Meta:
        model = Loan
        fields = ["q", "lender", "cluster", "kind", "status", "issued_from", "issued_to"]

    def filter_q(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            Q(borrower__name__icontains=value)
            | Q(borrower__credit_code__icontains=value)
            | Q(borrower__org_code__icontains=value)
        )

    def filter_lender(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            Q(lender=value) | Q(pk__in=Loan.objects.filter(participants__lender=value).values("pk"))
        )


class SuperiorFundFilter(django_filters.FilterSet):
    cluster = ClusterPickFilter(field_name="cluster__code", label=_("集聚区"))
    source = django_filters.ChoiceFilter(
        label=_("资金来源"), choices=FundSource.choices, empty_label=_("全部")
    )
    year = django_filters.NumberFilter(field_name="applied_on__year", label=_("申请年度"))
    # the records behind a pre-filled report figure: ?prefill=superior_funds&period=<period>
    prefill = django_filters.CharFilter(label=_("预填来源"), method="filter_prefill")
    period = PeriodPickFilter(
        label=_("报送期间"), method="filter_period", kinds="annual,quarterly,monthly,half_monthly"
    )

    class Meta:
        model = SuperiorFund
        fields = ["cluster", "source", "year", "prefill", "period"]

    def filter_prefill(self, qs, name, value):
        from clusterzone.reporting.prefill import source_queryset

        return source_queryset(value, self.data.get("period", ""), qs) if value else qs

    def filter_period(self, qs, name, value):
        return qs  # read by filter_prefill


class PlatformFilter(django_filters.FilterSet):
    region = ScopedRegionSubtreeFilter(field_name="region", label=_("区划"))
    cluster = ClusterPickFilter(field_name="cluster__code", label=_("集聚区"))

    class Meta:
        model = FinancingPlatform
        fields = ["region", "cluster"]


class NeedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("企业名称"))
    cluster = ClusterPickFilter(field_name="enterprise__cluster__code", label=_("集聚区"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=NeedStatus.choices, empty_label=_("全部"))

    class Meta:
        model = FinancingNeed
        fields = ["q", "cluster", "status"]


class MatchingEventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("活动名称"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("日期起"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("日期止"))

    class Meta:
        model = MatchingEvent
        fields = ["q", "date_from", "date_to"]


class PairingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="enterprise__name", lookup_expr="icontains", label=_("企业名称"))
    cluster = ClusterPickFilter(field_name="enterprise__cluster__code", label=_("集聚区"))

    class Meta:
        model = ServicePairing
        fields = ["q", "cluster"]


class GuaranteeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="guarantor", lookup_expr="icontains", label=_("担保人/担保机构"))
    cluster = ClusterPickFilter(field_name="loan__borrower__cluster__code", label=_("集聚区"))

    class Meta:
        model = Guarantee
        fields = ["q", "cluster"]


class TaxSharingRuleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="region__name", lookup_expr="icontains", label=_("行政区划"))

    class Meta:
        model = TaxSharingRule
        fields = ["q"]
