"""Output and input serializers of leads and chains. Relations are taken by code (cluster
code, GB/T 4754 division code) or id (unit, leader, chain link), looked up in the user's
scope; amounts are 万元 strings."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from clusterzone.accounts.models import OrgUnit, User
from clusterzone.core.api import InputSerializer, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from clusterzone.projects.models import Project
from clusterzone.registry.api.serializers import ClusterRefSerializer, IndustryRefSerializer
from clusterzone.registry.models import Cluster, Enterprise, Industry, IndustryCategory

from ..choices import LeadStage
from ..models import Agreement, Chain, ChainLink, ChainPlacement, Lead, LeadFollowUp


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["signed_date", "amount", "document"]
        read_only_fields = fields


class LeadSerializer(serializers.ModelSerializer):
    cluster = ClusterRefSerializer(read_only=True)
    industry = IndustryRefSerializer(read_only=True, allow_null=True)
    category = serializers.CharField(source="category.name", read_only=True, allow_null=True, default=None)
    unit = serializers.CharField(source="unit.name", read_only=True, allow_null=True, default=None)
    unit_id = serializers.IntegerField(read_only=True, allow_null=True)
    leader = serializers.CharField(source="leader.username", read_only=True, allow_null=True, default=None)
    chain_link = serializers.CharField(
        source="chain_link.name", read_only=True, allow_null=True, default=None
    )
    chain_link_id = serializers.IntegerField(read_only=True, allow_null=True)
    source_region_display = serializers.CharField(source="get_source_region_display", read_only=True)
    company_type_display = serializers.CharField(source="get_company_type_display", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    last_followup = serializers.DateField(read_only=True, allow_null=True)
    agreement = serializers.SerializerMethodField()
    project_id = serializers.IntegerField(read_only=True, allow_null=True)
    project_code = serializers.CharField(source="project.code", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Lead
        fields = [
            "id", "code", "company", "project_name", "cluster", "source_region", "source_region_display",
            "company_type", "company_type_display", "industry", "category", "chain_link", "chain_link_id",
            "intended_investment", "unit", "unit_id", "leader", "contact", "first_contact", "stage",
            "stage_display", "stage_entered_at", "lost_reason", "last_followup", "agreement", "project_id",
            "project_code", "notes", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(AgreementSerializer(allow_null=True))
    def get_agreement(self, obj):
        agreement = getattr(obj, "agreement", None)
        return AgreementSerializer(agreement).data if agreement is not None else None


class LeadInputSerializer(InputSerializer):
    cluster = ScopedSlugRelatedField(slug_field="code", queryset=Cluster.objects.all(), label=_("集聚区代码"))
    industry = serializers.SlugRelatedField(
        slug_field="code", queryset=Industry.objects.filter(level="division"), required=False, allow_null=True
    )
    category = serializers.SlugRelatedField(
        slug_field="name", queryset=IndustryCategory.objects.all(), required=False, allow_null=True
    )
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), required=False, allow_null=True)
    leader = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    chain_link = ScopedPrimaryKeyRelatedField(
        queryset=ChainLink.objects.all(), required=False, allow_null=True
    )
    stage = serializers.ChoiceField(
        choices=[c for c in LeadStage.choices if c[0] in ("contact", "visit", "negotiate", "intent")],
        required=False,
    )

    class Meta:
        model = Lead
        fields = [
            "company", "project_name", "cluster", "source_region", "company_type", "industry", "category",
            "chain_link", "intended_investment", "unit", "leader", "contact", "first_contact", "stage", "notes",
            "reason",
        ]  # fmt: skip


@extend_schema_serializer(component_name="LeadTransition")
class TransitionSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=LeadStage.choices, label=_("新阶段"))
    date = serializers.DateField(required=False, label=_("日期"))
    reason = serializers.CharField(required=False, allow_blank=True, label=_("说明或流失原因"))
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, label=_("签约金额（万元）")
    )
    document = serializers.CharField(required=False, allow_blank=True, max_length=200)
    project_code = serializers.CharField(required=False, allow_blank=True, label=_("落地项目代码（可选）"))


class FollowUpSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = LeadFollowUp
        fields = ["id", "date", "kind", "kind_display", "content", "next_step", "next_date", "actor"]
        read_only_fields = ["id", "kind_display", "actor"]


class ChainLinkSerializer(serializers.ModelSerializer):
    segment_display = serializers.CharField(source="get_segment_display", read_only=True)
    divisions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = ChainLink
        fields = ["id", "segment", "segment_display", "name", "order", "divisions", "key_products"]
        read_only_fields = fields


class ChainSerializer(serializers.ModelSerializer):
    cluster = ClusterRefSerializer(read_only=True)
    category = serializers.CharField(source="category.name", read_only=True)
    links = ChainLinkSerializer(many=True, read_only=True)
    summary = serializers.DictField(read_only=True)

    class Meta:
        model = Chain
        fields = ["id", "cluster", "category", "name", "description", "links", "summary"]
        read_only_fields = fields


class ChainInputSerializer(InputSerializer):
    cluster = ScopedSlugRelatedField(slug_field="code", queryset=Cluster.objects.all())
    category = serializers.SlugRelatedField(slug_field="name", queryset=IndustryCategory.objects.all())

    class Meta:
        model = Chain
        fields = ["cluster", "category", "name", "description", "reason"]


class ChainLinkInputSerializer(InputSerializer):
    divisions = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Industry.objects.filter(level="division"), required=False,
        label=_("行业大类代码"),
    )  # fmt: skip

    class Meta:
        model = ChainLink
        fields = ["segment", "name", "order", "divisions", "key_products", "reason"]


class PlacementSerializer(serializers.ModelSerializer):
    link_name = serializers.CharField(source="link.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, default=None)
    project_code = serializers.CharField(source="project.code", read_only=True, default=None)
    project_name = serializers.CharField(source="project.name", read_only=True, default=None)

    class Meta:
        model = ChainPlacement
        fields = ["id", "link", "link_name", "enterprise", "enterprise_name", "project", "project_code",
                  "project_name", "note"]  # fmt: skip
        read_only_fields = fields


class PlacementInputSerializer(serializers.Serializer):
    link = serializers.IntegerField(label=_("环节编号"))
    enterprise = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True, label=_("企业编号")
    )
    project = ScopedPrimaryKeyRelatedField(
        queryset=Project.objects.all(), required=False, allow_null=True, label=_("项目编号")
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class FundsPaymentSerializer(serializers.ModelSerializer):
    """到资: one payment received against the lead's signed agreement."""

    class Meta:
        from ..models import FundsPayment

        model = FundsPayment
        fields = ["id", "date", "amount", "source_region", "evidence"]
        read_only_fields = ["id"]
