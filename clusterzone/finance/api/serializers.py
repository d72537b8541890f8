"""Output and input serializers of the finance module. Banks are given by their unit id, the
borrower by its unified social credit code or organisation code, a cluster by its code, a
project by its code (一项一码); every relation is looked up in the user's scope. Amounts are
万元 strings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit, Region, User
from clusterzone.core.api import InputSerializer, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from clusterzone.core.validators import normalize_credit_code, normalize_org_code
from clusterzone.investment.models import Lead
from clusterzone.projects.models import Project
from clusterzone.registry.api.serializers import ClusterRefSerializer
from clusterzone.registry.models import Cluster, Enterprise

from .. import selectors
from ..choices import LoanKind, LoanStatus, ResponseKind
from ..models import (
    AttractedTax,
    FinancingNeed,
    FinancingPlatform,
    Guarantee,
    IncentiveRule,
    Loan,
    LoanParticipant,
    LoanStatusChange,
    MatchingEvent,
    NeedResponse,
    PlatformYear,
    ServicePairing,
    SuperiorFund,
    TaxSharingRule,
)


class BankField(serializers.PrimaryKeyRelatedField):
    """A bank (a unit of kind 金融机构) by its id. Any bank may be named (a syndicate's
    participants sit anywhere), but only banks."""

    default_error_messages = {
        "does_not_exist": _("未找到编号为“{pk_value}”的金融机构。"),
        "incorrect_type": _("编号应为整数。"),
    }

    def __init__(self, **kw):
        kw.setdefault("queryset", OrgUnit.objects.filter(kind=UnitKind.BANK))
        super().__init__(**kw)


@extend_schema_field(OpenApiTypes.STR)
class EnterpriseCodeField(serializers.Field):
    """An enterprise by its 统一社会信用代码 or 组织机构代码, among those the user may see."""

    default_error_messages = {
        "not_found": _("未找到代码为“{value}”的企业，或该企业不在您的权限范围内。"),
    }

    def to_internal_value(self, data):
        text = str(data or "").strip()
        request = self.context.get("request")
        qs = policy.scope(getattr(request, "user", None), Enterprise).select_related(
            "cluster", "cluster__region"
        )
        found = (
            qs.filter(credit_code=normalize_credit_code(text)).first()
            or qs.filter(org_code=normalize_org_code(text)).first()
        )
        if found is None:
            self.fail("not_found", value=text)
        return found

    def to_representation(self, value):
        return value.code


class EnterpriseRefSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    cluster = serializers.CharField(source="cluster.code", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "code", "name", "cluster"]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    lender_name = serializers.CharField(source="lender.name", read_only=True)

    class Meta:
        model = LoanParticipant
        fields = ["lender", "lender_name", "share"]
        read_only_fields = fields


class ParticipantInputSerializer(serializers.Serializer):
    lender = BankField()
    share = serializers.DecimalField(max_digits=14, decimal_places=2)


class LoanSerializer(serializers.ModelSerializer):
    lender_name = serializers.CharField(source="lender.name", read_only=True)
    borrower = EnterpriseRefSerializer(read_only=True)
    cluster = ClusterRefSerializer(source="borrower.cluster", read_only=True)
    project = serializers.CharField(source="project.code", read_only=True, allow_null=True, default=None)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Loan
        fields = [
            "id", "lender", "lender_name", "borrower", "cluster", "project", "amount", "balance", "kind",
            "kind_display", "issued_on", "maturity", "rate", "collateral", "status", "status_display",
            "status_since", "participants", "notes", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class LoanInputSerializer(InputSerializer):
    lender = BankField(label=_("贷款银行"))
    borrower = EnterpriseCodeField(label=_("借款企业（统一社会信用代码或组织机构代码）"))
    project = ScopedSlugRelatedField(
        slug_field="code", queryset=Project.objects.all(), required=False, allow_null=True
    )
    participants = ParticipantInputSerializer(many=True, required=False)
    status = serializers.ChoiceField(choices=LoanStatus.choices, required=False)

    class Meta:
        model = Loan
        fields = [
            "lender", "borrower", "project", "amount", "balance", "kind", "issued_on", "maturity", "rate",
            "collateral", "status", "status_since", "participants", "notes", "reason",
        ]  # fmt: skip
        extra_kwargs = {"balance": {"required": False}, "status_since": {"required": False}}


class LoanStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=LoanStatus.choices, required=False)
    date = serializers.DateField(required=False)
    balance = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True)


class LoanStatusChangeSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = LoanStatusChange
        fields = ["from_status", "to_status", "date", "balance", "actor", "reason"]
        read_only_fields = fields


class LoanFiguresSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    balance = serializers.CharField()
    balance_last_year = serializers.CharField()
    growth = serializers.FloatField(allow_null=True)
    disbursed = serializers.CharField()
    npl = serializers.CharField()
    npl_ratio = serializers.FloatField(allow_null=True)
    loans = serializers.IntegerField()


class SuperiorFundSerializer(serializers.ModelSerializer):
    cluster = ClusterRefSerializer(read_only=True)
    project = serializers.CharField(source="project.code", read_only=True, allow_null=True, default=None)
    source_display = serializers.CharField(source="get_source_display", read_only=True)

    class Meta:
        model = SuperiorFund
        fields = [
            "id", "cluster", "project", "source", "source_display", "programme", "amount_applied",
            "amount_approved", "amount_received", "applied_on", "approved_on", "received_on", "document",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class SuperiorFundInputSerializer(InputSerializer):
    cluster = ScopedSlugRelatedField(slug_field="code", queryset=Cluster.objects.all())
    project = ScopedSlugRelatedField(
        slug_field="code", queryset=Project.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = SuperiorFund
        fields = [
            "cluster", "project", "source", "programme", "amount_applied", "amount_approved",
            "amount_received", "applied_on", "approved_on", "received_on", "document", "reason",
        ]  # fmt: skip


class PlatformYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlatformYear
        fields = ["year", "net_assets", "financing_raised"]


class FinancingPlatformSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    cluster = serializers.CharField(source="cluster.code", read_only=True, allow_null=True, default=None)
    years = PlatformYearSerializer(many=True, read_only=True)
    check = serializers.SerializerMethodField()

    class Meta:
        model = FinancingPlatform
        fields = [
            "id", "name", "region", "region_name", "cluster", "registered_capital", "net_assets_minimum",
            "financing_goal", "years", "check", "notes", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_check(self, obj):
        return selectors.platform_check(obj).as_dict()


class FinancingPlatformInputSerializer(InputSerializer):
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())
    cluster = ScopedSlugRelatedField(
        slug_field="code", queryset=Cluster.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = FinancingPlatform
        fields = [
            "name", "region", "cluster", "registered_capital", "net_assets_minimum", "financing_goal",
            "notes", "reason",
        ]  # fmt: skip


class PlatformYearInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    net_assets = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    financing_raised = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    reason = serializers.CharField(required=False, allow_blank=True)


# --------------------------------------------------------------------------- 银企对接


class BankRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "name"]
        read_only_fields = fields


class NeedResponseSerializer(serializers.ModelSerializer):
    bank = BankRefSerializer(read_only=True)
    need = serializers.IntegerField(source="need_id", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    officer = serializers.CharField(source="officer.username", read_only=True, allow_null=True, default=None)
    loan = serializers.IntegerField(source="loan_id", read_only=True, allow_null=True)

    class Meta:
        model = NeedResponse
        fields = ["id", "need", "bank", "kind", "kind_display", "reason", "amount", "responded_on", "officer",
                  "loan", "updated_at"]  # fmt: skip
        read_only_fields = fields


class FinancingNeedSerializer(serializers.ModelSerializer):
    enterprise = EnterpriseRefSerializer(read_only=True)
    banks = BankRefSerializer(many=True, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    responses = serializers.SerializerMethodField()
    clock = serializers.SerializerMethodField()

    class Meta:
        model = FinancingNeed
        fields = [
            "id", "enterprise", "amount", "purpose", "term_months", "collateral", "deadline", "open_to_all",
            "banks", "published_on", "respond_by", "status", "status_display", "responses", "clock", "notes",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(NeedResponseSerializer(many=True))
    def get_responses(self, obj):
        user = getattr(self.context.get("request"), "user", None)
        rows = [r for r in obj.responses.all() if policy.can(user, "view", r)]
        return NeedResponseSerializer(rows, many=True).data

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_clock(self, obj):
        # one working-day calendar for the whole page (the holiday overrides read once)
        if "calendar" not in self.context:
            self.context["calendar"] = selectors.clock_calendar()
        return selectors.need_clock(obj, calendar=self.context["calendar"]).as_dict()


class FinancingNeedInputSerializer(InputSerializer):
    enterprise = EnterpriseCodeField(label=_("企业（统一社会信用代码或组织机构代码）"))
    banks = BankField(many=True, required=False)

    class Meta:
        model = FinancingNeed
        fields = [
            "enterprise", "amount", "purpose", "term_months", "collateral", "deadline", "open_to_all", "banks",
            "published_on", "notes", "reason",
        ]  # fmt: skip
        extra_kwargs = {"published_on": {"required": False}}


class NeedRespondInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ResponseKind.choices)
    bank = BankField(required=False, help_text=_("办公室代银行登记时填写；银行用户为本行"))
    reason = serializers.CharField(required=False, allow_blank=True)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    responded_on = serializers.DateField(required=False)


class ResponseLoanInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LoanKind.choices, required=False)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    issued_on = serializers.DateField(required=False)
    maturity = serializers.DateField(required=False)
    rate = serializers.DecimalField(max_digits=6, decimal_places=3, required=False)
    collateral = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True)


class MatchingEventSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    banks = BankRefSerializer(many=True, read_only=True)
    enterprises = EnterpriseRefSerializer(many=True, read_only=True)
    needs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = MatchingEvent
        fields = ["id", "name", "region", "date", "banks", "enterprises", "needs", "amount_signed", "notes",
                  "updated_at"]  # fmt: skip
        read_only_fields = fields


class MatchingEventInputSerializer(InputSerializer):
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())
    banks = BankField(many=True, required=False)
    enterprises = serializers.ListField(child=EnterpriseCodeField(), required=False)
    needs = ScopedPrimaryKeyRelatedField(many=True, queryset=FinancingNeed.objects.all(), required=False)

    class Meta:
        model = MatchingEvent
        fields = [
            "name",
            "region",
            "date",
            "banks",
            "enterprises",
            "needs",
            "amount_signed",
            "notes",
            "reason",
        ]


class ServicePairingSerializer(serializers.ModelSerializer):
    officer = serializers.CharField(source="officer.username", read_only=True)
    officer_name = serializers.CharField(source="officer.full_name", read_only=True)
    bank = BankRefSerializer(read_only=True)
    enterprise = EnterpriseRefSerializer(read_only=True)

    class Meta:
        model = ServicePairing
        fields = ["id", "officer", "officer_name", "bank", "enterprise", "since", "until", "updated_at"]
        read_only_fields = fields


class ServicePairingInputSerializer(InputSerializer):
    officer = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(unit__kind=UnitKind.BANK)
    )
    enterprise = EnterpriseCodeField()

    class Meta:
        model = ServicePairing
        fields = ["officer", "enterprise", "since", "until", "reason"]


class GuaranteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Guarantee
        fields = ["id", "loan", "guarantor", "amount", "start", "end", "updated_at"]
        read_only_fields = fields


class GuaranteeInputSerializer(InputSerializer):
    loan = ScopedPrimaryKeyRelatedField(queryset=Loan.objects.all())

    class Meta:
        model = Guarantee
        fields = ["loan", "guarantor", "amount", "start", "end", "reason"]


# --------------------------------------------------------------------------- 税收分成


class TaxSharingRuleSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = TaxSharingRule
        fields = ["id", "region", "county_share", "unit_share", "cluster_share", "document", "updated_at"]
        read_only_fields = fields


class TaxSharingRuleInputSerializer(InputSerializer):
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = TaxSharingRule
        fields = ["region", "county_share", "unit_share", "cluster_share", "document", "reason"]


class AttractedTaxSerializer(serializers.ModelSerializer):
    lead = serializers.CharField(source="lead.code", read_only=True)
    company = serializers.CharField(source="lead.company", read_only=True)

    class Meta:
        model = AttractedTax
        fields = ["id", "lead", "company", "enterprise", "year", "tax", "updated_at"]
        read_only_fields = fields


class AttractedTaxInputSerializer(InputSerializer):
    lead = ScopedSlugRelatedField(slug_field="code", queryset=Lead.objects.all())
    enterprise = EnterpriseCodeField(required=False, allow_null=True)

    class Meta:
        model = AttractedTax
        fields = ["lead", "enterprise", "year", "tax", "reason"]


class IncentiveRuleSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = IncentiveRule
        fields = ["id", "region", "name", "basis", "rate", "cap", "updated_at"]
        read_only_fields = fields


class IncentiveRuleInputSerializer(InputSerializer):
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = IncentiveRule
        fields = ["region", "name", "basis", "rate", "cap", "reason"]
