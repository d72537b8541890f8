"""Output and input serializers of clusters and enterprises.

Output shows related objects by code and name; input takes relations by code (a cluster's
region by its region code, an enterprise's cluster by the cluster code and its industry by
the GB/T 4754 division code). Decimals are accepted as strings or numbers and shown as
strings. Model validation (full_clean) runs in the services and comes back keyed by field.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from clusterzone.accounts.api.serializers import RegionRefSerializer, UnitRefSerializer
from clusterzone.accounts.models import OrgUnit, Region, User
from clusterzone.core.api import InputSerializer, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField

from ..choices import IndustryLevel
from ..models import Cluster, ClusterIndustry, Enterprise, EnterpriseContact, Industry, SubZone


class SubZoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubZone
        fields = ["id", "name", "area", "focus"]
        read_only_fields = fields


class LeadingIndustrySerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name", read_only=True)
    category_id = serializers.IntegerField(read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = ClusterIndustry
        fields = ["category", "category_id", "role", "role_display"]
        read_only_fields = fields


class ClusterRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cluster
        fields = ["id", "code", "name"]
        read_only_fields = fields


class IndustryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["code", "name"]
        read_only_fields = fields


class ClusterSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    star_display = serializers.CharField(source="get_star_display", read_only=True)
    committee = UnitRefSerializer(read_only=True, allow_null=True)
    subzones = SubZoneSerializer(many=True, read_only=True)
    leading_industries = LeadingIndustrySerializer(many=True, read_only=True)
    enterprise_count = serializers.IntegerField(read_only=True, label=_("企业数"))

    class Meta:
        model = Cluster
        fields = [
            "id",
            "code",
            "name",
            "region",
            "status",
            "status_display",
            "planned_area",
            "built_area",
            "land_reserve",
            "star",
            "star_display",
            "founded",
            "committee",
            "notes",
            "subzones",
            "leading_industries",
            "enterprise_count",
            "updated_at",
        ]
        read_only_fields = fields


class ClusterDetailSerializer(ClusterSerializer):
    """One cluster, with its star history (each change and the assessment run that made it)."""

    star_history = serializers.SerializerMethodField(label=_("星级变化"))

    class Meta(ClusterSerializer.Meta):
        fields = [*ClusterSerializer.Meta.fields, "star_history"]
        read_only_fields = fields

    def get_star_history(self, obj) -> list:
        from .. import selectors

        return [{**c, "date": c["date"].isoformat()} for c in selectors.star_history(cluster=obj)]


class ClusterInputSerializer(InputSerializer):
    region = ScopedSlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), help_text=_("行政区划代码（6位）")
    )
    committee = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True, help_text=_("管委会（单位编号）")
    )

    class Meta:
        model = Cluster
        fields = [
            "code",
            "name",
            "region",
            "status",
            "planned_area",
            "built_area",
            "land_reserve",
            "star",
            "founded",
            "committee",
            "notes",
            "reason",
        ]


class EnterpriseFlagsSerializer(serializers.Serializer):
    above_size = serializers.BooleanField(required=False, label=_("规上企业"))
    high_tech = serializers.BooleanField(required=False, label=_("高新技术企业"))
    leading = serializers.BooleanField(required=False, label=_("龙头企业"))
    listing_reserve = serializers.BooleanField(required=False, label=_("上市后备企业"))


class EnterpriseSerializer(serializers.ModelSerializer):
    cluster = ClusterRefSerializer(read_only=True)
    industry = IndustryRefSerializer(read_only=True, allow_null=True)
    flags = EnterpriseFlagsSerializer(source="*", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "credit_code",
            "org_code",
            "name",
            "cluster",
            "industry",
            "flags",
            "employees",
            "registered_capital",
            "address",
            "updated_at",
        ]
        read_only_fields = fields


class EnterpriseInputSerializer(InputSerializer):
    """The four flags may be given as top-level booleans or as a `flags` object."""

    cluster = ScopedSlugRelatedField(
        slug_field="code", queryset=Cluster.objects.all(), help_text=_("集聚区代码")
    )
    industry = ScopedSlugRelatedField(
        slug_field="code",
        queryset=Industry.objects.filter(level=IndustryLevel.DIVISION),
        required=False,
        allow_null=True,
        help_text=_("国民经济行业大类代码（两位）"),
    )
    flags = EnterpriseFlagsSerializer(required=False, write_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "credit_code",
            "org_code",
            "name",
            "cluster",
            "industry",
            "above_size",
            "high_tech",
            "leading",
            "listing_reserve",
            "employees",
            "registered_capital",
            "address",
            "flags",
            "reason",
        ]

    def validate(self, attrs):
        flags = attrs.pop("flags", None) or {}
        attrs.update(flags)
        return attrs


class EnterpriseContactSerializer(serializers.ModelSerializer):
    """领导联系企业: the enterprise by credit code and name, the leader by user name."""

    enterprise = serializers.SerializerMethodField()
    leader = serializers.SlugRelatedField(slug_field="username", read_only=True)
    leader_name = serializers.CharField(source="leader.full_name", read_only=True)

    class Meta:
        model = EnterpriseContact
        fields = [
            "id", "enterprise", "leader", "leader_name", "since", "protected", "protected_from",
            "protected_until", "protection_rules", "note", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_enterprise(self, obj) -> dict:
        return {"id": obj.enterprise_id, "code": obj.enterprise.code, "name": obj.enterprise.name}


class EnterpriseContactInputSerializer(InputSerializer):
    enterprise = ScopedSlugRelatedField(
        slug_field="credit_code", queryset=Enterprise.objects.all(), help_text=_("企业统一社会信用代码")
    )
    leader = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), help_text=_("联系领导的用户名")
    )

    class Meta:
        model = EnterpriseContact
        fields = [
            "enterprise", "leader", "since", "protected", "protected_from", "protected_until",
            "protection_rules", "note", "reason",
        ]  # fmt: skip
