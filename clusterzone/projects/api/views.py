"""REST endpoints of projects: /api/projects/ (+ transition, milestones, investments,
history), /api/quotas/ (+ /api/quotas/check/?region=&year=). Querysets from the selectors
(the policy's scope), writes through the services."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core.api import ScopedModelViewSet
from clusterzone.core.exceptions import DomainError, PermissionDenied

from .. import selectors, services
from ..filters import ProjectFilter, QuotaFilter
from ..models import Project, ProjectMilestone, Quota
from .serializers import (
    InvestmentSerializer,
    MilestoneSerializer,
    ProjectInputSerializer,
    ProjectSerializer,
    QuotaInputSerializer,
    QuotaSerializer,
    TeamSerializer,
    TransitionSerializer,
    team_data,
)


class ProjectViewSet(ScopedModelViewSet):
    """项目库 (一项一码). Filters: `cluster` (code), `region` (code, with subtree), `stage`,
    `band`, `kind`, `key_level`, `leader` (user id), `q`."""

    model = Project
    serializer_class = ProjectSerializer
    input_serializer_class = ProjectInputSerializer
    filterset_class = ProjectFilter
    search_fields = ["name", "code", "investor_name"]
    ordering_fields = ["code", "name", "total_investment", "stage", "start_date", "invested", "updated_at"]
    ordering = ["cluster__code", "code"]
    service_object_name = "project"
    create_service = staticmethod(services.project_create)
    update_service = staticmethod(services.project_update)
    delete_service = staticmethod(services.project_delete)

    def base_queryset(self, user):
        return selectors.project_list(user=user)

    def _project(self):
        project = self.get_object()
        return project

    @extend_schema(request=TransitionSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the project to another stage (dated, recorded)."""
        project = self._project()
        ser = TransitionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        services.project_transition(actor=request.user, project=project, **ser.validated_data)
        return Response(self.output_data(project))

    @extend_schema(request=MilestoneSerializer, responses=MilestoneSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def milestones(self, request, pk=None):
        project = self._project()
        if request.method == "POST":
            ser = MilestoneSerializer(data=request.data, context=self.get_serializer_context())
            ser.is_valid(raise_exception=True)
            m = services.milestone_save(
                actor=request.user, milestone=ProjectMilestone(project=project), data=ser.validated_data
            )
            return Response(MilestoneSerializer(m).data, status=status.HTTP_201_CREATED)
        rows = ProjectMilestone.objects.filter(project=project).order_by("planned_date", "id")
        return Response(MilestoneSerializer(rows, many=True).data)

    @extend_schema(request=InvestmentSerializer, responses=InvestmentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def investments(self, request, pk=None):
        project = self._project()
        if request.method == "POST":
            ser = InvestmentSerializer(data=request.data)
            ser.is_valid(raise_exception=True)
            row = services.investment_record(
                actor=request.user, project=project, period=ser.validated_data["period"],
                amount=ser.validated_data["amount"],
            )  # fmt: skip
            return Response(InvestmentSerializer(row).data, status=status.HTTP_201_CREATED)
        return Response(InvestmentSerializer(project.investments.order_by("year", "month"), many=True).data)

    @extend_schema(request=TeamSerializer, responses=TeamSerializer)
    @action(detail=True, methods=["get", "put", "patch"], pagination_class=None, filter_backends=[])
    def team(self, request, pk=None):
        """服务团队: GET the users and units; PUT/PATCH `{"users": [ids], "units": [ids]}`
        (needs the project's change right; units are looked up in the caller's scope)."""
        project = self._project()
        if request.method in ("PUT", "PATCH"):
            ser = TeamSerializer(data=request.data, context=self.get_serializer_context())
            ser.is_valid(raise_exception=True)
            d = ser.validated_data
            services.project_team_set(
                actor=request.user, project=project, users=d.get("users"), units=d.get("units")
            )
        return Response(team_data(project))


class QuotaViewSet(ScopedModelViewSet):
    """项目指标 (1233工程): a region's yearly quota per investment band. `check/` gives
    required, achieved and missing for ?region=CODE&year=2025."""

    model = Quota
    serializer_class = QuotaSerializer
    input_serializer_class = QuotaInputSerializer
    filterset_class = QuotaFilter
    ordering = ["region__code", "year", "-min_amount"]
    ordering_fields = ["year", "min_amount"]

    def base_queryset(self, user):
        return selectors.quota_list(user=user)

    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def check(self, request):
        if not policy.may(request.user, "view", "quota"):
            raise PermissionDenied()
        region = get_object_or_404(
            policy.scope(request.user, Region), code=request.query_params.get("region")
        )
        try:
            year = int(request.query_params.get("year", ""))
        except ValueError:
            raise DomainError(gettext("年度应为整数，如 2025。"), field="year")
        return Response(selectors.quota_check_json(selectors.quota_check(region=region, year=year)))


router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("quotas", QuotaViewSet, basename="quota")
urlpatterns = router.urls
