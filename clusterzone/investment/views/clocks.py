"""招商服务时限 (ClockRule): what its declared pages (investment/pages.py) do beyond the
standard set — the list shows the platform defaults beside the rules."""

from __future__ import annotations

from clusterzone.core.views import ScopedDetailView, ScopedListView

from ..choices import DEFAULT_CLOCKS, ClockKind


class ClockRuleListView(ScopedListView):
    """The rules, with the default commitments that hold where a region has no rule."""

    template_name = "investment/clock_list.html"

    def base_context(self, **extra):
        ctx = super().base_context(**extra)
        ctx["defaults"] = [(str(label), DEFAULT_CLOCKS[kind]) for kind, label in ClockKind.choices]
        return ctx


class ClockRuleDetailView(ScopedDetailView):
    def extra_context(self, rule) -> dict:
        return {"default_workdays": DEFAULT_CLOCKS[rule.stage]}
