"""The statistics page of the problem ledger per unit and month (with its chart) and the
monthly supervision bulletin (督查通报) in Word."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.core import officialdoc
from clusterzone.core.periods import Period, PeriodError
from clusterzone.core.views import PageMixin

from . import statistics


def period_of(request) -> Period:
    try:
        return Period.parse(request.GET.get("period") or "")
    except (PeriodError, ValueError):
        today = timezone.localdate()
        last = today.replace(day=1) - timedelta(days=1)
        return Period.month(last.year, last.month)


class _StatisticsBase(PageMixin, View):
    section = gettext_lazy("督查督办")

    def check(self, request):
        if not policy.may(request.user, "view", "problem"):
            raise DjangoPermissionDenied(_("您没有执行此操作的权限。"))


class StatisticsView(_StatisticsBase):
    title = gettext_lazy("办理统计")

    def get(self, request):
        self.check(request)
        period = period_of(request)
        rows = statistics.unit_statistics(user=request.user, period=period)
        ctx = self.base_context(
            period=period, rows=rows, total=statistics.totals(rows), chart=statistics.chart_rows(rows)
        )
        return render(request, "supervision/statistics.html", ctx)


class BulletinView(_StatisticsBase):
    def get(self, request):
        self.check(request)
        period = period_of(request)
        unit = getattr(request.user, "unit", None)
        doc = statistics.bulletin_document(
            user=request.user, period=period, issuer=unit.name if unit else _("联席会议办公室"),
            signed_on=timezone.localdate(),
        )  # fmt: skip
        response = HttpResponse(officialdoc.render(doc), content_type=officialdoc.DOCX_MIME)
        name = f"督查通报_{period.code}.docx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response


urlpatterns = [
    path("statistics/", StatisticsView.as_view(), name="statistics"),
    path("statistics/bulletin.docx", BulletinView.as_view(), name="bulletin"),
]
