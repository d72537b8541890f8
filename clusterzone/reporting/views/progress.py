"""Pages of progress and targets (mounted under /reporting/, app "reporting"):

  progress/cluster/<code>/?period=2025-04   reporting:cluster_progress  the three readings per
                                            indicator, ECharts (cumulative line against the
                                            target line, 同比 bars), plan milestones
  progress/?region=410000&period=2025-04    reporting:overview          all clusters × key
                                            indicators, sortable (sort=fai / -fai), lagging
                                            cells marked; &export=xlsx: the same table in Excel
  targets/ (+ add/, <pk>/, <pk>/edit/, <pk>/delete/)   annual targets (目标责任书)

Every figure comes from selectors.progress; every write from reporting.targets.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.accounts.filters import RegionSubtreeFilter
from clusterzone.accounts.models import Region
from clusterzone.core import units
from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.core.exporting import workbook_bytes, xlsx_response
from clusterzone.core.periods import Period
from clusterzone.core.tables import Column, Table
from clusterzone.core.views import (
    PageMixin,
    ScopedDetailView,
    ServiceFormView,
)
from clusterzone.registry.filters import ClusterPickFilter
from clusterzone.registry.models import Cluster

from ..charts import progress_charts
from ..models import Indicator, RegionTarget, Target
from ..selectors import progress as sel

OVERVIEW_PAGE_ROWS = 100  # clusters per page of the overview (national scale: 2,700 → 27 pages)
KEY_INDICATORS = ("fai", "revenue", "tax", "value_added", "fai_industrial", "fai_infrastructure")
SECTION = gettext_lazy("统计报表")


def _default_period() -> Period:
    """Last month: the latest period whose monthly report is usually in."""
    return Period.containing("monthly", timezone.localdate()).previous


def period_note(request, period: Period | None, latest: Period | None) -> str:
    """What a page that took no period says about the one it shows: the latest period with
    approved data, or why there is none."""
    if request.GET.get("period", "").strip():
        return ""
    if latest is None:
        return _("暂无已审核的数据：集聚区上报月度统计并经联席办审核通过后，这里显示目标完成进度。")
    if period == latest:
        return _("显示最近有数据的期间：%(period)s") % {"period": latest.label}
    return ""


def period_choices(period: Period, latest: Period | None, count: int = 36) -> list[tuple[str, str]]:
    """The months a period picker offers, newest first, labelled 2025年4月 (never codes)."""
    top = max(p for p in (period, latest, _default_period()) if p is not None)
    out = [top.shift(-k) for k in range(count)]
    if period not in out:
        out.append(period)
    return [(str(p), p.label) for p in out]


def region_choices(user) -> list[tuple[str, str]]:
    """The regions with clusters a region picker offers, by name (province, cities, counties)."""
    regions = (
        policy.scope(user, Region)
        .filter(level__in=("province", "city", "county"))
        .order_by("path")
        .values_list("code", "name", "level")
    )
    indent = {"province": "", "city": "　", "county": "　　"}
    return [(code, f"{indent.get(level, '')}{name}") for code, name, level in regions]


def _period_from(request, fallback=None) -> tuple[Period, str]:
    text = request.GET.get("period", "").strip()
    if not text:
        return (fallback or _default_period()), ""
    try:
        return Period.parse(text), ""
    except Exception as exc:  # PeriodError: show it, fall back to the default period
        return (fallback or _default_period()), str(exc)


def _cell(row: sel.ProgressRow) -> dict:
    return {
        "row": row,
        "value": sel.format_value(row.value, row.unit),
        "last_year": sel.format_value(row.last_year, row.unit),
        "yoy": units.percent(row.yoy_pct),
        "target": sel.format_value(row.target, row.unit),
        "target_pct": units.percent(row.target_pct),
        "lagging": bool(row.lagging),
        "target_note": row.target_note,
        "share": units.percent(row.share_pct),
        "contribution": units.percent(row.contribution_pct),
    }


def _cells_html(rows: list[sel.ProgressRow]) -> str:
    """One overview row's cells (累计, 同比, 占目标 per indicator; lagging 占目标 marked) as
    HTML, formatted once here: the page renders 100 rows × indicators × 3 cells, so the
    template loops over rows, not cells."""
    behind = escape(_("低于时间进度"))
    out = []
    for r in rows:
        out.append(f'<td class="text-end">{escape(sel.format_value(r.value, r.unit))}</td>')
        out.append(f'<td class="text-end">{escape(units.percent(r.yoy_pct))}</td>')
        pct = escape(units.percent(r.target_pct))
        if r.lagging:
            out.append(f'<td class="text-end cz-lagging table-warning" title="{behind}">{pct}</td>')
        else:
            out.append(f'<td class="text-end">{pct}</td>')
    return mark_safe("".join(out))  # every value escaped above


class ClusterProgressView(PageMixin, View):
    template_name = "reporting/progress/cluster.html"
    section = SECTION

    def get(self, request, code):
        try:
            cluster = sel.resolve_cluster(request.user, code)
        except (DomainError, NotFound):
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        latest = sel.latest_period(cluster=cluster)
        period, period_error = _period_from(request, latest)
        rows = sel.progress(user=request.user, period=period, cluster=cluster)
        chart_codes = [c for c in ("fai", "revenue", "tax") if any(r.indicator == c for r in rows)]
        series = (
            sel.progress_series(user=request.user, period=period, cluster=cluster, indicators=chart_codes)
            if chart_codes
            else []
        )
        ctx = self.base_context(
            title=_("%(cluster)s 目标完成进度") % {"cluster": cluster.name},
            cluster=cluster,
            period=period,
            period_error=period_error,
            period_note=period_note(request, period, latest),
            period_choices=period_choices(period, latest),
            cells=[_cell(r) for r in rows],
            time_pct=units.percent(rows[0].time_pct) if rows else "—",
            sentences=[r.sentence() for r in rows if r.value is not None and r.is_flow and r.target],
            charts=progress_charts(series),
            milestones=sel.plan_milestones(user=request.user, cluster=cluster),
            can_edit_targets=policy.can(request.user, "add", Target(cluster=cluster)),
        )
        ctx["breadcrumbs"].append(
            {"label": _("进度总览"), "url": reverse("reporting:overview") + f"?period={period}"}
        )
        ctx["breadcrumbs"].append({"label": cluster.name, "url": None})
        return render(request, self.template_name, ctx)


class OverviewView(PageMixin, View):
    template_name = "reporting/progress/overview.html"
    section = SECTION

    def _region(self, request):
        code = request.GET.get("region", "").strip()
        if not code:
            if policy.is_global(request.user):
                region = Region.objects.filter(parent__isnull=True).order_by("code").first()
            else:
                region = request.user.unit.region if request.user.unit_id else None
            if region is None:
                raise Http404(_("没有可查看的行政区划。"))
            return region
        try:
            return sel.resolve_region(request.user, code)
        except (DomainError, NotFound):
            raise Http404(_("对象不存在或不在您的权限范围内。"))

    def get(self, request):
        region = self._region(request)
        latest = sel.latest_approved_period(user=request.user)
        period, period_error = _period_from(request, latest)
        present = set(Indicator.objects.filter(is_active=True).values_list("code", flat=True))
        wanted = [c.strip() for c in request.GET.get("indicators", "").split(",") if c.strip() in present]
        codes = wanted or [c for c in KEY_INDICATORS if c in present]
        table = (
            sel.progress_table(user=request.user, period=period, region=region, indicators=codes)
            if codes
            else []
        )
        sort = request.GET.get("sort", "")
        key = sort.lstrip("-")
        headers = [(r.indicator, r.name, r.unit) for r in (table[0][1] if table else [])]
        if key in codes and headers:
            desc = sort.startswith("-")
            col = [h[0] for h in headers].index(key)

            def value_of(item):
                v = item[1][col].value
                # missing last whichever the direction
                if v is None:
                    return (1, 0)
                return (0, -v if desc else v)

            table = sorted(table, key=value_of)
        elif key in ("code", "name"):
            table = sorted(table, key=lambda item: getattr(item[0], key), reverse=sort.startswith("-"))
        # the region's own total: its 占全年目标 by the region rule (own target, else the sum of
        # its clusters' targets when all have one, else — with the reason)
        totals = (
            {
                r.indicator: r
                for r in sel.progress(user=request.user, period=period, region=region.code, indicators=codes)
            }
            if headers
            else {}
        )
        total_rows = [totals[h[0]] for h in headers if h[0] in totals]
        if request.GET.get("export") == "xlsx":
            title = _("%(region)s产业集聚区目标完成进度") % {"region": region.name}
            name = f"{title}_{period}.xlsx"
            return xlsx_response(
                overview_xlsx(table, headers, region=region, period=period, totals=total_rows), name
            )
        # one page of clusters (sorted above on the whole table, so ranks and sort order are
        # the province's); cells are formatted here for that page only
        page = Paginator(table, OVERVIEW_PAGE_ROWS).get_page(request.GET.get("page"))
        link = reverse("reporting:cluster_progress", args=["__code__"])
        ctx = self.base_context(
            title=_("%(region)s产业集聚区目标完成进度") % {"region": region.name},
            total_cells=[_cell(r) for r in total_rows],
            page=page,
            region=region,
            period=period,
            period_error=period_error,
            period_note=period_note(request, period, latest),
            period_choices=period_choices(period, latest),
            headers=headers,
            sort=sort,
            rows=[
                (c, link.replace("__code__", c.code) + f"?period={period}", _cells_html(rows))
                for c, rows in page.object_list
            ],
            time_pct=units.percent(table[0][1][0].time_pct) if table and table[0][1] else "—",
            indicators=codes,
            region_choices=region_choices(request.user),
        )
        ctx["breadcrumbs"].append({"label": _("进度总览"), "url": None})
        return render(request, self.template_name, ctx)


def overview_xlsx(table, headers, *, region, period, totals=()) -> bytes:
    """The overview table as a workbook, same rows in the same order as the page: per
    indicator the cumulative value (a number in the indicator's unit: 万元 for money), 同比 %
    and 占全年目标 % (numbers rounded to one decimal); missing figures are empty cells, never
    zero; lagging 占全年目标 cells are filled yellow as on the page. `totals` (the region's
    progress rows, in header order) make a last 合计 row whose 占全年目标 follows the region
    rule: a number, or the reason it is missing (部分集聚区未设目标)."""

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = _("目标完成进度")
    time_pct = units.round_pct(table[0][1][0].time_pct) if table and table[0][1] else None
    ws.append(
        [
            _("%(region)s产业集聚区目标完成进度（%(period)s，时间进度 %(t)s）")
            % {
                "region": region.name,
                "period": period.label,
                "t": units.percent(time_pct) if time_pct is not None else "—",
            }
        ]
    )
    header = [_("集聚区代码"), _("集聚区")]
    for _code, name, unit in headers:
        header += [
            _("%(name)s累计（%(unit)s）") % {"name": name, "unit": unit},
            _("%(name)s同比（%%）") % {"name": name},
            _("%(name)s占全年目标（%%）") % {"name": name},
        ]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    lagging_fill = PatternFill("solid", fgColor="FFF3CD")
    for cluster, rows in table:
        line = [cluster.code, cluster.name]
        for r in rows:
            line += [r.value, units.round_pct(r.yoy_pct), units.round_pct(r.target_pct)]
        ws.append(line)
        for i, r in enumerate(rows):
            if r.lagging:
                ws.cell(row=ws.max_row, column=3 + 3 * i + 2).fill = lagging_fill
    if totals:
        line = ["", _("%(region)s合计") % {"region": region.name}]
        for r in totals:
            share = units.round_pct(r.target_pct)
            line += [
                r.value,
                units.round_pct(r.yoy_pct),
                share if share is not None else (r.target_note or None),
            ]
        ws.append(line)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    ws.freeze_panes = "C3"
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 24
    return workbook_bytes(wb)


# --- targets (目标责任书) ---------------------------------------------------------------------


TARGET_TABLE = Table(
    columns=[
        Column("year", gettext_lazy("年度"), order_by="year"),
        Column("cluster.code", gettext_lazy("集聚区代码"), page=False),
        Column(
            "cluster.name", gettext_lazy("集聚区"), order_by="cluster__name", link="reporting:target_detail"
        ),
        Column("indicator.name", gettext_lazy("指标"), order_by="indicator__order"),
        Column("indicator.code", gettext_lazy("指标代码"), page=False),
        Column("value_label", gettext_lazy("目标值"), order_by="value", align="end", excel=False),
        Column("value", gettext_lazy("目标值"), page=False),
        Column("indicator.unit", gettext_lazy("计量单位"), page=False),
        Column("document", gettext_lazy("目标责任书文号"), order_by="document"),
    ],
    default_order="-year,cluster__code,indicator__order",
)


class TargetFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year", label=gettext_lazy("年度"))
    cluster = ClusterPickFilter(field_name="cluster__code", label=gettext_lazy("集聚区"))
    region = RegionSubtreeFilter(field_name="cluster__region", label=gettext_lazy("行政区划"))
    indicator = django_filters.ModelChoiceFilter(
        label=gettext_lazy("指标"),
        queryset=Indicator.objects.filter(formula=""),
        to_field_name="code",
        empty_label=gettext_lazy("全部"),
    )

    class Meta:
        model = Target
        fields = ["year", "cluster", "region", "indicator"]


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["cluster", "indicator", "year", "value", "document"]
        help_texts = {"value": gettext_lazy("按指标的计量单位填写：金额为万元，如60亿填 600000。")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = policy.scope(user, Cluster).select_related("region")
        self.fields["indicator"].queryset = Indicator.objects.filter(is_active=True)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


def target_list(user):
    return policy.scope(user, Target).select_related("cluster", "indicator")


class TargetDetailView(ScopedDetailView):
    def scoped_queryset(self, user):
        return target_list(user).select_related("cluster__region")


class TargetFormView(ServiceFormView):
    """Add a target for the current year, preset to the cluster named by ?cluster=CODE."""

    def new_instance(self):
        obj = Target(year=timezone.localdate().year)
        code = self.request.GET.get("cluster")
        if code:
            obj.cluster = policy.scope(self.request.user, Cluster).filter(code=code).first()
        return obj


urlpatterns = [
    path("progress/", OverviewView.as_view(), name="overview"),
    path("progress/cluster/<str:code>/", ClusterProgressView.as_view(), name="cluster_progress"),
]


# --- region targets (a city's or county's own annual target) ------------------------------

REGION_TARGET_TABLE = Table(
    columns=[
        Column("year", gettext_lazy("年度"), order_by="year"),
        Column("region.code", gettext_lazy("行政区划代码"), page=False),
        Column(
            "region.name",
            gettext_lazy("行政区划"),
            order_by="region__name",
            link="reporting:regiontarget_edit",
        ),
        Column("indicator.name", gettext_lazy("指标"), order_by="indicator__order"),
        Column("indicator.code", gettext_lazy("指标代码"), page=False),
        Column("value_label", gettext_lazy("目标值"), order_by="value", align="end", excel=False),
        Column("value", gettext_lazy("目标值"), page=False),
        Column("indicator.unit", gettext_lazy("计量单位"), page=False),
        Column("document", gettext_lazy("目标文件文号"), order_by="document"),
    ],
    default_order="-year,region__code,indicator__order",
)


class RegionTargetFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year", label=gettext_lazy("年度"))
    region = RegionSubtreeFilter(field_name="region", label=gettext_lazy("行政区划代码"))
    indicator = django_filters.ModelChoiceFilter(
        label=gettext_lazy("指标"),
        queryset=Indicator.objects.filter(formula=""),
        to_field_name="code",
        empty_label=gettext_lazy("全部"),
    )

    class Meta:
        model = RegionTarget
        fields = ["year", "region", "indicator"]


class RegionTargetForm(forms.ModelForm):
    class Meta:
        model = RegionTarget
        fields = ["region", "indicator", "year", "value", "document"]
        help_texts = {"value": gettext_lazy("按指标的计量单位填写：金额为万元，如900亿填 9000000。")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = policy.scope(user, Region).order_by("code")
        self.fields["indicator"].queryset = Indicator.objects.filter(is_active=True, formula="")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


def region_target_list(user):
    return policy.scope(user, RegionTarget).select_related("region", "indicator")
