"""REST endpoints of the 约谈 list: /api/interviews/ (listed by the scheduled job: units red at
two monthly checks in a row) and `POST …/{id}/hold/` (the office records the talk)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.decorators import action

from clusterzone.core.api import IF_MATCH, ScopedModelViewSet

from .. import interviews
from ..interview_views import InterviewFilter
from ..models import Interview
from .meetings import _StepMixin


class RedItemSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="the month of the check, YYYY-MM")
    kind = serializers.ChoiceField(choices=[("problem", "问题"), ("action", "督办事项")])
    id = serializers.IntegerField()
    title = serializers.CharField()
    deadline = serializers.DateField()


class InterviewSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    red_items = RedItemSerializer(many=True, read_only=True)
    red_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Interview
        fields = ["id", "unit", "unit_name", "period", "red_items", "red_count", "status", "status_label",
                  "held_on", "notes", "lock_version", "updated_at"]  # fmt: skip


@extend_schema_serializer(component_name="InterviewHold")
class HoldSerializer(serializers.Serializer):
    held_on = serializers.DateField(label=_("约谈日期"))
    notes = serializers.CharField(label=_("约谈情况"))


class InterviewViewSet(_StepMixin, ScopedModelViewSet):
    """约谈名单: each entry is a unit with red items at the monthly checks of `period` and the
    month before, listed once by the scheduled job; status 待约谈 (pending) / 已约谈 (held).
    Filters: `period` (YYYY-MM), `status`."""

    model = Interview
    serializer_class = InterviewSerializer
    filterset_class = InterviewFilter
    ordering_fields = ["period", "id"]
    ordering = ["-period", "unit__name", "id"]
    http_method_names = ["get", "post", "head", "options"]
    service_object_name = "interview"

    def base_queryset(self, user):
        return interviews.interview_list(user=user)

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):  # listed by the scheduled job only
        from rest_framework import status
        from rest_framework.response import Response

        return Response(
            {"detail": _("约谈名单由系统按月度红灯检查生成。")}, status=status.HTTP_405_METHOD_NOT_ALLOWED
        )

    @extend_schema(request=HoldSerializer, responses=InterviewSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        """The office records the talk (`held_on`, `notes`): 待约谈 → 已约谈."""
        return self.step(request, HoldSerializer, interviews.interview_hold)
