"""Pages of reporting status: the reporter's forms due (/reporting/my-forms/) and the office's
matrix of who has reported (/reporting/status/), with its Excel export."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core.exceptions import DomainError, NotFound, PermissionDenied
from clusterzone.core.exporting import workbook_bytes, xlsx_response
from clusterzone.core.periods import MONTHLY, Period
from clusterzone.core.units import date_label, percent

from ..models import DataSet
from ..selectors import status as selectors


class MyFormsView(LoginRequiredMixin, View):
    template_name = "reporting/status/my_forms.html"

    def get(self, request):
        forms = selectors.my_forms(user=request.user)
        ctx = {
            "title": _("待填报表"),
            "breadcrumbs": [{"label": _("统计报表"), "url": None}, {"label": _("待填报表"), "url": None}],
            "my_forms": forms,
            "overdue_count": sum(1 for f in forms if f.overdue),
        }
        return render(request, self.template_name, ctx)


STATUS_PAGE_ROWS = 100  # clusters per page of the matrix (national scale: 2,700 → 27 pages)
LATE_ROWS = 100  # rows of the late list on the page; the export holds all of them


class StatusView(LoginRequiredMixin, View):
    """?dataset=monthly_stats&region=410000&from=2025-01&to=2025-06[&export=xlsx]"""

    template_name = "reporting/status/status.html"

    def get(self, request):
        if not policy.may(request.user, "view", "submission"):
            raise DjangoPermissionDenied(_("您没有执行此操作的权限。"))
        datasets = list(DataSet.objects.filter(is_active=True).order_by("code"))
        today = timezone.localdate()
        ctx = {
            "title": _("报送情况"),
            "breadcrumbs": [{"label": _("统计报表"), "url": None}, {"label": _("报送情况"), "url": None}],
            "datasets": datasets,
            "regions": policy.scope(request.user, Region).only("code", "name", "level").order_by("code"),
            "legend": selectors.legend(),
            "params": {k: request.GET.get(k, "") for k in ("dataset", "region", "from", "to")},
            "status": None,
        }
        if not datasets:
            ctx["error"] = _("尚未设置任何报表。")
            return render(request, self.template_name, ctx)
        code = request.GET.get("dataset") or datasets[0].code
        dataset = next((d for d in datasets if d.code == code), None)
        if dataset is None:
            raise Http404(_("报表“%(code)s”不存在。") % {"code": code})
        ctx["params"]["dataset"] = dataset.code
        ctx["dataset_kind"] = dataset.period_kind
        try:
            start, end = request.GET.get("from"), request.GET.get("to")
            if start or end:
                periods = selectors.parse_periods(dataset, start=start or end, end=end or start)
            else:
                periods = selectors.default_periods(dataset, today)
                ctx["params"].update({"from": str(periods[0]), "to": str(periods[-1])})
            status = selectors.reporting_status(
                user=request.user,
                dataset=dataset,
                periods=periods,
                region=request.GET.get("region") or None,
                today=today,
            )
        except NotFound as exc:
            raise Http404(exc.message)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message)
        except DomainError as exc:
            ctx["error"] = exc.message
            return render(request, self.template_name, ctx, status=400)
        if request.GET.get("export") == "xlsx":
            name = f"{dataset.name}报送情况_{timezone.localdate():%Y%m%d}.xlsx"
            return xlsx_response(status_xlsx(status), name)
        ctx["status"] = status
        # one page of clusters; the totals, the groups and the late list stay the region's
        ctx["page"] = Paginator(status.rows, STATUS_PAGE_ROWS).get_page(request.GET.get("page"))
        ctx["late_shown"] = status.late[:LATE_ROWS]
        ctx["period_heads"] = [
            {"period": p, "due": d, "rate": r}
            for p, d, r in zip(status.periods, status.due_dates, status.by_period, strict=True)
        ]
        return render(request, self.template_name, ctx)


def status_xlsx(status: selectors.ReportingStatus) -> bytes:
    """The matrix as a workbook: one sheet with the states (coloured as on the page, 迟报
    marked), the completeness and timeliness rows, a sheet per region and the late list."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    fills = {
        "missing": "D9D9D9",
        "draft": "FFE699",
        "submitted": "BDD7EE",
        "approved": "C6E0B4",
        "returned": "F4B6B6",
    }
    wb = Workbook()
    ws = wb.active
    ws.title = _("报送情况")[:31]
    bold = Font(bold=True)
    head = [_("集聚区代码"), _("集聚区名称"), _("所属区划")] + [p.label for p in status.periods]
    head += [_("及时率"), _("完整率")]
    ws.append(head)
    for cell in ws[1]:
        cell.font = bold
    for row in status.rows:
        values = [row.cluster_code, row.cluster_name, row.region_name]
        values += [c.label + (_("（迟报）") if c.late and c.received else "") for c in row.cells]
        values += [percent(row.rate.timeliness), percent(row.rate.completeness)]
        ws.append(values)
        for i, c in enumerate(row.cells):
            ws.cell(row=ws.max_row, column=4 + i).fill = PatternFill("solid", fgColor=fills[c.state])
    ws.append([_("完整率"), "", ""] + [percent(r.completeness) for r in status.by_period])
    ws.append([_("及时率"), "", ""] + [percent(r.timeliness) for r in status.by_period])
    ws.append([_("截止日期"), "", ""] + [date_label(d) for d in status.due_dates])
    ws.freeze_panes = "D2"
    ws.column_dimensions["B"].width = 30

    regions = wb.create_sheet(_("分地区"))
    regions.append(
        [_("区划代码"), _("区划"), _("集聚区数"), _("应报"), _("已报"), _("按时"), _("完整率"), _("及时率")]
    )
    for g in status.groups:
        t = g.total
        regions.append(
            [
                g.code,
                g.name,
                g.clusters,
                t.expected,
                t.received,
                t.on_time,
                percent(t.completeness),
                percent(t.timeliness),
            ]
        )
    t = status.total
    regions.append(
        [
            "",
            _("合计"),
            len(status.rows),
            t.expected,
            t.received,
            t.on_time,
            percent(t.completeness),
            percent(t.timeliness),
        ]
    )

    late = wb.create_sheet(_("迟报和未报"))
    late.append(
        [
            _("集聚区代码"),
            _("集聚区名称"),
            _("所属区划"),
            _("期间"),
            _("截止日期"),
            _("状态"),
            _("类别"),
            _("逾期工作日"),
        ]
    )
    for item in status.late:
        late.append(
            [
                item.cluster_code,
                item.cluster_name,
                item.region_name,
                item.period.label,
                date_label(item.due_date),
                item.state_label,
                item.kind_label,
                item.workdays_late,
            ]
        )
    return workbook_bytes(wb)


urlpatterns = [
    path("my-forms/", MyFormsView.as_view(), name="my_forms"),
    path("status/", StatusView.as_view(), name="status"),
]


class BurdenView(LoginRequiredMixin, View):
    """填报负担 (最多报一次): ?region=410000&period=2025-04 — per cluster the forms owed, the
    fields asked, pre-filled and accepted, overwritten, typed by hand and the minutes from
    opening to submitting; the trend of the last six months; which data sets ask what the
    platform already has."""

    template_name = "reporting/status/burden.html"

    def get(self, request):
        from ..selectors import burden as b

        if not policy.may(request.user, "view", "submission"):
            raise DjangoPermissionDenied(_("您没有执行此操作的权限。"))
        today = timezone.localdate()
        default = Period.containing(MONTHLY, today).previous
        params = {
            "region": request.GET.get("region", ""),
            "period": request.GET.get("period") or str(default),
        }
        ctx = {
            "title": _("填报负担"),
            "breadcrumbs": [{"label": _("统计报表"), "url": None}, {"label": _("填报负担"), "url": None}],
            "regions": policy.scope(request.user, Region).only("code", "name", "level").order_by("code"),
            "params": params,
            "asks": b.datasets_asking_known(),
        }
        try:
            burden = b.reporting_burden(
                user=request.user, period=params["period"], region=params["region"] or None
            )
            trend = b.burden_trend(user=request.user, period=burden.period, region=burden.region)
        except NotFound as exc:
            raise Http404(exc.message)
        except DomainError as exc:
            ctx["error"] = exc.message
            return render(request, self.template_name, ctx, status=400)
        if request.GET.get("format") == "xlsx":
            return burden_xlsx_response(burden)
        ctx.update(
            {"burden": burden, "total": burden.total, "trend": trend, "period_label": burden.period.label}
        )
        return render(request, self.template_name, ctx)


BURDEN_HEADERS = [
    ("cluster_code", _("集聚区代码")), ("cluster_name", _("集聚区")), ("region_name", _("所属区划")),
    ("forms", _("应报表数")), ("submitted", _("已报")), ("fields_asked", _("填报项数")),
    ("prefilled", _("预填采用")), ("overwritten", _("预填改写")), ("typed", _("手工填写")),
    ("minutes_to_submit", _("平均用时（分钟）")),
]  # fmt: skip


def burden_xlsx_response(burden):
    """导出Excel of the burden page: one row per cluster and the total."""
    import io

    from openpyxl import Workbook

    from clusterzone.core.exporting import write_only_cell, xlsx_response

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(_("填报负担")))
    ws.append([str(label) for _name, label in BURDEN_HEADERS])
    total = burden.total
    for row in [*burden.rows, total]:
        values = [getattr(row, name) for name, _label in BURDEN_HEADERS]
        if row is total:
            values[:3] = ["", str(_("合计")), ""]
        ws.append([write_only_cell(ws, v) for v in values])
    buf = io.BytesIO()
    wb.save(buf)
    name = _("填报负担%(p)s") % {"p": burden.period.label}
    return xlsx_response(buf.getvalue(), f"{name}.xlsx")


urlpatterns += [path("burden/", BurdenView.as_view(), name="burden")]
