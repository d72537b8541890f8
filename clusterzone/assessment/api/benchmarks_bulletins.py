"""API of catch-up benchmarks and bulletins (mounted under /api/):

GET  assessment/benchmarks/?year=2025                the benchmarks in scope (paginated)
POST assessment/benchmarks/  {cluster, year, target, target_rank?, note?, reason?}
                                                     name or change a benchmark (201)
GET  assessment/benchmarks/<code>/catchup/?period=2025-04
                                                     the gap per indicator and in rank, by month
GET  assessment/bulletin/?region=410400&period=2025-04&type=docx|xlsx[&date=2025-05-21]
                                                     the bulletin file (`type`, not
                                                     `format`: DRF reserves that name)
"""

from __future__ import annotations

from datetime import date

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.core.exporting import XLSX_MIME
from clusterzone.registry.models import Cluster
from clusterzone.reporting.selectors import progress as prog

from .. import benchmarks as bm
from ..bulletins import build
from ..bulletins import docx as bulletin_docx
from ..bulletins import xlsx as bulletin_xlsx
from ..views.benchmarks_bulletins import _attachment


class BenchmarkSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    cluster = serializers.CharField(label=gettext_lazy("集聚区代码"), source="cluster.code")
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    year = serializers.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    target = serializers.CharField(label=gettext_lazy("赶超目标代码"), source="target.code")
    target_name = serializers.CharField(source="target.name", read_only=True)
    target_rank = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)


class BenchmarkListCreate(generics.GenericAPIView):
    serializer_class = BenchmarkSerializer

    def get_queryset(self):
        qs = bm.benchmark_list(user=self.request.user).order_by("-year", "cluster__code")
        year = self.request.query_params.get("year", "")
        return qs.filter(year=int(year)) if year.isdigit() else qs

    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(BenchmarkSerializer(page, many=True).data)

    def post(self, request):
        s = BenchmarkSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        code = d["cluster"]["code"]
        cluster = policy.scope(request.user, Cluster).filter(code=code).first()
        if cluster is None:
            raise DomainError(_("没有代码为“%(code)s”的集聚区。") % {"code": code}, field="cluster")
        obj = bm.benchmark_set(
            actor=request.user, cluster=cluster, year=d["year"], target=d["target"]["code"],
            target_rank=d.get("target_rank"), note=d.get("note", ""), reason=d.get("reason") or None,
        )  # fmt: skip
        return Response(BenchmarkSerializer(obj).data, status=status.HTTP_201_CREATED)


class CatchupView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request, code):
        period = request.query_params.get("period", "")
        if not period:
            raise DomainError(_("请指定月份，如 2025-04。"), field="period")
        cluster = prog.resolve_cluster(request.user, code)
        return Response(bm.catchup(user=request.user, cluster=cluster, period=period).as_dict())


class BulletinDownload(APIView):
    @extend_schema(responses={200: bytes})
    def get(self, request):
        if not policy.may(request.user, "add", "bulletin"):
            raise PermissionDenied()
        q = request.query_params
        fmt = q.get("type", "docx")
        if fmt not in ("docx", "xlsx"):
            raise DomainError(_("格式应为 docx 或 xlsx。"), field="type")
        issued = None
        if q.get("date"):
            try:
                issued = date.fromisoformat(q["date"])
            except ValueError:
                raise DomainError(_("无效日期，应为 2025-05-21。"), field="date")
        b = build(user=request.user, region=q.get("region", ""), period=q.get("period", ""), issued=issued)
        if fmt == "xlsx":
            return _attachment(bulletin_xlsx.render(b), XLSX_MIME, b.filename_stem + ".xlsx")
        return _attachment(bulletin_docx.render(b), bulletin_docx.DOCX_MIME, b.filename_stem + ".docx")


urlpatterns = [
    path("assessment/benchmarks/", BenchmarkListCreate.as_view(), name="api-benchmark-list"),
    path("assessment/benchmarks/<str:code>/catchup/", CatchupView.as_view(), name="api-benchmark-catchup"),
    path("assessment/bulletin/", BulletinDownload.as_view(), name="api-bulletin"),
]
