"""项目任务指标: what the declared pages of Quota ("1233工程", per region and investment band)
and UnitQuota (per unit) (projects/pages.py) do beyond the standard set — the region quota
list also shows the unit quotas of the same year and links to the quota check, and a new
quota starts in the year the list was filtered by."""

from __future__ import annotations

from clusterzone.core.views import ScopedListView, ServiceFormView

from .. import selectors
from ..tables import UNIT_QUOTA_TABLE

UNIT_PANEL_ROWS = 50  # the unit quotas shown under the region quotas; the rest on their own list


class QuotaListView(ScopedListView):
    """The region quotas with, below them, the unit quotas of the same year."""

    template_name = "projects/quota_list.html"

    def base_context(self, **extra):
        ctx = super().base_context(**extra)
        year = self.request.GET.get("year", "")
        units = selectors.unit_quota_list(user=self.request.user).order_by(
            "unit__name", "-year", "-min_amount"
        )
        if year.isdigit():
            units = units.filter(year=int(year))
        shown = list(units[: UNIT_PANEL_ROWS + 1])
        ctx.update(
            year=year if year.isdigit() else "",
            unit_columns=[c.page_header for c in UNIT_QUOTA_TABLE.page_columns],
            unit_rows=UNIT_QUOTA_TABLE.page_rows(shown[:UNIT_PANEL_ROWS]),
            unit_more=len(shown) > UNIT_PANEL_ROWS,
        )
        return ctx


class QuotaFormView(ServiceFormView):
    """A new quota starts in the year given as ?year= (the list's year filter)."""

    def form_kwargs(self):
        kwargs = super().form_kwargs()
        year = self.request.GET.get("year", "")
        if "pk" not in self.kwargs and year.isdigit():
            kwargs["initial"] = {"year": int(year)}
        return kwargs
