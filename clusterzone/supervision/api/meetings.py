"""REST endpoints of meetings (联席会议 / 周例会 / 专题会), the topic library (议题库) with its
会前协调 steps, decisions as supervised action items (督办事项) with progress reports and the
office's closing, and the division-of-work tasks (重点工作分工) with their progress reports.

Lists of action items and tasks accept `as_of=YYYY-MM-DD` and carry `light` (as
/api/problems/ does); every list reads a fixed number of queries whatever its length. Writes
go through the services in `supervision.meetings` and `supervision.worktasks`; PUT/PATCH/
DELETE and the step actions accept If-Match (412 when the row has moved on)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core.api import (
    IF_MATCH,
    InputSerializer,
    ScopedModelViewSet,
    ScopedPrimaryKeyRelatedField,
    ScopedSlugRelatedField,
)
from clusterzone.core.exceptions import PermissionDenied

from .. import meetings, worktasks
from ..choices import Light
from ..meeting_views import ActionFilter
from ..models import ActionItem, ActionProgress, Meeting, Topic, WorkMilestone, WorkProgress, WorkTask
from ..worktask_views import WorkTaskFilter
from .serializers import ResponsibleUnitField
from .views import AS_OF, parse_as_of

# ---------------------------------------------------------------- shared


class UnitsField(ResponsibleUnitField):
    """Unit ids among the units the user may name (its region subtree and the regions above)."""


class _AsOfMixin:
    """`as_of` (default today) in the serializer context; lists attach their lights in one go."""

    light_rows = None  # staticmethod(rows, as_of) -> rows with `light`

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["as_of"] = parse_as_of(self.request.query_params.get("as_of") if self.request else None)
        return ctx

    def list(self, request, *args, **kwargs):
        if not policy.may(request.user, "view", policy.kind_of(self.model)):
            raise PermissionDenied()
        ctx = self.get_serializer_context()
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        rows = type(self).light_rows(page if page is not None else qs, ctx["as_of"])
        data = self.serializer_class(rows, many=True, context=ctx).data
        return self.get_paginated_response(data) if page is not None else Response(data)


class _StepMixin:
    """A step on one object: validate, lock the row when If-Match is sent, call the service."""

    def step(self, request, serializer_class, service, *, status_code=status.HTTP_200_OK, **fixed):
        s = serializer_class(data=request.data, context=self.get_serializer_context())
        s.is_valid(raise_exception=True)
        with transaction.atomic():
            obj = self.check_if_match(self.get_object())
            service(actor=request.user, **self._object_kwargs(obj), **s.validated_data, **fixed)
        return Response(self.output_data(obj), status=status_code)


@extend_schema_serializer(component_name="SupervisionProgress")
class ProgressSerializer(serializers.Serializer):
    """A progress report (进展报告)."""

    id = serializers.IntegerField(read_only=True)
    reported_on = serializers.DateField(required=False, label=_("报送日期"), help_text="default today")
    share = serializers.IntegerField(min_value=0, max_value=100, label=_("完成进度（%）"))
    content = serializers.CharField(label=_("进展情况"))
    reporter = serializers.CharField(source="reporter.__str__", read_only=True, default=None)
    at = serializers.DateTimeField(read_only=True)


def _light_field():
    return serializers.SerializerMethodField(
        help_text='"green" / "yellow" / "red" as of `as_of`; null when closed or unplanned'
    )


# ---------------------------------------------------------------- meetings


class ActionItemSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    topic = serializers.IntegerField(source="topic_id", read_only=True, allow_null=True)
    owner_unit = serializers.IntegerField(source="owner_unit_id", read_only=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    participants = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    planned = serializers.SerializerMethodField(help_text="planned share (%) as of `as_of`")
    actual = serializers.SerializerMethodField(help_text="the last reported share (%) by `as_of`")
    light = _light_field()

    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "meeting_title", "topic", "content", "owner_unit", "owner_unit_name",
                  "participants", "deadline", "deadline_warning", "status", "status_label", "planned", "actual",
                  "light", "closed_on", "closing_comment", "lock_version", "updated_at"]  # fmt: skip

    def _lit(self, obj):
        if not hasattr(obj, "light"):
            meetings.attach_action_lights([obj], self.context["as_of"])
        return obj

    def get_planned(self, obj) -> int:
        return self._lit(obj).planned

    def get_actual(self, obj) -> int:
        return self._lit(obj).actual

    def get_light(self, obj) -> Light | None:
        return self._lit(obj).light


class MeetingSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    convener = serializers.IntegerField(source="convener_id", read_only=True, allow_null=True)
    convener_name = serializers.CharField(source="convener.name", read_only=True, default=None)
    attendees = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "region", "region_name", "kind", "kind_label", "title", "held_on", "convener",
                  "convener_name", "chair", "attendees", "minutes", "lock_version", "updated_at"]  # fmt: skip


class MeetingInputSerializer(InputSerializer):
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all(), label=_("区划代码"))
    convener = UnitsField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True, label=_("召集单位")
    )
    attendees = UnitsField(queryset=OrgUnit.objects.all(), many=True, required=False, label=_("参会单位"))

    class Meta:
        model = Meeting
        fields = ["region", "kind", "title", "held_on", "convener", "chair", "attendees", "minutes", "reason"]


@extend_schema_serializer(component_name="MeetingDecision")
class DecisionSerializer(serializers.Serializer):
    content = serializers.CharField(label=_("议定事项"))
    owner_unit = UnitsField(queryset=OrgUnit.objects.all(), label=_("责任单位"))
    participants = UnitsField(queryset=OrgUnit.objects.all(), many=True, required=False, label=_("配合单位"))
    deadline = serializers.DateField(required=False, label=_("完成时限"))
    deadline_days = serializers.IntegerField(
        required=False, min_value=1, max_value=365, label=_("期限（工作日）"),
        help_text="the N-th Chinese working day after the meeting day",
    )  # fmt: skip
    topic = ScopedPrimaryKeyRelatedField(
        queryset=Topic.objects.all(), required=False, allow_null=True, label=_("议题")
    )

    def validate(self, attrs):
        if not attrs.get("deadline") and not attrs.get("deadline_days"):
            raise serializers.ValidationError(
                {"deadline": [_("请填写完成时限（deadline 或 deadline_days）。")]}
            )
        return attrs


@extend_schema_view(
    update=extend_schema(parameters=[IF_MATCH]),
    partial_update=extend_schema(parameters=[IF_MATCH]),
)
class MeetingViewSet(ScopedModelViewSet):
    """会议: joint meetings (联席会议), weekly meetings on major projects (周例会) and special
    meetings (专题会). Filters: `kind`, `region` (code). `POST …/{id}/decisions/` records a
    decision as a supervised action item."""

    model = Meeting
    serializer_class = MeetingSerializer
    input_serializer_class = MeetingInputSerializer
    filterset_fields = {"kind": ["exact"], "region__code": ["exact"], "held_on": ["gte", "lte"]}
    search_fields = ["title"]
    ordering_fields = ["held_on", "id"]
    ordering = ["-held_on", "-id"]
    service_object_name = "meeting"
    save_service = staticmethod(meetings.meeting_save)
    delete_service = staticmethod(meetings.meeting_delete)

    def base_queryset(self, user):
        return meetings.meeting_list(user=user)

    @extend_schema(request=DecisionSerializer, responses={201: ActionItemSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk=None):
        """议定事项 → 督办事项: `content`, `owner_unit` (id), `participants` (ids), `deadline` or
        `deadline_days` (working days after the meeting), optional `topic` (id)."""
        meeting = self.get_object()
        s = DecisionSerializer(data=request.data, context=self.get_serializer_context())
        s.is_valid(raise_exception=True)
        item = meetings.decision_record(actor=request.user, meeting=meeting, **s.validated_data)
        fresh = meetings.action_list(user=request.user).get(pk=item.pk)
        ctx = {**self.get_serializer_context(), "as_of": parse_as_of(request.query_params.get("as_of"))}
        return Response(ActionItemSerializer(fresh, context=ctx).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- topics


class TopicSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    proposer_unit = serializers.IntegerField(source="proposer_unit_id", read_only=True)
    proposer_unit_name = serializers.CharField(source="proposer_unit.name", read_only=True)
    coordinating_unit = serializers.IntegerField(
        source="coordinating_unit_id", read_only=True, allow_null=True
    )
    coordinating_unit_name = serializers.CharField(
        source="coordinating_unit.name", read_only=True, default=None
    )
    meeting = serializers.IntegerField(source="meeting_id", read_only=True, allow_null=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True, default=None)
    problem = serializers.IntegerField(source="problem_id", read_only=True, allow_null=True)
    materials = serializers.FileField(read_only=True, use_url=True)

    class Meta:
        model = Topic
        fields = ["id", "region", "title", "description", "proposer_unit", "proposer_unit_name", "proposed_on",
                  "materials", "status", "status_label", "coordinating_unit", "coordinating_unit_name",
                  "opinion", "meeting", "meeting_title", "problem", "lock_version", "updated_at"]  # fmt: skip


class TopicInputSerializer(InputSerializer):
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all(), label=_("区划代码"))
    proposer_unit = UnitsField(queryset=OrgUnit.objects.all(), label=_("提出单位"))
    proposed_on = serializers.DateField(required=False, help_text="default today")

    class Meta:
        model = Topic
        fields = ["region", "title", "description", "proposer_unit", "proposed_on", "reason"]


@extend_schema_serializer(component_name="TopicCoordinate")
class CoordinateSerializer(serializers.Serializer):
    opinion = serializers.CharField(label=_("协调意见"))
    coordinating_unit = UnitsField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True, label=_("协调单位"),
        help_text="default the user's unit",
    )  # fmt: skip


@extend_schema_serializer(component_name="TopicSchedule")
class ScheduleSerializer(serializers.Serializer):
    meeting = ScopedPrimaryKeyRelatedField(queryset=Meeting.objects.all(), label=_("上会会议"))


@extend_schema_serializer(component_name="TopicDecline")
class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("不上会理由"))


def _topic_save(*, actor, topic, data, reason=None):
    return meetings.topic_save(actor=actor, topic=topic, data=data, reason=reason)


@extend_schema_view(
    update=extend_schema(parameters=[IF_MATCH]),
    partial_update=extend_schema(parameters=[IF_MATCH]),
)
class TopicViewSet(_StepMixin, ScopedModelViewSet):
    """议题库: a unit proposes a topic; 会前协调 待协调 → 已协调 (`coordinate`, the coordinating
    unit's opinion) → 上会 (`schedule` on a meeting) / 不上会 (`decline` with a reason).
    Filters: `status`, `region__code`, `meeting`."""

    model = Topic
    serializer_class = TopicSerializer
    input_serializer_class = TopicInputSerializer
    filterset_fields = {"status": ["exact"], "region__code": ["exact"], "meeting": ["exact"]}
    search_fields = ["title"]
    ordering_fields = ["proposed_on", "id"]
    ordering = ["-proposed_on", "-id"]
    service_object_name = "topic"
    save_service = staticmethod(_topic_save)

    def base_queryset(self, user):
        return meetings.topic_list(user=user)

    @extend_schema(request=CoordinateSerializer, responses=TopicSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def coordinate(self, request, pk=None):
        """会前协调: the coordinating unit's `opinion`; 待协调 → 已协调."""
        return self.step(request, CoordinateSerializer, meetings.topic_coordinate)

    @extend_schema(request=ScheduleSerializer, responses=TopicSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None):
        """上会: a coordinated topic on the agenda of `meeting` (id, same region)."""
        return self.step(request, ScheduleSerializer, meetings.topic_schedule)

    @extend_schema(request=DeclineSerializer, responses=TopicSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """不上会 with `reason`."""
        return self.step(request, DeclineSerializer, meetings.topic_decline)


# ---------------------------------------------------------------- action items (督办事项)


@extend_schema_serializer(component_name="ActionItemClose")
class ActionCloseSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, label=_("办结意见"))
    on = serializers.DateField(required=False, label=_("办结日期"), help_text="default today")


@extend_schema_view(list=extend_schema(parameters=[AS_OF]), retrieve=extend_schema(parameters=[AS_OF]))
class ActionItemViewSet(_AsOfMixin, _StepMixin, ScopedModelViewSet):
    """督办事项: the decisions of meetings, each with its owner unit, deadline, `planned` and
    `actual` shares and `light` as of `as_of` (the worse of the deadline and the schedule).
    Created by `POST /api/meetings/{id}/decisions/`; the owner unit reports progress
    (`report`), the office closes (`close`). Filters: `status`, `owner_unit` (id), `q`."""

    model = ActionItem
    serializer_class = ActionItemSerializer
    filterset_class = ActionFilter
    ordering_fields = ["deadline", "id"]
    ordering = ["deadline", "id"]
    http_method_names = ["get", "post", "head", "options"]
    service_object_name = "item"
    light_rows = staticmethod(meetings.attach_action_lights)

    def base_queryset(self, user):
        return meetings.action_list(user=user)

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):  # decisions are recorded on their meeting
        return Response(
            {"detail": _("请通过 POST /api/meetings/{id}/decisions/ 记录议定事项。")},
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
        )

    @extend_schema(request=ProgressSerializer, responses=ActionItemSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """进展报告 of the owner unit: `share` (0–100), `content`, optional `reported_on`."""
        return self.step(request, ProgressSerializer, meetings.action_report)

    @extend_schema(request=ActionCloseSerializer, responses=ActionItemSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """办结 by the office after checking, with an optional `comment`."""
        return self.step(request, ActionCloseSerializer, meetings.action_close)

    @extend_schema(responses=ProgressSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def reports(self, request, pk=None):
        """The progress reports, oldest first."""
        item = self.get_object()
        rows = (
            ActionProgress.objects.filter(item=item).select_related("reporter").order_by("reported_on", "id")
        )
        return Response(ProgressSerializer(rows, many=True).data)


# ---------------------------------------------------------------- division of work (重点工作分工)


@extend_schema_serializer(component_name="WorkMilestone")
class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkMilestone
        fields = ["id", "due", "planned_share", "description"]


class WorkTaskSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    lead_unit = serializers.IntegerField(source="lead_unit_id", read_only=True, allow_null=True)
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True, default=None)
    participants = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    participants_label = serializers.CharField(read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    planned = serializers.SerializerMethodField(help_text="planned share (%) as of `as_of`; null unplanned")
    actual = serializers.SerializerMethodField(help_text="the last reported share (%) by `as_of`")
    light = _light_field()

    class Meta:
        model = WorkTask
        fields = ["id", "region", "year", "number", "position", "is_heading", "heading", "title", "lead_unit",
                  "lead_unit_name", "participants", "all_members", "participants_label", "target", "milestones",
                  "planned", "actual", "light", "lock_version", "updated_at"]  # fmt: skip

    def _lit(self, obj):
        if not hasattr(obj, "light"):
            worktasks.attach_task_lights([obj], self.context["as_of"])
        return obj

    def get_planned(self, obj) -> int | None:
        return self._lit(obj).planned

    def get_actual(self, obj) -> int:
        return self._lit(obj).actual

    def get_light(self, obj) -> Light | None:
        return self._lit(obj).light


class WorkTaskInputSerializer(InputSerializer):
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all(), label=_("区划代码"))
    lead_unit = UnitsField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True, label=_("牵头单位")
    )
    participants = UnitsField(queryset=OrgUnit.objects.all(), many=True, required=False, label=_("参加单位"))

    class Meta:
        model = WorkTask
        fields = ["region", "year", "number", "position", "is_heading", "heading", "title", "lead_unit",
                  "participants", "all_members", "target", "reason"]  # fmt: skip


@extend_schema_serializer(component_name="WorkMilestoneInput")
class MilestoneInputSerializer(serializers.Serializer):
    due = serializers.DateField(label=_("计划完成日期"))
    planned_share = serializers.IntegerField(min_value=0, max_value=100, label=_("计划进度（%）"))
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF]),
    retrieve=extend_schema(parameters=[AS_OF]),
    update=extend_schema(parameters=[IF_MATCH]),
    partial_update=extend_schema(parameters=[IF_MATCH]),
)
class WorkTaskViewSet(_AsOfMixin, _StepMixin, ScopedModelViewSet):
    """重点工作分工: yearly tasks under headings with the lead unit (牵头单位), participating
    units (参加单位), target, planned milestones and the schedule `light` as of `as_of`. The
    lead unit reports progress (`report`); the office adds milestones (`milestones`).
    Filters: `year`, `lead_unit` (id), `q`."""

    model = WorkTask
    serializer_class = WorkTaskSerializer
    input_serializer_class = WorkTaskInputSerializer
    filterset_class = WorkTaskFilter
    ordering_fields = ["year", "position", "id"]
    ordering = ["-year", "position", "id"]
    service_object_name = "task"
    save_service = staticmethod(worktasks.task_save)
    delete_service = staticmethod(worktasks.task_delete)
    light_rows = staticmethod(worktasks.attach_task_lights)

    def base_queryset(self, user):
        return worktasks.task_list(user=user)

    @extend_schema(request=ProgressSerializer, responses=WorkTaskSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """进展报告 of the lead unit: `share` (0–100), `content`, optional `reported_on`."""
        return self.step(request, ProgressSerializer, worktasks.progress_report)

    @extend_schema(request=MilestoneInputSerializer, responses={201: WorkTaskSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        """A planned milestone (计划节点): by `due` the task is `planned_share` percent done."""
        return self.step(
            request, MilestoneInputSerializer, worktasks.milestone_add, status_code=status.HTTP_201_CREATED
        )

    @extend_schema(responses=ProgressSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def reports(self, request, pk=None):
        """The lead unit's progress reports, oldest first."""
        task = self.get_object()
        rows = WorkProgress.objects.filter(task=task).select_related("reporter").order_by("reported_on", "id")
        return Response(ProgressSerializer(rows, many=True).data)
