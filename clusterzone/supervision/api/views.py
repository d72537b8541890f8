"""REST endpoints of the problem ledger: /api/problems/ (as_of=YYYY-MM-DD for the lights),
transitions as POST actions each calling one service, the acts and the history. The detail
carries the row version as its ETag; DELETE and the step actions accept If-Match (412 when the
problem has moved on since that version)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from clusterzone.accounts import policy
from clusterzone.core.api import IF_MATCH, ScopedModelViewSet
from clusterzone.core.exceptions import DomainError, PermissionDenied

from .. import selectors, services
from ..filters import ProblemFilter
from ..models import Problem
from .serializers import (
    AssignSerializer,
    CloseSerializer,
    EscalateSerializer,
    FeedbackSerializer,
    ProblemActSerializer,
    ProblemCreateSerializer,
    ProblemSerializer,
    ReasonSerializer,
)

AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description="the date of the lights (default today)")


def parse_as_of(value) -> date:
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError(_("as_of 应为日期（YYYY-MM-DD）。"), field="as_of")


@extend_schema_view(list=extend_schema(parameters=[AS_OF]), retrieve=extend_schema(parameters=[AS_OF]))
class ProblemViewSet(ScopedModelViewSet):
    """问题台账. Each problem carries its ladder `level`, its `deadline` and its `light`
    (green/yellow/red) as of `as_of`. Filters: `cluster` (code), `project` (code),
    `category`, `status`, `responsible_unit` (id), `q`."""

    model = Problem
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilter
    ordering_fields = ["raised_on", "deadline", "status", "id"]
    ordering = ["-raised_on", "-id"]
    http_method_names = ["get", "post", "delete", "head", "options"]
    service_object_name = "problem"
    delete_service = staticmethod(services.problem_delete)

    def base_queryset(self, user):
        return selectors.problem_list(user=user)

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["as_of"] = (
            parse_as_of(self.request.query_params.get("as_of")) if self.request else timezone.localdate()
        )
        return ctx

    def list(self, request, *args, **kwargs):
        if not policy.may(request.user, "view", "problem"):
            raise PermissionDenied()
        ctx = self.get_serializer_context()
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        rows = selectors.problem_rows(page if page is not None else qs, as_of=ctx["as_of"])
        data = self.serializer_class(rows, many=True, context=ctx).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=ProblemCreateSerializer, responses={201: ProblemSerializer})
    def create(self, request, *args, **kwargs):
        if not policy.may(request.user, "add", "problem"):
            raise PermissionDenied()
        s = ProblemCreateSerializer(data=request.data, context=self.get_serializer_context())
        s.is_valid(raise_exception=True)
        problem = services.problem_raise(actor=request.user, **s.validated_data)
        return Response(self.output_data(problem), status=status.HTTP_201_CREATED)

    def _transition(self, request, serializer_class, service, **fixed):
        s = serializer_class(data=request.data, context=self.get_serializer_context())
        s.is_valid(raise_exception=True)
        with transaction.atomic():
            problem = self.check_if_match(self.get_object())
            service(actor=request.user, problem=problem, **s.validated_data, **fixed)
        return Response(self.output_data(problem))

    @extend_schema(request=AssignSerializer, responses=ProblemSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """交办: to `responsible_unit` (id) / `responsible_person`, optional new deadline."""
        return self._transition(request, AssignSerializer, services.problem_assign)

    @extend_schema(request=FeedbackSerializer, responses=ProblemSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        """反馈: the responsible unit's answer (`comment`)."""
        return self._transition(request, FeedbackSerializer, services.problem_feedback)

    @extend_schema(request=CloseSerializer, responses=ProblemSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """办结销号 with `satisfaction` (satisfied / basically / unsatisfied — reopens)."""
        return self._transition(request, CloseSerializer, services.problem_close)

    @extend_schema(request=ReasonSerializer, responses=ProblemSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """退回重办 with `reason`."""
        return self._transition(request, ReasonSerializer, services.problem_return)

    @extend_schema(request=EscalateSerializer, responses=ProblemSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """上报 to the next ladder level with `reason` and a new deadline (`deadline` or
        `deadline_days`, default 10 working days); 400 at the top of the ladder."""
        return self._transition(request, EscalateSerializer, services.problem_escalate)

    @extend_schema(responses=ProblemActSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def acts(self, request, pk=None):
        """Every recorded step: who, when, what, comment."""
        problem = self.get_object()
        return Response(ProblemActSerializer(selectors.problem_acts(problem), many=True).data)
