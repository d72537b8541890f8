"""The escalation ladder as data per region: a cluster's problems climb the ladder of the
nearest region (its own, then up the region tree) that has one; a region without any gets
the default four levels 管委会 → 联席会议 → 县政府常务会 → 县委常委会 on first use."""

from __future__ import annotations

from .choices import DEFAULT_LADDER
from .models import LadderLevel


def _ancestor_paths(path: str) -> list[str]:
    segs = [s for s in path.split("/") if s]
    return ["/".join(segs[:n]) + "/" for n in range(1, len(segs) + 1)]


def ladder_for(region) -> list[LadderLevel]:
    """The levels (lowest first) governing problems of a region."""
    levels = list(
        LadderLevel.objects.filter(region__path__in=_ancestor_paths(region.path)).select_related("region")
    )
    if levels:
        deepest = max(lv.region.path for lv in levels)
        return sorted((lv for lv in levels if lv.region.path == deepest), key=lambda lv: lv.order)
    return ensure_default_ladder(region)


def ensure_default_ladder(region) -> list[LadderLevel]:
    created = []
    for order, (name, handler) in enumerate(DEFAULT_LADDER, start=1):
        level, _ = LadderLevel.objects.get_or_create(
            region=region, order=order, defaults={"name": str(name), "handler": str(handler)}
        )
        created.append(level)
    return created


def next_level(level: LadderLevel) -> LadderLevel | None:
    return (
        LadderLevel.objects.filter(region_id=level.region_id, order__gt=level.order).order_by("order").first()
    )
