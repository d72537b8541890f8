"""Catalog pages of statistical reporting: indicators (with derived formulas), data sets (with
their indicators, reporting clusters, due rule, the Excel template per period and its import)
and validation rules. Everyone signed in reads them; province administrators edit them
(accounts.policy, kinds "indicator", "dataset", "validationrule")."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.exporting import xlsx_response
from clusterzone.core.forms import BootstrapMixin
from clusterzone.core.periods import Period
from clusterzone.core.tables import Column, Table
from clusterzone.core.views import ScopedDetailView, ServiceFormView
from clusterzone.registry.models import Cluster

from .. import catalog as services
from .. import exchange, scope
from ..choices import IndicatorKind, PeriodKind, Severity, Unit
from ..models import DataSet, DataSetIndicator, Indicator, ValidationRule

SECTION = gettext_lazy("统计报表")


# --- filters (shared by the pages, the API and the export) -----------------------------------


class IndicatorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("关键字"), method="filter_q")
    code = django_filters.CharFilter(label=gettext_lazy("指标代码"), method="filter_code")
    category = django_filters.CharFilter(field_name="category", label=gettext_lazy("分类"))
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("类型"), choices=IndicatorKind.choices, empty_label=gettext_lazy("全部")
    )
    unit = django_filters.ChoiceFilter(
        label=gettext_lazy("计量单位"), choices=Unit.choices, empty_label=gettext_lazy("全部")
    )
    derived = django_filters.BooleanFilter(label=gettext_lazy("派生指标"), method="filter_derived")
    dataset = django_filters.CharFilter(
        field_name="datasets__code", label=gettext_lazy("报表代码"), distinct=True
    )

    class Meta:
        model = Indicator
        fields = ["q", "code", "category", "kind", "unit", "derived", "dataset"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else qs

    def filter_code(self, qs, name, value):
        codes = [c.strip() for c in (value or "").split(",") if c.strip()]
        return qs.filter(code__in=codes) if codes else qs

    def filter_derived(self, qs, name, value):
        if value is None:
            return qs
        return qs.exclude(formula="") if value else qs.filter(formula="")


class DataSetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("关键字"), method="filter_q")
    period_kind = django_filters.ChoiceFilter(
        label=gettext_lazy("报送周期"), choices=PeriodKind.choices, empty_label=gettext_lazy("全部")
    )
    indicator = django_filters.CharFilter(
        field_name="indicators__code", label=gettext_lazy("指标代码"), distinct=True
    )
    cluster = django_filters.CharFilter(
        field_name="clusters__code", label=gettext_lazy("集聚区代码"), distinct=True
    )

    class Meta:
        model = DataSet
        fields = ["q", "period_kind", "indicator", "cluster"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else qs


class RuleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("关键字"), method="filter_q")
    severity = django_filters.ChoiceFilter(
        label=gettext_lazy("级别"), choices=Severity.choices, empty_label=gettext_lazy("全部")
    )
    dataset = django_filters.CharFilter(field_name="dataset__code", label=gettext_lazy("报表代码"))

    class Meta:
        model = ValidationRule
        fields = ["q", "severity", "dataset"]

    def filter_q(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            Q(code__icontains=value)
            | Q(message__icontains=value)
            | Q(left__icontains=value)
            | Q(right__icontains=value)
        )


# --- selectors ---------------------------------------------------------------------------------


def indicator_list(*, user):
    return policy.scope(user, Indicator).order_by("order", "code")


def dataset_list(*, user):
    return (
        policy.scope(user, DataSet)
        .select_related("region")
        .annotate(
            indicator_count=Count("items", distinct=True),
            cluster_count=scope.cluster_count_expression(),
        )
    )


def rule_list(*, user):
    return policy.scope(user, ValidationRule).select_related("dataset")


def due_rule_text(dataset: DataSet) -> str:
    """The due-day rule in words, with an example date."""
    kind = dataset.period_kind
    if kind == PeriodKind.HALF_MONTHLY:
        h1 = dataset.due_date(Period.parse("2025-04H1"))
        h2 = dataset.due_date(Period.parse("2025-04H2"))
        return _(
            "上半月（1–15日）、下半月（16日–月末）期末后%(n)s天截止，如2025年4月上半月截止于%(m1)s月%(d1)s日、"
            "下半月截止于%(m2)s月%(d2)s日"
        ) % {"n": dataset.due_days, "m1": h1.month, "d1": h1.day, "m2": h2.month, "d2": h2.day}
    if kind == PeriodKind.TEN_DAY:
        d1, d2, d3 = (dataset.due_date(Period.parse(f"2025-04D{i}")) for i in (1, 2, 3))
        return _(
            "上旬（1–10日）、中旬（11–20日）、下旬（21日–月末）期末后%(n)s天截止，如2025年4月上旬截止于"
            "%(m1)s月%(d1)s日、中旬截止于%(m2)s月%(d2)s日、下旬截止于%(m3)s月%(d3)s日"
        ) % {
            "n": dataset.due_days,
            "m1": d1.month,
            "d1": d1.day,
            "m2": d2.month,
            "d2": d2.day,
            "m3": d3.month,
            "d3": d3.day,
        }
    example = {
        PeriodKind.MONTHLY: "2025-04",
        PeriodKind.QUARTERLY: "2025Q1",
        PeriodKind.ANNUAL: "2025",
    }.get(kind)
    if example is None:
        return ""
    p = Period.parse(example)
    due = dataset.due_date(p)
    return _("期末后%(n)s天截止，如%(label)s的报表截止于%(y)s年%(m)s月%(d)s日") % {
        "n": dataset.due_days,
        "label": p.label,
        "y": due.year,
        "m": due.month,
        "d": due.day,
    }


# --- tables ------------------------------------------------------------------------------------


def _derived(formula):
    return formula or "—"


INDICATOR_TABLE = Table(
    columns=[
        Column("code", gettext_lazy("指标代码"), order_by="code"),
        Column("name", gettext_lazy("指标名称"), order_by="name", link="reporting:indicator_detail"),
        Column("unit", gettext_lazy("计量单位"), order_by="unit"),
        Column("get_kind_display", gettext_lazy("类型"), order_by="kind"),
        Column("category", gettext_lazy("分类"), order_by="category"),
        Column("decimals", gettext_lazy("小数位数"), align="end"),
        Column("formula", gettext_lazy("计算公式"), display=_derived),
        Column("non_negative", gettext_lazy("不得为负")),
        Column("is_active", gettext_lazy("启用"), order_by="is_active"),
    ],
    default_order="order,code",
)

DATASET_TABLE = Table(
    columns=[
        Column("code", gettext_lazy("报表代码"), order_by="code"),
        Column("name", gettext_lazy("报表名称"), order_by="name", link="reporting:dataset_detail"),
        Column("get_period_kind_display", gettext_lazy("报送周期"), order_by="period_kind"),
        Column("due_days", gettext_lazy("截止天数"), order_by="due_days", align="end"),
        Column("region.name", gettext_lazy("发布区划")),
        Column("indicator_count", gettext_lazy("指标数"), order_by="indicator_count", align="end"),
        Column("cluster_count", gettext_lazy("报送集聚区数"), order_by="cluster_count", align="end"),
        Column("is_active", gettext_lazy("启用"), order_by="is_active"),
    ],
    default_order="code",
)

RULE_TABLE = Table(
    columns=[
        Column("code", gettext_lazy("规则代码"), order_by="code", link="reporting:rule_edit"),
        Column("left", gettext_lazy("左式")),
        Column("get_operator_display", gettext_lazy("比较")),
        Column("right", gettext_lazy("右式")),
        Column("get_severity_display", gettext_lazy("级别"), order_by="severity"),
        Column("message", gettext_lazy("提示信息")),
        Column(
            "dataset.name", gettext_lazy("适用报表"), order_by="dataset__code", display=lambda v: v or "全部"
        ),
        Column("is_active", gettext_lazy("启用"), order_by="is_active"),
    ],
    default_order="code",
)


# --- forms ---------------------------------------------------------------------------------------


class IndicatorForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code", "name", "unit", "kind", "decimals", "category", "formula",
            "non_negative", "yoy_warning_pct", "order", "is_active",
        ]  # fmt: skip
        help_texts = {
            "code": gettext_lazy("小写字母、数字和下划线，如 revenue；导入、接口和命令行都使用该代码。"),
            "formula": gettext_lazy(
                "派生指标填写，如 fai_industrial / land_area；可用指标代码、数字、+ - * /、括号和 "
                "abs/min/max/prev/last_year。报送指标留空。"
            ),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True  # imports, API and CLI use the code
        self._style()


class RuleForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ValidationRule
        fields = ["code", "dataset", "left", "operator", "right", "severity", "message", "is_active"]
        help_texts = {
            "left": gettext_lazy(
                "公式，如 fai_industrial + fai_infrastructure；prev(x) 为同年上期值，last_year(x) 为上年同期值。"
            ),
            "dataset": gettext_lazy("留空表示适用于所有含相关指标的报表。"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dataset"].empty_label = _("全部报表")
        if self.instance.pk:
            self.fields["code"].disabled = True
        self._style()


class ExchangeForm(forms.Form):
    period = forms.CharField(label=gettext_lazy("期间"), max_length=12)
    file = forms.FileField(label=gettext_lazy("文件"), required=False)
    dry_run = forms.BooleanField(label=gettext_lazy("只校验，不写入"), required=False)


def default_period(dataset: DataSet) -> Period:
    """The period currently being reported: the latest whose end has passed."""
    today = timezone.localdate()
    p = Period.containing(dataset.period_kind, today)
    return p.previous


# --- pages ----------------------------------------------------------------------------------------


class IndicatorDetailView(ScopedDetailView):
    def extra_context(self, obj):
        return {
            "datasets": list(DataSet.objects.filter(items__indicator=obj).order_by("code")),
            "used_by": list(Indicator.objects.filter(formula__contains=obj.code).exclude(pk=obj.pk)),
        }


class RuleFormView(ServiceFormView):
    """Everyone reads a rule on its edit page; the form is for administrators."""

    def get(self, request, pk=None):
        if pk is not None and not policy.may(request.user, "change", self.kind):
            # everyone reads a rule; the form is for administrators
            obj = self.get_object()
            return render(
                request,
                "reporting/catalog/rule_detail.html",
                self.base_context(object=obj, title=str(obj)),
            )
        return super().get(request, pk)


class DataSetDetailView(ScopedDetailView):
    """Indicators, reporting clusters, due rule; the Excel template per period (GET
    ?template=1&period=2025-04) and its import (POST)."""

    def get(self, request, pk):
        if request.GET.get("template"):
            dataset = self.get_object()
            period = request.GET.get("period", "")
            try:
                content = exchange.template_xlsx(user=request.user, dataset=dataset, period=period)
            except DomainError as exc:
                messages.error(request, exc.message)
                return redirect(reverse("reporting:dataset_detail", args=[pk]))
            return xlsx_response(content, exchange.template_filename(dataset, period))
        return super().get(request, pk)

    def extra_context(self, obj, **extra):
        user = self.request.user
        items = list(DataSetIndicator.objects.filter(dataset=obj).select_related("indicator"))
        clusters = list(
            scope.dataset_clusters(obj, policy.scope(user, Cluster))
            .select_related("region", "region__parent")
            .order_by("region__code", "code")
        )
        can_change = policy.can(user, "change", obj)
        ctx = {
            "items": items,
            "clusters": clusters,
            "scope_text": scope.describe(obj),
            "due_rule": due_rule_text(obj),
            "default_period": extra.pop("period", None) or default_period(obj),
            "can_import": policy.may(user, "change", "submission"),
            "can_change": can_change,
            "other_clusters": (
                list(
                    Cluster.objects.exclude(pk__in=[c.pk for c in clusters])
                    .order_by("code")
                    .only("code", "name")
                )
                if can_change
                else []
            ),
        }
        ctx.update(extra)
        return ctx

    def post(self, request, pk):
        dataset = self.get_object()
        action = request.POST.get("action", "import")
        if action in ("cluster-add", "cluster-remove"):
            return self._clusters(request, dataset, action)
        if not policy.may(request.user, "change", "submission"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("您没有执行此操作的权限。"))
        form = ExchangeForm(request.POST, request.FILES)
        upload = request.FILES.get("file")
        period = request.POST.get("period", "")
        error = None
        result = None
        if not upload:
            error = _("请选择要导入的文件。")
        else:
            try:
                result = exchange.import_wide(
                    upload,
                    dataset=dataset,
                    period=period,
                    actor=request.user,
                    filename=upload.name,
                    dry_run=bool(request.POST.get("dry_run")),
                )
            except DomainError as exc:
                error = exc.message
        ctx = self.base_context(
            object=dataset,
            title=str(dataset),
            history=[],
            can_delete=False,
            upload_error=error,
            result=result,
            filename=upload.name if upload else "",
            form=form,
        )
        ctx["breadcrumbs"].append({"label": str(dataset), "url": None})
        ctx.update(self.extra_context(dataset, period=period))
        status = 200 if result is not None and result.ok else 400
        return render(request, self.template_name, ctx, status=status)

    def _clusters(self, request, dataset, action):
        codes = [c.strip() for c in request.POST.get("codes", "").replace("，", ",").split(",") if c.strip()]
        clusters = list(Cluster.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {c.code for c in clusters})
        try:
            if missing:
                raise DomainError(_("没有这些集聚区代码：%(codes)s") % {"codes": "、".join(missing)})
            if not clusters:
                raise DomainError(_("请填写集聚区代码。"))
            if action == "cluster-add":
                services.dataset_clusters_change(actor=request.user, dataset=dataset, add=clusters)
            else:
                services.dataset_clusters_change(actor=request.user, dataset=dataset, remove=clusters)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已保存。"))
        return redirect(reverse("reporting:dataset_detail", args=[dataset.pk]))


urlpatterns: list = []  # declared in reporting/pages.py
