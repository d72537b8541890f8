"""API of reporting status:

GET /api/my-forms/                      the signed-in reporter's forms due and overdue
GET /api/reporting-status/?dataset=CODE&period=2025-04[&period=…][&region=410000]
GET /api/reporting-status/?dataset=CODE&from=2025-01&to=2025-06[&region=…]
GET /api/reporting-burden/?region=CODE&period=YYYY-MM   per cluster: forms, fields_asked,
    prefilled, overwritten, typed, minutes_to_submit (the reporting-burden meter)
"""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from clusterzone.core.exceptions import DomainError

from ..selectors import status as selectors


class MyFormsAPIView(APIView):
    """待填报表: the forms due within 15 days or overdue for the reporter's cluster, the most
    urgent first, each with its due date, working days left or overdue, status and link."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response([f.as_dict() for f in selectors.my_forms(user=request.user)])


class ReportingStatusAPIView(APIView):
    """报送情况: the state of every expected submission (clusters × periods), completeness
    and timeliness per period, per region under `region` and in total (percentages rounded
    to one decimal), and the late and missing submissions."""

    @extend_schema(
        parameters=[
            OpenApiParameter("dataset", str, required=True, description="报表代码"),
            OpenApiParameter("period", str, many=True, description="期间，可重复或以逗号分隔"),
            OpenApiParameter("from", str, description="起始期间"),
            OpenApiParameter("to", str, description="结束期间"),
            OpenApiParameter("region", str, description="行政区划代码（含下级）"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        code = request.query_params.get("dataset")
        if not code:
            raise DomainError(_("请指定报表代码（dataset）。"), field="dataset")
        dataset = selectors.get_dataset(code)
        listed = [p for v in request.query_params.getlist("period") for p in v.split(",") if p.strip()]
        start, end = request.query_params.get("from"), request.query_params.get("to")
        if listed:
            periods = selectors.parse_periods(dataset, periods=listed)
        elif start or end:
            periods = selectors.parse_periods(dataset, start=start or end, end=end or start)
        else:
            periods = selectors.default_periods(dataset, timezone.localdate())
        status = selectors.reporting_status(
            user=request.user,
            dataset=dataset,
            periods=periods,
            region=request.query_params.get("region") or None,
        )
        return Response(selectors.reporting_status_dict(status))


class ReportingBurdenAPIView(APIView):
    """填报负担: per cluster under `region` for the month `period`, the forms owed, the fields
    they ask, and how many fields were pre-filled by the platform and accepted (`prefilled`),
    pre-filled and overwritten (`overwritten`) or typed by hand (`typed`), with the mean
    minutes from opening a form to submitting it."""

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description="行政区划代码（缺省为本人范围）"),
            OpenApiParameter("period", str, required=True, description="月份，如 2025-04"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        from ..selectors.burden import reporting_burden

        burden = reporting_burden(
            user=request.user,
            period=request.query_params.get("period", ""),
            region=request.query_params.get("region") or None,
        )
        return Response(burden.as_dict())


urlpatterns = [
    path("reporting-burden/", ReportingBurdenAPIView.as_view(), name="reporting-burden"),
    path("my-forms/", MyFormsAPIView.as_view(), name="my-forms"),
    path("reporting-status/", ReportingStatusAPIView.as_view(), name="reporting-status"),
]
