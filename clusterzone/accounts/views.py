"""What differs from the standard pages of accounts (declared in accounts/pages.py)."""

from clusterzone.core.views import ScopedDetailView


class RegionDetailView(ScopedDetailView):
    def extra_context(self, obj):
        return {"children": obj.children.order_by("code"), "units": obj.units.order_by("kind", "name")}
