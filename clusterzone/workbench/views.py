"""The home page (工作台): each role's sections (workbench/sections.py), and 催报."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from clusterzone.core.exceptions import DomainError
from clusterzone.reporting import services as reporting
from clusterzone.reporting.models import DataSet

from . import registry, sections, selectors  # noqa: F401  (sections declares the built-in ones)


class HomeView(LoginRequiredMixin, View):
    template_name = "workbench/home.html"

    def get(self, request):
        today = timezone.localdate()
        ctx = {
            "title": _("工作台"),
            "today": today,
            "sections": registry.build(request.user, today),
        }
        return render(request, self.template_name, ctx)


class RemindView(LoginRequiredMixin, View):
    """催报: POST dataset (code) and period; reminds every cluster in scope not yet reported
    (or only the cluster given), records it, and goes back to the workbench."""

    def post(self, request):
        today = timezone.localdate()
        code, period, cluster = (
            request.POST.get("dataset"),
            request.POST.get("period"),
            request.POST.get("cluster"),
        )
        item = next(
            (p for p in selectors.open_periods(user=request.user, today=today) if p.dataset.code == code),
            None,
        )
        if item is None or str(item.period) != period:
            if not DataSet.objects.filter(code=code).exists():
                raise Http404
            messages.error(request, _("只能催报当前报送期的报表。"))
            return redirect("home")
        clusters = [c for c in item.missing if not cluster or c.code == cluster]
        try:
            sent = reporting.reminder_send(
                actor=request.user, dataset=item.dataset, period=period, clusters=clusters
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("已向%(n)s个集聚区催报“%(ds)s”%(period)s。")
                % {"n": len(sent), "ds": item.dataset.name, "period": item.period.label},
            )
        return redirect("home")
