"""REST endpoints of the finance module: /api/loans/ (with POST …/status/ for a dated status
change and GET …/status-history/), /api/loan-figures/, /api/superior-funds/ (and
…/comparison/), /api/financing-platforms/ (with POST …/years/)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit
from clusterzone.core.api import ScopedModelViewSet
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.core.periods import Period, PeriodError

from .. import selectors, services
from ..filters import LoanFilter, PlatformFilter, SuperiorFundFilter
from ..models import (
    AttractedTax,
    FinancingNeed,
    FinancingPlatform,
    Guarantee,
    IncentiveRule,
    Loan,
    MatchingEvent,
    NeedResponse,
    ServicePairing,
    SuperiorFund,
    TaxSharingRule,
)
from .serializers import (
    AttractedTaxInputSerializer,
    AttractedTaxSerializer,
    FinancingNeedInputSerializer,
    FinancingNeedSerializer,
    FinancingPlatformInputSerializer,
    FinancingPlatformSerializer,
    GuaranteeInputSerializer,
    GuaranteeSerializer,
    IncentiveRuleInputSerializer,
    IncentiveRuleSerializer,
    LoanFiguresSerializer,
    LoanInputSerializer,
    LoanSerializer,
    LoanStatusChangeSerializer,
    LoanStatusInputSerializer,
    MatchingEventInputSerializer,
    MatchingEventSerializer,
    NeedRespondInputSerializer,
    NeedResponseSerializer,
    PlatformYearInputSerializer,
    ResponseLoanInputSerializer,
    ServicePairingInputSerializer,
    ServicePairingSerializer,
    SuperiorFundInputSerializer,
    SuperiorFundSerializer,
    TaxSharingRuleInputSerializer,
    TaxSharingRuleSerializer,
)


def _period(request, default=None) -> Period:
    text = request.query_params.get("period") or default
    if not text:
        raise DomainError(_("请指定期别（period），如 2025-04、2025Q1 或 2025。"), field="period")
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise DomainError(str(exc), field="period")


class FinanceViewSet(ScopedModelViewSet):
    """The shared shape of the finance endpoints: list and detail start from the app's
    selector (`selector`, the scoped and prefetched queryset of the kind), writes go through
    the services the subclass names (see ScopedModelViewSet); no FilterSet unless declared."""

    selector = None  # staticmethod(selectors.<noun>_list): selector(user=…) → queryset
    filterset_class = None

    def base_queryset(self, user):
        if self.selector is None:
            return super().base_queryset(user)
        return self.selector(user=user)


class LoanViewSet(FinanceViewSet):
    """贷款. The caller's scope: an office sees the loans of its region's enterprises, a bank's
    user the loans of its bank (as lender or as a participant of a syndicate). POST takes
    `lender` (bank unit id), `borrower` (credit or organisation code), `amount` (万元), `kind`
    (working_capital, project, mortgage, syndicated), `issued_on`, optional `project` (code),
    `maturity`, `rate`, `status` and, for syndicated, `participants` [{lender, share}] whose
    shares add up to the amount exactly."""

    model = Loan
    selector = staticmethod(selectors.loan_list)
    serializer_class = LoanSerializer
    input_serializer_class = LoanInputSerializer
    filterset_class = LoanFilter
    search_fields = ["borrower__name", "borrower__credit_code", "borrower__org_code"]
    ordering_fields = ["issued_on", "amount", "balance", "status", "updated_at"]
    ordering = ["-issued_on", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    service_object_name = "loan"
    create_service = staticmethod(services.loan_create)
    update_service = staticmethod(services.loan_update)
    delete_service = staticmethod(services.loan_delete)

    @extend_schema(request=LoanStatusInputSerializer, responses=LoanSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """A dated status change (or a new balance): status, date, balance, reason."""
        loan = self.get_object()
        if not policy.can(request.user, "change", loan):
            raise PermissionDenied()
        s = LoanStatusInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        loan = services.loan_status_change(
            actor=request.user, loan=loan, status=d.get("status"), when=d.get("date"),
            balance=d.get("balance"), reason=d.get("reason"),
        )  # fmt: skip
        return Response(self.output_data(loan))

    @extend_schema(responses=LoanStatusChangeSerializer(many=True), filters=False)
    @action(
        detail=True, methods=["get"], url_path="status-history", pagination_class=None, filter_backends=[]
    )
    def status_history(self, request, pk=None):
        loan = self.get_object()
        return Response(LoanStatusChangeSerializer(selectors.loan_status_history(loan), many=True).data)


class LoanFiguresView(APIView):
    """Loan balances at the period's end (with 同比), disbursed and non-performing amounts,
    `by` bank (default), region or cluster, over the caller's loans; `bank` (unit id) narrows
    to one bank's part."""

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, required=True),
            OpenApiParameter("by", str, enum=["bank", "region", "cluster"]),
            OpenApiParameter("bank", int),
        ],
        responses=LoanFiguresSerializer(many=True),
    )
    def get(self, request):
        if not policy.may(request.user, "view", "loan"):
            raise PermissionDenied()
        period = _period(request)
        by = request.query_params.get("by") or "bank"
        if by not in ("bank", "region", "cluster"):
            raise DomainError(_("by 应为 bank、region 或 cluster。"), field="by")
        bank = None
        if request.query_params.get("bank"):
            bank = OrgUnit.objects.filter(pk=request.query_params["bank"], kind="bank").first()
            if bank is None:
                raise DomainError(_("未找到该金融机构。"), field="bank")
        rows = selectors.loan_figures(user=request.user, period=period, by=by, bank=bank)
        return Response([r.as_dict() for r in rows])


class SuperiorFundViewSet(FinanceViewSet):
    """争取上级资金: per cluster (and optionally project), source (central, province, city),
    programme, amounts applied / approved / received and their dates."""

    model = SuperiorFund
    selector = staticmethod(selectors.superior_fund_list)
    serializer_class = SuperiorFundSerializer
    input_serializer_class = SuperiorFundInputSerializer
    filterset_class = SuperiorFundFilter
    search_fields = ["programme", "document"]
    ordering_fields = ["applied_on", "amount_applied", "amount_received", "updated_at"]
    ordering = ["cluster__code", "-applied_on", "id"]
    service_object_name = "fund"
    save_service = staticmethod(services.superior_fund_save)
    delete_service = staticmethod(services.superior_fund_delete)

    @extend_schema(parameters=[OpenApiParameter("period", str, required=True)], filters=False)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def comparison(self, request):
        """Per cluster in scope: the `superior_funds` figure drawn from these records beside the
        reported value of the same period; `flagged` when they differ."""
        if not policy.may(request.user, "view", "superiorfund"):
            raise PermissionDenied()
        period = _period(request)
        return Response(
            [r.as_dict() for r in selectors.superior_funds_comparison(user=request.user, period=period)]
        )


class FinancingPlatformViewSet(FinanceViewSet):
    """投融资平台: registered capital, goals, yearly net assets and financing raised, and the
    check of the latest year's net assets against the policy minimum (`check.meets`)."""

    model = FinancingPlatform
    selector = staticmethod(selectors.platform_list)
    serializer_class = FinancingPlatformSerializer
    input_serializer_class = FinancingPlatformInputSerializer
    filterset_class = PlatformFilter
    search_fields = ["name"]
    ordering_fields = ["name", "updated_at"]
    ordering = ["region__code", "name"]
    service_object_name = "platform"
    save_service = staticmethod(services.platform_save)
    delete_service = staticmethod(services.platform_delete)

    @extend_schema(request=PlatformYearInputSerializer, responses=FinancingPlatformSerializer)
    @action(detail=True, methods=["post"])
    def years(self, request, pk=None):
        """Record a year's net assets and financing raised."""
        platform = self.get_object()
        if not policy.can(request.user, "change", platform):
            raise PermissionDenied()
        s = PlatformYearInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        services.platform_year_set(
            actor=request.user, platform=platform, year=d["year"], net_assets=d["net_assets"],
            financing_raised=d.get("financing_raised") or 0, reason=d.get("reason"),
        )  # fmt: skip
        return Response(self.output_data(platform))


class FinancingNeedViewSet(FinanceViewSet):
    """融资需求 (银企对接): an enterprise's need (amount, purpose, term, collateral, deadline)
    published to chosen `banks` (unit ids) or to all banks of its region (`open_to_all`); the
    `clock` counts the banks' responses in working days against `respond_by`. A bank's user
    sees the needs published to its bank or to all. POST …/respond/ records the caller's
    bank's response; POST /api/need-responses/{id}/loan/ turns a granted credit into a loan."""

    model = FinancingNeed
    selector = staticmethod(selectors.need_list)
    serializer_class = FinancingNeedSerializer
    input_serializer_class = FinancingNeedInputSerializer
    search_fields = ["enterprise__name", "purpose"]
    ordering_fields = ["published_on", "amount", "respond_by", "updated_at"]
    ordering = ["-published_on", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    service_object_name = "need"
    create_service = staticmethod(services.need_publish)
    update_service = staticmethod(services.need_update)
    delete_service = staticmethod(services.need_delete)

    @extend_schema(request=NeedRespondInputSerializer, responses=NeedResponseSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """A bank's response: kind (interested, declined, granted), reason, amount."""
        need = self.get_object()
        s = NeedRespondInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        bank = d.get("bank")
        user_unit = request.user.unit if request.user.unit_id else None
        if bank is None:
            if user_unit is None or user_unit.kind != "bank":
                raise DomainError(_("请指定响应的银行。"), field="bank")
            bank = user_unit
        response = services.need_respond(
            actor=request.user, need=need, bank=bank, kind=d["kind"], reason=d.get("reason") or "",
            amount=d.get("amount"), responded_on=d.get("responded_on"),
        )  # fmt: skip
        return Response(NeedResponseSerializer(response).data, status=201)

    @extend_schema(filters=False)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def funnel(self, request):
        """The matching funnel: published → answered → granted → loan (counts, amounts, %)."""
        year = request.query_params.get("year")
        return Response(selectors.matching_funnel(user=request.user, year=int(year) if year else None))


class NeedResponseViewSet(FinanceViewSet):
    """银行响应: each bank sees its own responses; offices see all in scope."""

    model = NeedResponse
    selector = staticmethod(selectors.response_list)
    serializer_class = NeedResponseSerializer
    ordering_fields = ["responded_on", "updated_at"]
    ordering = ["-responded_on", "id"]
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        raise DomainError(_("请通过 /api/financing-needs/{id}/respond/ 登记响应。"))

    @extend_schema(request=ResponseLoanInputSerializer, responses=LoanSerializer)
    @action(detail=True, methods=["post"])
    def loan(self, request, pk=None):
        """Turn a granted credit into a loan (kind, issued_on, maturity, rate, collateral)."""
        response = self.get_object()
        s = ResponseLoanInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        reason = d.pop("reason", None)
        loan = services.response_to_loan(actor=request.user, response=response, data=d, reason=reason)
        return Response(LoanSerializer(loan).data, status=201)


class MatchingEventViewSet(FinanceViewSet):
    """银企对接活动: date, banks, enterprises, needs and the amount signed."""

    model = MatchingEvent
    selector = staticmethod(selectors.matching_event_list)
    serializer_class = MatchingEventSerializer
    input_serializer_class = MatchingEventInputSerializer
    search_fields = ["name"]
    ordering_fields = ["date", "amount_signed"]
    ordering = ["-date", "id"]
    service_object_name = "event"
    save_service = staticmethod(services.matching_event_save)
    delete_service = staticmethod(services.matching_event_delete)


class ServicePairingViewSet(FinanceViewSet):
    """金融服务员结对: a bank's user paired with an enterprise; …/assessment/ scores the
    officers on response time and outcomes."""

    model = ServicePairing
    selector = staticmethod(selectors.pairing_list)
    serializer_class = ServicePairingSerializer
    input_serializer_class = ServicePairingInputSerializer
    ordering_fields = ["since"]
    ordering = ["bank", "officer", "enterprise"]
    service_object_name = "pairing"
    save_service = staticmethod(services.pairing_save)
    delete_service = staticmethod(services.pairing_delete)

    @extend_schema(parameters=[OpenApiParameter("year", int)], filters=False)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def assessment(self, request):
        rows = selectors.officer_assessment(user=request.user, year=_year_param(request))
        return Response([r.as_dict() for r in rows])


class GuaranteeViewSet(FinanceViewSet):
    """贷款担保: guarantor, amount, loan, period (seen with the loan)."""

    model = Guarantee
    selector = staticmethod(selectors.guarantee_list)
    serializer_class = GuaranteeSerializer
    input_serializer_class = GuaranteeInputSerializer
    ordering_fields = ["start", "amount"]
    ordering = ["loan", "id"]
    service_object_name = "guarantee"
    save_service = staticmethod(services.guarantee_save)
    delete_service = staticmethod(services.guarantee_delete)


class TaxSharingRuleViewSet(FinanceViewSet):
    """税收分成规则: a region's percentages for the county, the attracting unit and the cluster
    (adding up to 100; seed 000: 60/20/20)."""

    model = TaxSharingRule
    serializer_class = TaxSharingRuleSerializer
    input_serializer_class = TaxSharingRuleInputSerializer
    ordering = ["region__code"]
    service_object_name = "rule"
    save_service = staticmethod(services.tax_rule_save)
    delete_service = staticmethod(services.tax_rule_delete)


class AttractedTaxViewSet(FinanceViewSet):
    """招商项目税收: an attracted (signed) lead's tax of a year, entered or read from the
    enterprise's annual figures (`enterprise`, `tax` empty)."""

    model = AttractedTax
    selector = staticmethod(selectors.attracted_tax_list)
    serializer_class = AttractedTaxSerializer
    input_serializer_class = AttractedTaxInputSerializer
    ordering = ["year", "id"]
    service_object_name = "tax"
    save_service = staticmethod(services.attracted_tax_save)
    delete_service = staticmethod(services.attracted_tax_delete)


class IncentiveRuleViewSet(FinanceViewSet):
    """招商奖励规则: rate (%) of a unit's yearly 到资, signed amount or tax share, capped."""

    model = IncentiveRule
    serializer_class = IncentiveRuleSerializer
    input_serializer_class = IncentiveRuleInputSerializer
    ordering = ["region__code", "name"]
    service_object_name = "rule"
    save_service = staticmethod(services.incentive_rule_save)
    delete_service = staticmethod(services.incentive_rule_delete)


class TaxSharingView(APIView):
    """The year's tax of attracted projects split per beneficiary (county, attracting unit,
    cluster), totals, and the attraction incentives per unit."""

    @extend_schema(parameters=[OpenApiParameter("year", int, required=True)], responses={200: dict})
    def get(self, request):
        if not policy.may(request.user, "view", "attractedtax"):
            raise PermissionDenied()
        year = _year_param(request, required=True)
        rows = selectors.tax_sharing(user=request.user, year=year)
        return Response({
            "year": year,
            "projects": [r.as_dict() for r in rows],
            "totals": selectors.tax_sharing_totals(rows),
            "incentives": selectors.incentives(user=request.user, year=year, rows=rows),
        })  # fmt: skip


router = SimpleRouter()
router.register("loans", LoanViewSet, basename="loan")
router.register("superior-funds", SuperiorFundViewSet, basename="superiorfund")
router.register("financing-platforms", FinancingPlatformViewSet, basename="financingplatform")
router.register("financing-needs", FinancingNeedViewSet, basename="financingneed")
router.register("need-responses", NeedResponseViewSet, basename="needresponse")
router.register("matching-events", MatchingEventViewSet, basename="matchingevent")
router.register("service-pairings", ServicePairingViewSet, basename="servicepairing")
router.register("guarantees", GuaranteeViewSet, basename="guarantee")
router.register("tax-sharing-rules", TaxSharingRuleViewSet, basename="taxsharingrule")
router.register("attracted-taxes", AttractedTaxViewSet, basename="attractedtax")
router.register("incentive-rules", IncentiveRuleViewSet, basename="incentiverule")

from django.urls import path  # noqa: E402

urlpatterns = [
    path("loan-figures/", LoanFiguresView.as_view(), name="loan-figures"),
    path("tax-sharing/", TaxSharingView.as_view(), name="tax-sharing"),
    *router.urls,
]


def _year_param(request, *, required=False):
    """The `year` query parameter as a year between 1900 and 2100 (400 with a Chinese message
    otherwise); None when absent and not required."""
    raw = request.query_params.get("year", "")
    if not raw and not required:
        return None
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not 1900 <= year <= 2100:
        raise DomainError(_("请指定年度（year），如 2025。"), field="year")
    return year
