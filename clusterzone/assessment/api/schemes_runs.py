"""REST endpoints of the assessment core (under /api/):

    assessment/schemes/                 GET list (active versions in scope), POST {definition, reason}
    assessment/schemes/<id>/            GET, PUT {definition, reason} (saves a new version), DELETE
    assessment/schemes/<id>/export/     GET ?as=yaml|json: the file text (DRF keeps ?format)
    assessment/runs/                    GET list (drafts for the office only), POST {scheme, year}
    assessment/runs/<id>/               GET, DELETE (drafts)
    assessment/runs/<id>/publish/       POST
    assessment/runs/<id>/recompute/     POST (a published run gives a new draft)
    assessment/runs/<id>/results/       GET: ranked rows (then vetoed), with changes
    assessment/runs/<id>/verify/        GET: differences between stored results and the snapshot
    assessment/inputs/                  GET ?year=&cluster=, POST (deduction/veto/manual)
    assessment/inputs/<id>/             GET, PUT, DELETE

Writes go through assessment.services; reads through assessment.selectors and the policy.
DomainError → 400 with Chinese messages (keyed by path for scheme definitions).
"""

from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from clusterzone.accounts import policy
from clusterzone.core import units
from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.core.pagination import Pagination
from clusterzone.registry.models import Cluster

from .. import schemes, selectors, services
from ..models import AssessmentInput, Scheme


def _scheme_json(s: Scheme) -> dict:
    return {
        "id": s.pk,
        "key": s.key,
        "name": s.name,
        "year": s.year,
        "region": s.region.code,
        "version": s.version,
        "is_active": s.is_active,
        "definition": schemes.normalize(s.definition),
        "updated_at": units.datetime_iso(s.updated_at),
    }


def _run_json(r) -> dict:
    return {
        "id": r.pk,
        "scheme": r.scheme_id,
        "scheme_name": r.scheme.name,
        "scheme_version": r.scheme_version,
        "year": r.year,
        "period": r.period or None,  # 月评比: the month ranked on (1-N月累计), None for year-end
        "period_label": r.period_label,
        "region": r.region.code,
        "status": r.status,
        "status_display": r.get_status_display(),
        "input_hash": r.input_hash,
        "recomputed_from": r.recomputed_from_id,
        "created_at": units.datetime_iso(r.created_at),
        "published_at": units.datetime_iso(r.published_at),
        "published_by": _user_json(r.published_by),
    }


def _user_json(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "name": user.get_full_name() or user.username}


def _run_detail_json(r) -> dict:
    data = _run_json(r)
    newer = selectors.run_superseded_by(r)
    data["superseded_by"] = (
        None
        if newer is None
        else {
            "id": newer.pk,
            "published_at": units.datetime_iso(newer.published_at),
            "published_by": _user_json(newer.published_by),
        }
    )
    return data


def _input_json(a: AssessmentInput) -> dict:
    return {
        "id": a.pk,
        "kind": a.kind,
        "cluster": a.cluster.code,
        "year": a.year,
        "name": a.name,
        "points": float(a.points) if a.points is not None else None,
        "count": a.count,
        "evidence": a.evidence,
        "reason": a.reason,
    }


def _paginate(view, request, items, fn):
    pager = Pagination()
    page = pager.paginate_queryset(items, request, view=view)
    return pager.get_paginated_response([fn(x) for x in page])


def _definition(data):
    definition = data.get("definition") if isinstance(data, dict) and "definition" in data else data
    if isinstance(definition, str):
        definition = schemes.load(definition, data.get("format", "yaml"))
    if not isinstance(definition, dict):
        raise DomainError(_("请提供方案内容（definition）。"), field="definition")
    return definition


def _scheme(user, pk) -> Scheme:
    obj = policy.scope(user, Scheme).select_related("region").filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


class SchemeListView(APIView):
    @extend_schema(operation_id="assessment_schemes_list")
    def get(self, request):
        return _paginate(self, request, selectors.scheme_list(user=request.user), _scheme_json)

    def post(self, request):
        obj = services.scheme_save(
            actor=request.user,
            scheme=None,
            definition=_definition(request.data),
            reason=request.data.get("reason"),
        )
        return Response(_scheme_json(obj), status=status.HTTP_201_CREATED)


class SchemeDetailView(APIView):
    def get(self, request, pk):
        return Response(_scheme_json(_scheme(request.user, pk)))

    def put(self, request, pk):
        obj = services.scheme_save(
            actor=request.user,
            scheme=_scheme(request.user, pk),
            definition=_definition(request.data),
            reason=request.data.get("reason"),
        )
        return Response(_scheme_json(obj))

    def delete(self, request, pk):
        services.scheme_delete(actor=request.user, scheme=_scheme(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SchemeExportView(APIView):
    def get(self, request, pk):
        fmt = request.query_params.get("as", "yaml")
        if fmt not in ("yaml", "json"):
            raise DomainError(_("格式应为 yaml 或 json。"), field="as")
        obj = _scheme(request.user, pk)
        content_type = "application/json" if fmt == "json" else "application/yaml"
        resp = HttpResponse(schemes.dump(obj.definition, fmt), content_type=f"{content_type}; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="scheme_{obj.pk}_v{obj.version}.{fmt}"'
        return resp


class RunListView(APIView):
    @extend_schema(operation_id="assessment_runs_list")
    def get(self, request):
        return _paginate(self, request, selectors.run_list(user=request.user), _run_json)

    def post(self, request):
        scheme = _scheme(request.user, request.data.get("scheme"))
        year = request.data.get("year") or scheme.year
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise DomainError(_("年度必须是整数。"), field="year")
        run = services.run_create(actor=request.user, scheme=scheme, year=year)
        return Response(_run_json(run), status=status.HTTP_201_CREATED)


class RunDetailView(APIView):
    def get(self, request, pk):
        return Response(_run_detail_json(selectors.run_get(user=request.user, pk=pk)))

    def delete(self, request, pk):
        services.run_delete(actor=request.user, run=selectors.run_get(user=request.user, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RunPublishView(APIView):
    def post(self, request, pk):
        run = services.run_publish(
            actor=request.user,
            run=selectors.run_get(user=request.user, pk=pk),
            reason=str(request.data.get("reason", "") or ""),
        )
        return Response(_run_detail_json(run))


class RunRecomputeView(APIView):
    def post(self, request, pk):
        run = services.run_recompute(actor=request.user, run=selectors.run_get(user=request.user, pk=pk))
        return Response(_run_json(run), status=status.HTTP_201_CREATED)


class RunResultsView(APIView):
    def get(self, request, pk):
        run = selectors.run_get(user=request.user, pk=pk)
        return Response([r.as_json() for r in selectors.run_results(user=None, run=run)])


class RunVerifyView(APIView):
    def get(self, request, pk):
        run = selectors.run_get(user=request.user, pk=pk)
        diffs = selectors.run_verify(run)
        return Response({"reproducible": not diffs, "differences": diffs})


def _input_data(request) -> dict:
    data = {k: request.data[k] for k in services.INPUT_FIELDS if k in request.data}
    if "cluster" in data:
        code = str(data["cluster"])
        cluster = policy.scope(request.user, Cluster).filter(code=code).first()
        if cluster is None:
            raise DomainError(
                _("没有代码为“%(code)s”的集聚区，或不在您的权限范围内。") % {"code": code}, field="cluster"
            )
        data["cluster"] = cluster
    return data


def _input(user, pk) -> AssessmentInput:
    obj = policy.scope(user, AssessmentInput).select_related("cluster").filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


class InputListView(APIView):
    @extend_schema(operation_id="assessment_inputs_list")
    def get(self, request):
        qs = (
            policy.scope(request.user, AssessmentInput)
            .select_related("cluster")
            .order_by("-year", "cluster__code", "id")
        )
        if request.query_params.get("year"):
            qs = qs.filter(year=request.query_params["year"])
        if request.query_params.get("cluster"):
            qs = qs.filter(cluster__code=request.query_params["cluster"])
        if request.query_params.get("kind"):
            qs = qs.filter(kind=request.query_params["kind"])
        return _paginate(self, request, qs, _input_json)

    def post(self, request):
        obj = services.input_save(
            actor=request.user, data=_input_data(request), reason=request.data.get("change_reason")
        )
        return Response(_input_json(obj), status=status.HTTP_201_CREATED)


class InputDetailView(APIView):
    def get(self, request, pk):
        return Response(_input_json(_input(request.user, pk)))

    def put(self, request, pk):
        obj = services.input_save(
            actor=request.user, instance=_input(request.user, pk), data=_input_data(request)
        )
        return Response(_input_json(obj))

    def delete(self, request, pk):
        services.input_delete(actor=request.user, instance=_input(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _documented(view, summary: str):
    """Free-form JSON in and out for the OpenAPI schema (the objects are documented above)."""
    for method in ("get", "post", "put", "delete"):
        fn = view.__dict__.get(method)
        if fn is not None:
            request = OpenApiTypes.OBJECT if method in ("post", "put") else None
            setattr(
                view,
                method,
                extend_schema(summary=summary, request=request, responses=OpenApiTypes.OBJECT)(fn),
            )
    return view


for _view, _summary in [
    (SchemeListView, "考核方案：列表、新建"),
    (SchemeDetailView, "考核方案：查看、修改（保存为新版本）、删除"),
    (SchemeExportView, "导出考核方案（?as=yaml|json）"),
    (RunListView, "考核结果批次：列表、计算"),
    (RunDetailView, "考核结果批次：查看、删除草稿"),
    (RunPublishView, "发布考核结果"),
    (RunRecomputeView, "重新计算（已发布的生成新草稿）"),
    (RunResultsView, "考核结果：按名次排列"),
    (RunVerifyView, "按快照复算并比对"),
    (InputListView, "扣分、否决、评议得分：列表、录入"),
    (InputDetailView, "扣分、否决、评议得分：查看、修改、删除"),
]:
    _documented(_view, _summary)


urlpatterns = [
    path("assessment/schemes/", SchemeListView.as_view(), name="api-assessment-schemes"),
    path("assessment/schemes/<int:pk>/", SchemeDetailView.as_view(), name="api-assessment-scheme"),
    path(
        "assessment/schemes/<int:pk>/export/", SchemeExportView.as_view(), name="api-assessment-scheme-export"
    ),
    path("assessment/runs/", RunListView.as_view(), name="api-assessment-runs"),
    path("assessment/runs/<int:pk>/", RunDetailView.as_view(), name="api-assessment-run"),
    path("assessment/runs/<int:pk>/publish/", RunPublishView.as_view(), name="api-assessment-run-publish"),
    path(
        "assessment/runs/<int:pk>/recompute/", RunRecomputeView.as_view(), name="api-assessment-run-recompute"
    ),
    path("assessment/runs/<int:pk>/results/", RunResultsView.as_view(), name="api-assessment-run-results"),
    path("assessment/runs/<int:pk>/verify/", RunVerifyView.as_view(), name="api-assessment-run-verify"),
    path("assessment/inputs/", InputListView.as_view(), name="api-assessment-inputs"),
    path("assessment/inputs/<int:pk>/", InputDetailView.as_view(), name="api-assessment-input"),
]
