"""GET /api/progress/?cluster=CODE&period=2025-04 (or region=CODE): the progress selector's
rows as JSON objects (indicator, name, unit, value, last_year, yoy_pct, target, target_pct,
time_pct, lagging, rank). 400 with a Chinese message for a bad period or an unknown code, 404
for a place outside the user's scope."""

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from clusterzone.core.exceptions import DomainError
from clusterzone.reporting.selectors.progress import as_dict, progress


class ProgressRowSerializer(serializers.Serializer):
    """Documents `selectors.progress.as_dict` (the view returns those dicts as they are)."""

    indicator = serializers.CharField(label=gettext_lazy("指标代码"))
    name = serializers.CharField(label=gettext_lazy("指标名称"))
    unit = serializers.CharField(label=gettext_lazy("计量单位"))
    value = serializers.FloatField(allow_null=True, label=gettext_lazy("本期累计（流量）或期末数（存量）"))
    last_year = serializers.FloatField(allow_null=True, label=gettext_lazy("上年同期"))
    yoy_pct = serializers.FloatField(allow_null=True, label=gettext_lazy("同比增长（%）"))
    target = serializers.FloatField(allow_null=True, label=gettext_lazy("全年目标"))
    target_pct = serializers.FloatField(allow_null=True, label=gettext_lazy("占全年目标（%）"))
    time_pct = serializers.FloatField(label=gettext_lazy("时间进度（%）"))
    lagging = serializers.BooleanField(allow_null=True, label=gettext_lazy("低于时间进度"))
    rank = serializers.IntegerField(allow_null=True, label=gettext_lazy("排名"))


class ProgressView(APIView):
    @extend_schema(
        summary="进度：累计、同比、占全年目标、时间进度、排名",
        parameters=[
            OpenApiParameter(
                "period", str, required=True, description="2025-04、2025Q1、2025、2025-04H1 或 2025-04D1"
            ),
            OpenApiParameter("cluster", str, description="集聚区代码（与 region 二选一）"),
            OpenApiParameter("region", str, description="行政区划代码（其下各集聚区合计）"),
            OpenApiParameter("indicators", str, description="指标代码，逗号分隔；省略为全部"),
        ],
        responses=ProgressRowSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        period = params.get("period", "").strip()
        if not period:
            raise DomainError(_("请指定期间（period），如 2025-04。"), field="period")
        cluster, region = params.get("cluster") or None, params.get("region") or None
        codes = [c.strip() for c in params.get("indicators", "").split(",") if c.strip()] or None
        rows = progress(user=request.user, period=period, cluster=cluster, region=region, indicators=codes)
        return Response([as_dict(r) for r in rows])


urlpatterns = [path("progress/", ProgressView.as_view(), name="api-progress")]
