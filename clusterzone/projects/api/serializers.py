from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from clusterzone.accounts.models import OrgUnit, User
from clusterzone.core.api import InputSerializer, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from clusterzone.core.units import round_pct
from clusterzone.registry.models import Cluster, Enterprise, Industry, IndustryCategory

from ..choices import Stage
from ..models import Project, ProjectInvestment, ProjectMilestone, Quota, UnitQuota
from ..selectors import investment_share


class ProjectSerializer(serializers.ModelSerializer):
    cluster = serializers.CharField(source="cluster.code", read_only=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    industry = serializers.CharField(source="industry.code", read_only=True, default=None)
    category = serializers.CharField(source="category.name", read_only=True, default=None)
    leader_name = serializers.SerializerMethodField()
    band_label = serializers.CharField(source="get_band_display", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    invested = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    invested_share = serializers.SerializerMethodField()
    overdue_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id", "code", "name", "cluster", "cluster_name", "investor", "investor_name", "industry",
            "category", "kind", "total_investment", "band", "band_label", "key_level", "land_area",
            "stage", "stage_label", "stage_date", "planned_sign_date", "sign_date",
            "planned_start_date", "start_date", "planned_production_date", "production_date",
            "leader", "leader_name", "attracted_by", "terminated_reason", "invested",
            "invested_share", "overdue_count", "updated_at",
        ]  # fmt: skip

    def get_leader_name(self, obj) -> str | None:
        return (obj.leader.full_name or obj.leader.username) if obj.leader_id else None

    def get_invested_share(self, obj) -> float | None:
        return round_pct(investment_share(getattr(obj, "invested", 0), obj.total_investment))


class ProjectInputSerializer(InputSerializer):
    code = serializers.CharField(label=_("项目代码"), required=False, allow_blank=True, max_length=32)
    cluster = ScopedSlugRelatedField(slug_field="code", queryset=Cluster.objects.all(), label=_("集聚区代码"))
    investor = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    industry = serializers.SlugRelatedField(
        slug_field="code", queryset=Industry.objects.filter(level="division"), required=False, allow_null=True
    )
    category = serializers.SlugRelatedField(
        slug_field="name", queryset=IndustryCategory.objects.all(), required=False, allow_null=True
    )
    leader = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    attracted_by = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Project
        fields = [
            "code", "name", "cluster", "investor", "investor_name", "industry", "category", "kind",
            "total_investment", "key_level", "land_area", "stage", "planned_sign_date", "sign_date",
            "planned_start_date", "start_date", "planned_production_date", "production_date",
            "leader", "attracted_by", "terminated_reason", "description", "reason",
        ]  # fmt: skip
        validators = []
        extra_kwargs = {"stage": {"required": False}}


@extend_schema_serializer(component_name="ProjectTransition")
class TransitionSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(label=_("新阶段"), choices=Stage.choices)
    date = serializers.DateField(label=_("日期"), required=False)
    reason = serializers.CharField(label=_("说明"), required=False, allow_blank=True, max_length=2000)


class MilestoneSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()
    responsible_unit = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = ProjectMilestone
        fields = ["id", "name", "planned_date", "actual_date", "responsible_unit", "notes", "overdue"]
        validators = []

    def get_overdue(self, obj) -> bool:
        from django.utils import timezone

        return obj.is_overdue(timezone.localdate())


class InvestmentSerializer(serializers.ModelSerializer):
    period = serializers.CharField(label=_("月份"), max_length=7)

    class Meta:
        model = ProjectInvestment
        fields = ["id", "period", "year", "month", "amount"]
        read_only_fields = ["year", "month"]
        validators = []


class QuotaSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Quota
        fields = ["id", "region", "year", "min_amount", "max_amount", "count"]


class QuotaInputSerializer(InputSerializer):
    region = ScopedSlugRelatedField(
        slug_field="code", queryset=Quota._meta.get_field("region").related_model.objects.all()
    )

    class Meta:
        model = Quota
        fields = ["region", "year", "min_amount", "max_amount", "count", "reason"]
        validators = []


class UnitQuotaSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = UnitQuota
        fields = ["id", "unit", "unit_name", "year", "min_amount", "count", "basis"]


class TeamSerializer(serializers.Serializer):
    """The project's service team: user ids and unit ids (each list optional on PUT/PATCH;
    an omitted list is left unchanged, an empty list clears it)."""

    users = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        many=True,
        required=False,
        label=_("服务团队成员（用户编号）"),
    )
    units = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), many=True, required=False, label=_("服务团队单位（单位编号）")
    )


def team_data(project) -> dict:
    return {
        "users": [
            {"id": u.pk, "username": u.username, "name": u.full_name or u.username}
            for u in project.team_users.order_by("username")
        ],
        "units": [{"id": u.pk, "name": u.name} for u in project.team_units.order_by("name")],
    }
