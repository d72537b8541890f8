from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from clusterzone.accounts.models import OrgUnit
from clusterzone.core.api import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from clusterzone.projects.models import Project
from clusterzone.registry.models import Cluster, Enterprise

from ..choices import Light, ProblemCategory, Satisfaction
from ..lights import attach_problem_lights
from ..models import Problem, ProblemAct


@extend_schema_field(OpenApiTypes.INT)
class ResponsibleUnitField(serializers.PrimaryKeyRelatedField):
    """A unit id among the units the user may assign problems to."""

    default_error_messages = ScopedPrimaryKeyRelatedField.default_error_messages

    def get_queryset(self):
        from ..selectors import responsible_units

        request = self.context.get("request")
        return responsible_units(user=getattr(request, "user", None))


class ProblemSerializer(serializers.ModelSerializer):
    cluster = serializers.CharField(source="cluster.code", read_only=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    project = serializers.CharField(source="project.code", read_only=True, allow_null=True, default=None)
    enterprise = serializers.CharField(
        source="enterprise.credit_code", read_only=True, allow_null=True, default=None
    )
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    level = serializers.CharField(
        source="level.name", read_only=True, help_text="the ladder level's Chinese name"
    )
    level_order = serializers.IntegerField(source="level.order", read_only=True)
    responsible_unit = serializers.IntegerField(source="responsible_unit_id", read_only=True)
    responsible_unit_name = serializers.CharField(source="responsible_unit.name", read_only=True)
    raised_by = serializers.CharField(source="raised_by.__str__", read_only=True, default=None)
    light = serializers.SerializerMethodField(
        help_text='"green" / "yellow" / "red" as of `as_of`; null when closed'
    )
    should_escalate = serializers.SerializerMethodField(help_text="应上报: overdue at a level below the top")

    class Meta:
        model = Problem
        fields = [
            "id", "cluster", "cluster_name", "project", "enterprise", "title", "category", "category_label",
            "description", "status", "status_label", "level", "level_order", "responsible_unit",
            "responsible_unit_name", "responsible_person", "raised_by", "raised_on", "deadline",
            "deadline_days", "deadline_warning", "light", "should_escalate", "satisfaction", "closed_on",
            "source_key", "updated_at",
        ]  # fmt: skip

    def _lit(self, obj):
        if not hasattr(obj, "light"):
            attach_problem_lights([obj], self.context["as_of"])
        return obj

    def get_light(self, obj) -> Light | None:
        return self._lit(obj).light

    def get_should_escalate(self, obj) -> bool:
        return self._lit(obj).should_escalate


class ProblemCreateSerializer(serializers.Serializer):
    cluster = ScopedSlugRelatedField(slug_field="code", queryset=Cluster.objects.all(), label=_("集聚区代码"))
    project = ScopedSlugRelatedField(
        slug_field="code",
        queryset=Project.objects.all(),
        required=False,
        allow_null=True,
        label=_("项目代码"),
    )
    enterprise = ScopedSlugRelatedField(
        slug_field="credit_code", queryset=Enterprise.objects.all(), required=False, allow_null=True,
        label=_("企业统一社会信用代码"),
    )  # fmt: skip
    title = serializers.CharField(max_length=200, label=_("问题"))
    category = serializers.ChoiceField(choices=ProblemCategory.choices, label=_("类别"))
    description = serializers.CharField(required=False, allow_blank=True, label=_("问题描述"))
    responsible_unit = ResponsibleUnitField(queryset=OrgUnit.objects.all(), label=_("责任单位"))
    responsible_person = serializers.CharField(required=False, allow_blank=True, max_length=50)
    raised_on = serializers.DateField(required=False, label=_("提出日期"), help_text="default today")
    deadline = serializers.DateField(required=False, label=_("办理期限"))
    deadline_days = serializers.IntegerField(
        required=False, min_value=1, max_value=365, label=_("期限（工作日）"),
        help_text="the N-th Chinese working day after raised_on",
    )  # fmt: skip

    def validate(self, attrs):
        if not attrs.get("deadline") and not attrs.get("deadline_days"):
            raise serializers.ValidationError(
                {"deadline": [_("请填写办理期限（deadline 或 deadline_days）。")]}
            )
        if attrs.get("deadline") and attrs.get("deadline_days"):
            raise serializers.ValidationError({"deadline": [_("办理期限请只填日期或工作日数之一。")]})
        return attrs


class AssignSerializer(serializers.Serializer):
    responsible_unit = ResponsibleUnitField(queryset=OrgUnit.objects.all(), required=False)
    responsible_person = serializers.CharField(required=False, allow_blank=True, max_length=50)
    deadline = serializers.DateField(required=False)
    deadline_days = serializers.IntegerField(required=False, min_value=1, max_value=365)
    comment = serializers.CharField(required=False, allow_blank=True)


class FeedbackSerializer(serializers.Serializer):
    comment = serializers.CharField(label=_("办理情况"))


class CloseSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, label=_("满意度"))
    comment = serializers.CharField(required=False, allow_blank=True)


@extend_schema_serializer(component_name="ProblemReason")
class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("原因"))


@extend_schema_serializer(component_name="ProblemEscalate")
class EscalateSerializer(ReasonSerializer):
    deadline = serializers.DateField(required=False)
    deadline_days = serializers.IntegerField(required=False, min_value=1, max_value=365)


class ProblemActSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    actor = serializers.CharField(source="actor.__str__", default=None)
    level = serializers.CharField(source="level.name")

    class Meta:
        model = ProblemAct
        fields = ["kind", "kind_label", "actor", "at", "on", "comment", "from_status", "to_status", "level",
                  "deadline", "satisfaction"]  # fmt: skip
