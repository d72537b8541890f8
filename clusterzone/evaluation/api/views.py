"""REST endpoints of the service-unit evaluation: /api/evaluation-criteria/,
/api/unit-ratings/ (created by the raters; listed for them and the office) and
/api/evaluation-results/?month=YYYY-MM (ranked by the assessment engine; a department's
liaison gets its own unit's row, without raters)."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from clusterzone.accounts import policy
from clusterzone.core.api import ScopedModelViewSet
from clusterzone.core.exceptions import PermissionDenied

from .. import selectors, services
from ..filters import CriterionFilter, RatingFilter
from ..models import Criterion, Rating
from .serializers import (
    CriterionInputSerializer,
    CriterionSerializer,
    RatingInputSerializer,
    RatingSerializer,
    ResultsSerializer,
)


class CriterionViewSet(ScopedModelViewSet):
    """评议项目 of a region (the office keeps them; read below the region too)."""

    model = Criterion
    serializer_class = CriterionSerializer
    input_serializer_class = CriterionInputSerializer
    filterset_class = CriterionFilter
    ordering = ["region__code", "position", "id"]
    service_object_name = "criterion"
    save_service = staticmethod(services.criterion_save)
    delete_service = staticmethod(services.criterion_delete)

    def base_queryset(self, user):
        return selectors.criterion_list(user=user)


class RatingViewSet(ScopedModelViewSet):
    """评议打分: one per rater × unit × month × criterion. Created by a committee (as itself,
    or for an enterprise of its cluster with `rater_enterprise`) or the office."""

    model = Rating
    serializer_class = RatingSerializer
    input_serializer_class = RatingInputSerializer
    filterset_class = RatingFilter
    ordering = ["-month", "unit__name", "criterion__position", "id"]
    service_object_name = "rating"
    save_service = staticmethod(services.rating_save)
    delete_service = staticmethod(services.rating_delete)

    def base_queryset(self, user):
        return selectors.rating_list(user=user)

    def create(self, request, *args, **kwargs):
        if not policy.may(request.user, "add", "rating"):
            raise PermissionDenied()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = self.perform_create(serializer)
        return Response(self.output_data(instance), status=status.HTTP_201_CREATED)


MONTH = OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM (default: the latest month rated)")
REGION = OpenApiParameter("region", OpenApiTypes.STR, description="region code (default: the user's region)")


class ResultsView(APIView):
    """行风评议 results of one month, ranked by the assessment engine (competition ranks:
    1, 2, 2, 4); the bottom N (ties included) are `flagged` for 通报和问责."""

    @extend_schema(parameters=[MONTH, REGION], responses=ResultsSerializer)
    def get(self, request):
        found = selectors.results_for(
            user=request.user,
            month=request.query_params.get("month"),
            region=request.query_params.get("region"),
        )
        return Response(ResultsSerializer(found).data)
