"""REST endpoints of submissions (mounted under /api/):

  GET  /api/submissions/                 list (filters dataset, period, status, cluster), with values
  GET  /api/submissions/{id}/            one submission with its values
  POST /api/submissions/open/            {dataset, cluster, period} → the submission (created if new)
  GET  /api/submissions/prefill/?dataset=CODE&cluster=CODE&period=P
                                         [{indicator, value, source, link}] the platform's figures
  PUT  /api/submissions/{id}/values/     {values: {code: value}, version, comment?, reason?,
                                          overrides?: {code: reason}}
  GET  /api/submissions/{id}/items/      the half-monthly report's items and their totals
  POST /api/submissions/{id}/items/      {kind, project?, enterprise?, name?, credit_code?,
                                          investment?, started?, fund_source?, programme?,
                                          amount?, text?} → 201 the item
  PATCH  /api/submissions/{id}/items/{item_id}/   the fields to change (+ reason?) → the item
  DELETE /api/submissions/{id}/items/{item_id}/
  GET  /api/submissions/{id}/items/history/   every change of its items (who, when, reason,
                                         each field before → after), newest first
  POST /api/submissions/{id}/submit/     {comment?}
  POST /api/submissions/{id}/approve/
  POST /api/submissions/{id}/return/     {reason}
  POST /api/submissions/{id}/reopen/     {reason}
  GET  /api/submissions/{id}/history/    [{indicator, name, unit, at, user, old, new, reason}] every
                                         change of its figures, newest first

Objects outside the user's scope answer 404; refused actions 403; bad input or state 400
with the services' Chinese messages (core.api.exception_handler).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.core.periods import Period, PeriodError
from clusterzone.registry.models import Cluster

from .. import services
from ..forms import SubmissionFilter
from ..models import DataSet, Submission
from ..selectors import submissions as selectors


class ReportItemSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    enterprise = serializers.CharField(source="enterprise.name", read_only=True, default=None)
    problem = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        from ..models import ReportItem

        model = ReportItem
        fields = [
            "id", "kind", "kind_display", "project", "enterprise", "name", "credit_code", "investment",
            "started", "fund_source", "programme", "amount", "text", "problem",
        ]  # fmt: skip


class ReportItemFieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class ReportItemChangeSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    kind = serializers.CharField()
    action = serializers.ChoiceField(choices=["add", "change", "delete"])
    at = serializers.DateTimeField()
    user = serializers.CharField()
    reason = serializers.CharField()
    changes = ReportItemFieldChangeSerializer(many=True)


class ReportItemPatchSerializer(serializers.Serializer):
    """PATCH of an item: only the fields given change; the section (kind) stays."""

    project = serializers.CharField(required=False, allow_blank=True, help_text=_("项目库中的项目代码"))
    enterprise = serializers.CharField(
        required=False, allow_blank=True, help_text=_("企业统一社会信用代码或名称")
    )
    name = serializers.CharField(required=False, allow_blank=True)
    credit_code = serializers.CharField(required=False, allow_blank=True)
    investment = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True)
    started = serializers.BooleanField(required=False)
    fund_source = serializers.CharField(required=False, allow_blank=True)
    programme = serializers.CharField(required=False, allow_blank=True)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True, help_text=_("修改原因，记入修改记录"))


class SubmissionSerializer(serializers.ModelSerializer):
    dataset = serializers.CharField(source="dataset.code", read_only=True)
    dataset_name = serializers.CharField(source="dataset.name", read_only=True)
    cluster = serializers.CharField(source="cluster.code", read_only=True)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    period_label = serializers.CharField(source="period_obj.label", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    values = serializers.SerializerMethodField(help_text=_("指标代码 → 数值（字符串；未填报的指标不出现）"))

    class Meta:
        model = Submission
        fields = [
            "id",
            "dataset",
            "dataset_name",
            "cluster",
            "cluster_name",
            "period",
            "period_label",
            "period_end",
            "due_date",
            "status",
            "status_display",
            "submitted_at",
            "approved_at",
            "return_reason",
            "comment",
            "version",
            "values",
        ]
        read_only_fields = fields

    def get_values(self, obj) -> dict[str, str]:
        from ..validation import fmt

        return {v.indicator.code: fmt(v.value) for v in obj.values.all()}


class OpenSerializer(serializers.Serializer):
    dataset = serializers.CharField(label=_("报表代码"))
    cluster = serializers.CharField(label=_("集聚区代码"))
    period = serializers.CharField(label=_("期间"))


class ValuesSerializer(serializers.Serializer):
    values = serializers.DictField(
        label=_("指标值"), child=serializers.CharField(allow_blank=True, allow_null=True)
    )
    version = serializers.IntegerField(label=_("版本"))
    comment = serializers.CharField(label=_("填报说明"), required=False, allow_blank=True, allow_null=True)
    reason = serializers.CharField(label=_("修改原因"), required=False, allow_blank=True, allow_null=True)
    overrides = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text=_("指标代码 → 改写原因：填报值与平台预填值不同时必填"),
    )


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(label=_("说明"), required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="SubmissionReason")
class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        label=_("原因"), required=False, allow_blank=True, default="", max_length=1000
    )


class ReportSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    warnings = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class PrefillSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text=_("指标代码"))
    value = serializers.CharField(help_text=_("平台记录得出的数值"))
    source = serializers.CharField(help_text=_("来源说明"))
    link = serializers.CharField(help_text=_("来源记录的页面地址"))


class ValueChangeSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="code", help_text=_("指标代码"))
    name = serializers.CharField(help_text=_("指标名称"))
    unit = serializers.CharField(help_text=_("计量单位"))
    at = serializers.DateTimeField(source="when", help_text=_("修改时间"))
    user = serializers.CharField(help_text=_("修改人（系统导入为“系统”）"))
    old = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True, help_text=_("原值"))
    new = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True, help_text=_("新值"))
    reason = serializers.CharField(help_text=_("原因"))


class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = r"[0-9]+"
    """统计报表填报. Filters: `dataset` (code), `period`, `status`, `cluster` (code)."""

    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    search_fields = ["cluster__name", "cluster__code"]
    ordering_fields = ["period_end", "due_date", "status", "submitted_at", "cluster__code", "dataset__code"]
    ordering = ["-period_end", "dataset__code", "cluster__code"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Submission.objects.none()
        return selectors.submission_api_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        if not policy.may(request.user, "view", "submission"):
            raise PermissionDenied()
        return super().list(request, *args, **kwargs)

    def _out(self, submission, report=None, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=submission.pk)
        data = dict(self.get_serializer(fresh).data)
        if report is not None:
            data["warnings"] = report.warnings
        return Response(data, status=code)

    @extend_schema(request=OpenSerializer, responses=SubmissionSerializer)
    @action(detail=False, methods=["post"])
    def open(self, request):
        """Open (create if needed) the submission of a cluster for a data set and period."""
        s = OpenSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        dataset = DataSet.objects.filter(code=s.validated_data["dataset"]).first()
        if dataset is None:
            raise DomainError(
                _("报表代码“%(c)s”不存在。") % {"c": s.validated_data["dataset"]}, field="dataset"
            )
        cluster = policy.scope(request.user, Cluster).filter(code=s.validated_data["cluster"]).first()
        if cluster is None:
            raise DomainError(
                _("未找到代码为“%(c)s”的集聚区，或该集聚区不在您的权限范围内。")
                % {"c": s.validated_data["cluster"]},
                field="cluster",
            )
        existed = Submission.objects.filter(
            dataset=dataset, cluster=cluster, period=s.validated_data["period"]
        ).exists()
        submission = services.submission_open(
            actor=request.user, dataset=dataset, cluster=cluster, period=s.validated_data["period"]
        )
        return self._out(submission, code=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("dataset", str, required=True, description="报表代码"),
            OpenApiParameter("cluster", str, required=True, description="集聚区代码"),
            OpenApiParameter("period", str, required=True, description="期间，如 2025-04"),
        ],
        responses=PrefillSerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="prefill")
    def prefill(self, request):
        """平台预填值: for every indicator of the data set that the platform derives from its own
        records, the figure for the cluster and period, the source named and a link to the
        records behind it. An unknown or out-of-scope cluster or data set answers 404."""
        from .. import prefill
        from ..validation import fmt

        if not policy.may(request.user, "view", "submission"):
            raise PermissionDenied()
        params = request.query_params
        dataset = DataSet.objects.filter(code=params.get("dataset", "")).first()
        cluster = policy.scope(request.user, Cluster).filter(code=params.get("cluster", "")).first()
        if dataset is None or cluster is None:
            raise NotFound(_("对象不存在或不在您的权限范围内。"))
        try:
            p = Period.parse(params.get("period", ""))
        except PeriodError as exc:
            raise DomainError(str(exc), field="period")
        if p.kind != dataset.period_kind:
            raise DomainError(
                _("期间“%(p)s”与报表“%(ds)s”的报送周期（%(kind)s）不符。")
                % {"p": p, "ds": dataset.name, "kind": dataset.get_period_kind_display()},
                field="period",
            )
        figures = prefill.prefill_for(dataset, cluster, p)
        return Response(
            [
                {
                    "indicator": f.indicator,
                    "value": fmt(f.value),
                    "source": f.source,
                    "link": request.build_absolute_uri(f.link),
                }
                for f in figures.values()
            ]
        )

    @extend_schema(request=ValuesSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["put"], url_path="values")
    def values(self, request, pk=None):
        """Save values; `version` must be the submission's current version (else 400 conflict)."""
        submission = self.get_object()
        s = ValuesSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        report = services.submission_save_values(
            actor=request.user,
            submission=submission,
            values=s.validated_data["values"],
            version=s.validated_data["version"],
            comment=s.validated_data.get("comment"),
            reason=s.validated_data.get("reason") or None,
            overrides=s.validated_data.get("overrides") or None,
        )
        return self._out(submission, report)

    @extend_schema(request=ReportItemSerializer, responses=ReportItemSerializer(many=True))
    @action(detail=True, methods=["get", "post"], url_path="items")
    def items(self, request, pk=None):
        """半月报明细: GET lists the items with the totals computed from them (this half-month
        and year to date); POST adds one item (project and enterprise by code within the
        cluster) and recomputes the report's summary figures."""
        from .. import items
        from ..validation import fmt
        from ..views.entry import item_data

        submission = self.get_object()
        if request.method == "POST":
            item = items.item_add(
                actor=request.user, submission=submission, data=item_data(request.data, submission)
            )
            return Response(ReportItemSerializer(item).data, status=status.HTTP_201_CREATED)
        t = items.totals(submission)
        return Response(
            {
                "items": ReportItemSerializer(items.submission_items(submission), many=True).data,
                "totals": {k: {c: fmt(v) for c, v in d.items()} for k, d in t.items()},
            }
        )

    @extend_schema(
        methods=["PATCH"], request=ReportItemPatchSerializer, responses=ReportItemSerializer,
        description=str(_("修改一条明细：只需给出要改的字段（项目、企业按代码），可附 reason；栏目不变。")),
    )  # fmt: skip
    @extend_schema(methods=["DELETE"], responses={204: None})
    @action(detail=True, methods=["patch", "delete"], url_path=r"items/(?P<item_id>\d+)")
    def item_delete(self, request, pk=None, item_id=None):
        from .. import items
        from ..models import ReportItem
        from ..views.entry import item_data, item_values

        submission = self.get_object()
        item = ReportItem.objects.filter(pk=item_id, submission=submission).first()
        if item is None:
            raise NotFound(_("对象不存在或不在您的权限范围内。"))
        if request.method == "PATCH":
            merged = {**item_values(item), **{k: v for k, v in request.data.items() if k != "kind"}}
            data = item_data(merged, submission)
            data["reason"] = str(request.data.get("reason") or "")
            item = items.item_update(actor=request.user, item=item, data=data)
            return Response(ReportItemSerializer(item).data)
        items.item_delete(actor=request.user, item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=CommentSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self.get_object()
        s = CommentSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.submission_submit(
            actor=request.user, submission=submission, comment=s.validated_data["comment"]
        )
        return self._out(submission)

    @extend_schema(request=None, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        submission = self.get_object()
        services.submission_approve(actor=request.user, submission=submission)
        return self._out(submission)

    @extend_schema(request=ReasonSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        submission = self.get_object()
        s = ReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.submission_return(
            actor=request.user, submission=submission, reason=s.validated_data["reason"]
        )
        return self._out(submission)

    @extend_schema(request=ReasonSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        submission = self.get_object()
        s = ReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.submission_reopen(
            actor=request.user, submission=submission, reason=s.validated_data["reason"]
        )
        return self._out(submission)

    @extend_schema(responses=ReportItemChangeSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="items/history", pagination_class=None, filter_backends=[])
    def item_history(self, request, pk=None):
        """半月报明细的修改记录: who added, changed or deleted which item when, with the reason and
        each changed field's value before and after, newest first."""
        from .. import items

        submission = self.get_object()
        return Response(ReportItemChangeSerializer(items.item_history(submission), many=True).data)

    @extend_schema(responses=ValueChangeSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Value history: who changed which figure when, old → new, with the reason."""
        submission = self.get_object()
        changes = selectors.value_history(submission)
        return Response(ValueChangeSerializer(changes, many=True).data)


router = SimpleRouter()
router.register("submissions", SubmissionViewSet, basename="submission")

urlpatterns = router.urls
