"""Pages of catch-up benchmarks (赶超目标) and bulletins (通报), under /assessment/:

benchmarks/                         assessment:benchmark_list  the benchmarks in scope
benchmarks/<code>/?period=2025-04   assessment:catchup         a cluster's gap to its
                                                               benchmark, per indicator and
                                                               in rank, month by month
benchmarks/<code>/edit/             assessment:benchmark_edit  name the benchmark of a year
bulletin/                           assessment:bulletin        region + month form; with
                                                               format=docx|xlsx downloads
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core import units
from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.core.exporting import XLSX_MIME
from clusterzone.core.periods import MONTHLY, Period
from clusterzone.core.views import PageMixin
from clusterzone.reporting.selectors import progress as prog

from .. import benchmarks as bm
from ..bulletins import build
from ..bulletins import docx as bulletin_docx
from ..bulletins import xlsx as bulletin_xlsx
from ..charts import catchup_option
from ..forms import BenchmarkForm, BulletinForm
from ..models_benchmarks import Benchmark

SECTION = gettext_lazy("考核评价")


def _default_period() -> Period:
    return Period.containing(MONTHLY, timezone.localdate()).previous


def _attachment(content: bytes, mime: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class BenchmarkListView(PageMixin, View):
    template_name = "assessment/benchmark_list.html"
    section = SECTION

    def get(self, request):
        if not policy.may(request.user, "view", "benchmark"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        year = request.GET.get("year", "").strip()
        qs = bm.benchmark_list(user=request.user).order_by("-year", "cluster__code")
        if year.isdigit():
            qs = qs.filter(year=int(year))
        ctx = self.base_context(title=_("赶超目标"), benchmarks=list(qs[:500]), year=year)
        return render(request, self.template_name, ctx)


class CatchupView(PageMixin, View):
    template_name = "assessment/catchup.html"
    section = SECTION

    def get(self, request, code):
        try:
            cluster = prog.resolve_cluster(request.user, code)
        except (DomainError, NotFound):
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        period_error = ""
        text = request.GET.get("period", "").strip()
        period = prog.latest_period(cluster=cluster) or _default_period()
        if text:
            try:
                period = Period.parse(text)
                if period.kind != MONTHLY:
                    period = Period(MONTHLY, period.year, period.month_of_year)
            except Exception as exc:  # PeriodError: show it beside the field
                period_error = str(exc)
        result = None
        try:
            result = bm.catchup(user=request.user, cluster=cluster, period=period)
        except NotFound:
            result = None
        can_edit = policy.can(request.user, "add", Benchmark(cluster=cluster, year=period.year))
        charts = []
        if result:
            for ind in result.indicators:
                charts.append(
                    {
                        "indicator": ind.indicator,
                        "name": ind.name,
                        "unit": ind.unit,
                        "months": [m.month for m in ind.months],
                        "own": [None if m.own is None else float(m.own) for m in ind.months],
                        "target": [None if m.target is None else float(m.target) for m in ind.months],
                        "own_rank": [m.own_rank for m in ind.months],
                        "target_rank": [m.target_rank for m in ind.months],
                        # the gap to the benchmark as bars: 亿元 for money (万元 stored)
                        "gap_unit": _("亿元") if ind.unit == "万元" else ind.unit,
                        "gap": [
                            None
                            if m.gap is None
                            else units.yi_number(m.gap)
                            if ind.unit == "万元"
                            else float(m.gap)
                            for m in ind.months
                        ],
                    }
                )
        for chart in charts:
            chart["option"] = catchup_option(
                chart, own_name=cluster.name, benchmark_name=result.benchmark.target.name
            )
            chart["option_id"] = f"chart-{chart['indicator']}-option"
        ctx = self.base_context(
            title=_("%(cluster)s 赶超目标") % {"cluster": cluster.name},
            cluster=cluster,
            period=period,
            period_error=period_error,
            result=result,
            charts=charts,
            can_edit=can_edit,
        )
        ctx["breadcrumbs"].append({"label": _("赶超目标"), "url": reverse("assessment:benchmark_list")})
        ctx["breadcrumbs"].append({"label": cluster.name, "url": None})
        return render(request, self.template_name, ctx)


class BenchmarkEditView(PageMixin, View):
    template_name = "assessment/benchmark_form.html"
    section = SECTION

    def _setup(self, code):
        try:
            cluster = prog.resolve_cluster(self.request.user, code)
        except (DomainError, NotFound):
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        year = self.request.GET.get("year") or self.request.POST.get("year") or timezone.localdate().year
        try:
            year = int(year)
        except ValueError:
            year = timezone.localdate().year
        existing = Benchmark.objects.filter(cluster=cluster, year=year).select_related("target").first()
        probe = existing or Benchmark(cluster=cluster, year=year)
        if not policy.can(self.request.user, "change" if existing else "add", probe):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        return cluster, year, existing

    def _render(self, form, cluster, status=200):
        ctx = self.base_context(
            title=_("%(cluster)s 确定赶超目标") % {"cluster": cluster.name}, form=form, cluster=cluster
        )
        ctx["breadcrumbs"].append(
            {"label": cluster.name, "url": reverse("assessment:catchup", args=[cluster.code])}
        )
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, code):
        cluster, year, existing = self._setup(code)
        initial = {"year": year}
        if existing:
            initial.update(target=existing.target, target_rank=existing.target_rank, note=existing.note)
        return self._render(BenchmarkForm(initial=initial, cluster=cluster), cluster)

    def post(self, request, code):
        cluster, year, _existing = self._setup(code)
        form = BenchmarkForm(request.POST, cluster=cluster)
        if form.is_valid():
            d = form.cleaned_data
            try:
                bm.benchmark_set(
                    actor=request.user, cluster=cluster, year=d["year"], target=d["target"],
                    target_rank=d.get("target_rank"), note=d.get("note", ""),
                )  # fmt: skip
            except DomainError as exc:
                for field, msgs in (exc.errors or {None: [exc.message]}).items():
                    for msg in msgs:
                        form.add_error(field if field in form.fields else None, msg)
            else:
                messages.success(request, _("已保存赶超目标。"))
                return redirect(
                    reverse("assessment:catchup", args=[cluster.code]) + f"?period={d['year']}-12"
                )
        return self._render(form, cluster, status=400)


class BulletinView(PageMixin, View):
    template_name = "assessment/bulletin.html"
    section = SECTION

    def get(self, request):
        if not policy.may(request.user, "add", "bulletin"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        bound = bool(request.GET.get("format"))
        if bound:
            form = BulletinForm(request.GET, user=request.user)
        else:
            initial = {"period": str(_default_period()), "format": "docx"}
            region = policy.scope(request.user, Region).order_by("path").first()
            if region is not None:
                initial["region"] = region.code
            form = BulletinForm(initial=initial, user=request.user)
        if bound and form.is_valid():
            d = form.cleaned_data
            try:
                b = build(user=request.user, region=d["region"], period=d["period"], issued=d["date"])
            except (DomainError, NotFound) as exc:
                form.add_error(None, exc.message)
            else:
                if d["format"] == "xlsx":
                    return _attachment(bulletin_xlsx.render(b), XLSX_MIME, b.filename_stem + ".xlsx")
                return _attachment(
                    bulletin_docx.render(b), bulletin_docx.DOCX_MIME, b.filename_stem + ".docx"
                )
        ctx = self.base_context(title=_("通报生成"), form=form, today=units.date_label(timezone.localdate()))
        return render(request, self.template_name, ctx, status=400 if bound else 200)


urlpatterns = [
    path("benchmarks/", BenchmarkListView.as_view(), name="benchmark_list"),
    path("benchmarks/<str:code>/", CatchupView.as_view(), name="catchup"),
    path("benchmarks/<str:code>/edit/", BenchmarkEditView.as_view(), name="benchmark_edit"),
    path("bulletin/", BulletinView.as_view(), name="bulletin"),
]
