from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusterzone.accounts.models import OrgUnit, User
from clusterzone.core.api import InputSerializer, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from clusterzone.projects.models import Project

from ..choices import CaseResult, PauseKind
from ..models import ApprovalCase, ApprovalMatter, ApprovalPause, ApprovalWindow, ParallelGroup


class MatterSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    window_name = serializers.CharField(source="window.name", read_only=True, default=None)
    group = serializers.CharField(source="group.code", read_only=True, default=None)

    class Meta:
        model = ApprovalMatter
        fields = [
            "id", "code", "name", "stage", "stage_label", "department", "department_name", "window",
            "window_name", "legal_basis", "statutory_days", "promised_days", "materials", "parallel",
            "group", "regional_assessment", "commitment", "active", "updated_at",
        ]  # fmt: skip


class MatterInputSerializer(InputSerializer):
    department = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), label=_("审批部门"))
    window = ScopedPrimaryKeyRelatedField(
        queryset=ApprovalWindow.objects.all(), required=False, allow_null=True, label=_("办理窗口")
    )
    group = ScopedSlugRelatedField(
        slug_field="code", queryset=ParallelGroup.objects.all(), required=False, allow_null=True,
        label=_("联审联批组"),
    )  # fmt: skip

    class Meta:
        model = ApprovalMatter
        fields = [
            "code", "name", "stage", "department", "window", "legal_basis", "statutory_days",
            "promised_days", "materials", "parallel", "group", "regional_assessment", "commitment",
            "active", "reason",
        ]  # fmt: skip


class PauseSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ApprovalPause
        fields = ["id", "kind", "kind_label", "reason", "started_on", "resumed_on"]


class CaseSerializer(serializers.ModelSerializer):
    """A case with its clock: `due`, `paused_days` (working days), `working_days_used`
    (completed cases), `on_time` (completed cases), `elapsed_days`, `overdue_days`."""

    project = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    matter = serializers.CharField(source="matter.code", read_only=True)
    matter_name = serializers.CharField(source="matter.name", read_only=True)
    stage = serializers.IntegerField(source="matter.stage", read_only=True)
    department = serializers.IntegerField(source="matter.department_id", read_only=True)
    group = serializers.CharField(source="group.code", read_only=True, default=None)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    pauses = PauseSerializer(many=True, read_only=True)
    limit_days = serializers.SerializerMethodField()
    due = serializers.SerializerMethodField()
    paused_days = serializers.SerializerMethodField()
    working_days_used = serializers.SerializerMethodField()
    elapsed_days = serializers.SerializerMethodField()
    on_time = serializers.SerializerMethodField()
    overdue_days = serializers.SerializerMethodField()

    class Meta:
        model = ApprovalCase
        fields = [
            "id", "project", "project_name", "matter", "matter_name", "stage", "department", "group",
            "status", "status_label", "applied_on", "accepted_on", "completed_on", "result",
            "result_reason", "agent", "handler", "notes", "pauses", "limit_days", "due", "paused_days",
            "working_days_used", "elapsed_days", "on_time", "overdue_days", "updated_at",
        ]  # fmt: skip

    def _clock(self, obj):
        if not hasattr(obj, "clock"):
            from ..selectors import case_with_clock

            case_with_clock(obj)
        return obj.clock

    def get_limit_days(self, obj) -> int | None:
        return self._clock(obj).limit

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_due(self, obj):
        return self._clock(obj).due

    def get_paused_days(self, obj) -> int:
        return self._clock(obj).paused_days

    def get_working_days_used(self, obj) -> int | None:
        return self._clock(obj).working_days_used

    def get_elapsed_days(self, obj) -> int | None:
        return self._clock(obj).elapsed_days

    def get_on_time(self, obj) -> bool | None:
        return self._clock(obj).on_time

    def get_overdue_days(self, obj) -> int:
        return self._clock(obj).overdue_days


class CaseInputSerializer(InputSerializer):
    project = ScopedSlugRelatedField(slug_field="code", queryset=Project.objects.all(), label=_("项目代码"))
    matter = ScopedSlugRelatedField(
        slug_field="code", queryset=ApprovalMatter.objects.all(), label=_("事项编码")
    )
    accepted_on = serializers.DateField(label=_("受理日期"), required=False, allow_null=True)
    agent = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    handler = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)

    class Meta:
        model = ApprovalCase
        fields = ["project", "matter", "applied_on", "accepted_on", "agent", "handler", "notes", "reason"]


class CaseUpdateSerializer(InputSerializer):
    agent = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    handler = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)

    class Meta:
        model = ApprovalCase
        fields = ["applied_on", "agent", "handler", "notes", "reason"]


class AcceptSerializer(serializers.Serializer):
    on = serializers.DateField(label=_("受理日期"))
    applied_on = serializers.DateField(label=_("申请日期"), required=False, allow_null=True)


class PauseInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PauseKind.choices, label=_("暂停类型"))
    reason = serializers.CharField(label=_("暂停原因"))
    on = serializers.DateField(label=_("暂停日期"))


class ResumeSerializer(serializers.Serializer):
    on = serializers.DateField(label=_("恢复日期"))


class CompleteSerializer(serializers.Serializer):
    on = serializers.DateField(label=_("办结日期"))
    result = serializers.ChoiceField(choices=CaseResult.choices, label=_("办理结果"))
    reason = serializers.CharField(label=_("不予许可理由"), required=False, allow_blank=True)
