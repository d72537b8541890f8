"""The statistics page of the problem ledger per unit and month (with its chart) and the
monthly supervision bulletin (督查通报) in Word."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.core import officialdoc
from clusterzone.core.exceptions import DomainError
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
            period=period, rows=rows, total=statistics.totals(rows), chart=statistics.chart_rows(rows),
            can_issue=policy.may(request.user, "add", "issueddocument"), today=timezone.localdate(),
        )  # fmt: skip
        return render(request, "supervision/statistics.html", ctx)


class BulletinView(_StatisticsBase):
    """GET: a preview of the period's 督查通报 (not numbered); POST: issue it through the
    register of issued documents with its 发文字号 (core.documents), then download it."""

    def post(self, request):
        self.check(request)
        period = period_of(request)
        try:
            signed_on = date.fromisoformat(request.POST.get("signed_on") or "")
        except ValueError:
            signed_on = timezone.localdate()
        try:
            doc = statistics.bulletin_issue(actor=request.user, period=period, signed_on=signed_on)
        except DomainError as exc:
            if exc.code == "permission_denied":
                raise DjangoPermissionDenied(exc.message)
            messages.error(request, exc.message)
            return redirect(f"{reverse('supervision:statistics')}?period={period.code}")
        messages.success(
            request, _("已印发：%(number)s %(title)s") % {"number": doc.number, "title": doc.title}
        )
        return redirect(f"{reverse('core:document_list')}?kind={doc.kind}")

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
