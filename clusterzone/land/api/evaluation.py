"""REST endpoints of the per-亩 evaluation (亩均效益评价) under /api/land/:

    land/evaluations/                         POST {cluster | region, year, scheme?}: a draft
    land/evaluations/<id>/                    GET: the run, its 公示 and every enterprise's
                                              credit_code, score, rank, class, points, objections
    land/evaluations/<id>/publicize/          POST {starts_on, workdays?}: 公示 (default 5 working days)
    land/evaluations/<id>/objections/         POST {credit_code, reason, received_on}: 201
    land/evaluations/<id>/objections/<oid>/decide/
                                              POST {upheld, decision, new_class?}
    land/evaluations/<id>/finalize/           POST: the classes become final (after the 公示,
                                              every objection decided)
    land/enterprises/<credit_code>/evaluation/
                                              GET: the latest final class and the region's terms

Writes go through land.services (the one policy); DomainError → 400/403/404 as everywhere."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.registry.models import Cluster, Enterprise

from .. import selectors, services
from ..choices import EvaluationClass
from ..models import Objection


def _objection_json(o: Objection) -> dict:
    return {
        "id": o.pk,
        "received_on": o.received_on.isoformat(),
        "reason": o.reason,
        "status": o.status,
        "original_class": o.original_class,
        "new_class": o.new_class or None,
        "decision": o.decision,
    }


def _run_json(run, rows) -> dict:
    notice = getattr(run, "land_notice", None)
    return {
        "id": run.pk,
        "year": run.year,
        "region": run.region.code,
        "cluster": run.cluster.code if run.cluster_id else None,
        "status": run.status,
        "publicity": None
        if notice is None
        else {
            "starts_on": notice.starts_on.isoformat(),
            "ends_on": notice.ends_on.isoformat(),
            "workdays": notice.workdays,
        },
        "results": [
            {
                "credit_code": r.result.subject_code,
                "name": r.result.subject_name,
                "score": None if r.result.excluded else float(r.result.score),
                "rank": r.result.rank,
                "class": r.result.klass,
                "points": {k.removesuffix(".value"): float(v) for k, v in r.result.points.items()},
                "objections": [_objection_json(o) for o in r.objections],
            }
            for r in rows
        ],
    }


def _run(request, pk):
    run = selectors.evaluation_runs(user=request.user).filter(pk=pk).first()
    if run is None:
        raise NotFound(_("评价结果不存在或不在您的权限范围内。"))
    return run


def _valid(serializer_class, request):
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class CreateInput(serializers.Serializer):
    cluster = serializers.CharField(required=False, help_text="集聚区代码（与 region 二选一）")
    region = serializers.CharField(required=False, help_text="行政区划代码")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    scheme = serializers.IntegerField(required=False, help_text="评价方案 id；缺省为默认方案")


class PublicizeInput(serializers.Serializer):
    starts_on = serializers.DateField()
    workdays = serializers.IntegerField(required=False, min_value=1, max_value=30, default=5)


class ObjectionInput(serializers.Serializer):
    credit_code = serializers.CharField()
    reason = serializers.CharField()
    received_on = serializers.DateField()


class DecideInput(serializers.Serializer):
    upheld = serializers.BooleanField()
    decision = serializers.CharField()
    new_class = serializers.ChoiceField(choices=EvaluationClass.values, required=False, allow_blank=True)


RUN_SCHEMA = inline_serializer(
    "EnterpriseEvaluation",
    {
        "id": serializers.IntegerField(),
        "year": serializers.IntegerField(),
        "region": serializers.CharField(),
        "cluster": serializers.CharField(allow_null=True),
        "status": serializers.CharField(),
        "publicity": serializers.DictField(allow_null=True),
        "results": serializers.ListField(child=serializers.DictField()),
    },
)


class EvaluationCreateView(APIView):
    @extend_schema(request=CreateInput, responses={201: RUN_SCHEMA})
    def post(self, request):
        """按集聚区或行政区划和年度计算亩均效益评价（草稿）。"""
        from clusterzone.assessment.models import Scheme

        d = _valid(CreateInput, request)
        cluster = region = scheme = None
        if d.get("cluster"):
            cluster = policy.scope(request.user, Cluster).filter(code=d["cluster"]).first()
            if cluster is None:
                raise DomainError(_("集聚区不存在或不在您的权限范围内。"), field="cluster")
        elif d.get("region"):
            region = Region.objects.filter(code=d["region"]).first()
            if region is None:
                raise DomainError(_("行政区划不存在。"), field="region")
        else:
            raise DomainError(_("请指定集聚区或行政区划。"), field="cluster")
        if d.get("scheme"):
            scheme = Scheme.objects.filter(pk=d["scheme"], subject="enterprise").first()
            if scheme is None:
                raise DomainError(_("评价方案不存在。"), field="scheme")
        run = services.evaluation_run(
            actor=request.user, year=d["year"], scheme=scheme, region=region, cluster=cluster
        )
        run = _run(request, run.pk)
        return Response(_run_json(run, selectors.evaluation_rows(user=request.user, run=run)), status=201)


class EvaluationDetailView(APIView):
    @extend_schema(responses=RUN_SCHEMA)
    def get(self, request, pk):
        """评价结果：公示期与每家企业的得分、排名、类别、分项得分和异议。"""
        run = _run(request, pk)
        return Response(_run_json(run, selectors.evaluation_rows(user=request.user, run=run)))


class EvaluationPublicizeView(APIView):
    @extend_schema(request=PublicizeInput, responses=RUN_SCHEMA)
    def post(self, request, pk):
        """公示评价结果（默认5个工作日）。"""
        run = _run(request, pk)
        d = _valid(PublicizeInput, request)
        services.evaluation_publicize(
            actor=request.user, run=run, starts_on=d["starts_on"], workdays_count=d["workdays"]
        )
        run = _run(request, pk)
        return Response(_run_json(run, selectors.evaluation_rows(user=request.user, run=run)))


class ObjectionCreateView(APIView):
    @extend_schema(request=ObjectionInput, responses={201: inline_serializer("Objection", {})})
    def post(self, request, pk):
        """在公示期内登记企业的异议。"""
        run = _run(request, pk)
        d = _valid(ObjectionInput, request)
        result = run.results.filter(subject_code=d["credit_code"]).first()
        if result is None:
            raise DomainError(_("该评价结果中没有这家企业。"), field="credit_code")
        o = services.objection_record(
            actor=request.user, result=result, reason=d["reason"], received_on=d["received_on"]
        )
        return Response(_objection_json(o), status=status.HTTP_201_CREATED)


class ObjectionDecideView(APIView):
    @extend_schema(request=DecideInput, responses=inline_serializer("ObjectionDecided", {}))
    def post(self, request, pk, objection):
        """处理异议：成立（可调整类别）或不成立。"""
        run = _run(request, pk)
        o = Objection.objects.filter(result__run=run, pk=objection).first()
        if o is None:
            raise NotFound(_("异议不存在。"))
        d = _valid(DecideInput, request)
        o = services.objection_decide(
            actor=request.user, objection=o, upheld=d["upheld"], decision=d["decision"],
            new_class=d.get("new_class") or None,
        )  # fmt: skip
        return Response(_objection_json(o))


class EvaluationFinalizeView(APIView):
    @extend_schema(request=None, responses=RUN_SCHEMA)
    def post(self, request, pk):
        """公示期满且异议处理完毕后，确定为最终结果。"""
        run = _run(request, pk)
        services.evaluation_finalize(actor=request.user, run=run, today=timezone.localdate())
        run = _run(request, pk)
        return Response(_run_json(run, selectors.evaluation_rows(user=request.user, run=run)))


class EnterpriseEvaluationView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "EnterpriseClass",
            {
                "credit_code": serializers.CharField(),
                "year": serializers.IntegerField(),
                "class": serializers.CharField(),
                "score": serializers.FloatField(allow_null=True),
                "rank": serializers.IntegerField(allow_null=True),
                "terms": serializers.DictField(),
            },
        )  # fmt: skip
    )
    def get(self, request, credit_code):
        """企业最近一次最终的亩均效益评价类别及所在区划的差别化政策。"""
        enterprise = (
            policy.scope(request.user, Enterprise)
            .select_related("cluster__region")
            .filter(credit_code=credit_code)
            .first()
        )
        if enterprise is None:
            raise NotFound(_("企业不存在或不在您的权限范围内。"))
        ev = selectors.enterprise_evaluation(enterprise=enterprise)
        if ev is None:
            raise NotFound(_("该企业还没有最终的亩均效益评价结果。"))
        return Response(
            {
                "credit_code": credit_code,
                "year": ev.year,
                "class": ev.klass,
                "score": None if ev.excluded else float(ev.score),
                "rank": ev.rank,
                "terms": dict(ev.terms),
            }
        )


from django.urls import path  # noqa: E402

urlpatterns = [
    path("land/evaluations/", EvaluationCreateView.as_view(), name="land-evaluation-create"),
    path("land/evaluations/<int:pk>/", EvaluationDetailView.as_view(), name="land-evaluation"),
    path(
        "land/evaluations/<int:pk>/publicize/",
        EvaluationPublicizeView.as_view(),
        name="land-evaluation-publicize",
    ),
    path(
        "land/evaluations/<int:pk>/objections/", ObjectionCreateView.as_view(), name="land-objection-create"
    ),
    path(
        "land/evaluations/<int:pk>/objections/<int:objection>/decide/",
        ObjectionDecideView.as_view(),
        name="land-objection-decide",
    ),
    path(
        "land/evaluations/<int:pk>/finalize/",
        EvaluationFinalizeView.as_view(),
        name="land-evaluation-finalize",
    ),
    path(
        "land/enterprises/<str:credit_code>/evaluation/",
        EnterpriseEvaluationView.as_view(),
        name="land-enterprise-evaluation",
    ),
]
