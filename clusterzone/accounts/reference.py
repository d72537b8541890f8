"""Shipped reference data for accounts: Henan's administrative regions (GB/T 2260).

`load_regions` is idempotent: it creates missing regions, updates changed names, levels and
parents, never deletes, and skips unchanged rows, so a second run writes nothing. Every
write goes through `core.services.instance_save` (validation + a history row with a reason).
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext

from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import instance_changed, instance_save

from .models import Region

REGIONS_CSV = Path(__file__).resolve().parent / "data" / "regions_henan.csv"
REGIONS_REASON = "内置行政区划数据"


def read_regions(path: Path = REGIONS_CSV) -> list[dict[str, str]]:
    """The CSV rows (code, name, level, parent_code), parents before children."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]
    by_code = {r["code"]: r for r in rows}

    def depth(row, seen=()):
        parent = row["parent_code"]
        if not parent:
            return 0
        if parent in seen:
            raise DomainError(gettext("行政区划数据存在循环上级：%(code)s") % {"code": row["code"]})
        if parent not in by_code:
            return 1  # parent expected in the database already
        return 1 + depth(by_code[parent], (*seen, row["code"]))

    return sorted(rows, key=lambda r: (depth(r), r["code"]))


@transaction.atomic
def load_regions(actor=None, *, path: Path = REGIONS_CSV) -> dict[str, int]:
    """Load the shipped region list. Returns {"created", "updated", "unchanged"} counts."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    existing = {r.code: r for r in Region.objects.all()}
    for row in read_regions(path):
        parent = None
        if row["parent_code"]:
            parent = existing.get(row["parent_code"])
            if parent is None:
                raise DomainError(
                    gettext("行政区划 %(code)s 的上级 %(parent)s 不存在。")
                    % {"code": row["code"], "parent": row["parent_code"]}
                )
        data = {"name": row["name"], "level": row["level"], "parent": parent}
        region = existing.get(row["code"])
        if region is None:
            region = Region(code=row["code"])
            counts["created"] += 1
        elif instance_changed(region, data) or region.path != _expected_path(row["code"], parent):
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
            continue
        instance_save(region, actor=actor, data=data, reason=REGIONS_REASON, check_permission=False)
        existing[region.code] = region
    counts["updated"] += _repair_paths(actor)
    return counts


def _expected_path(code: str, parent: Region | None) -> str:
    return f"{parent.path if parent else ''}{code}/"


def _repair_paths(actor) -> int:
    """Re-save regions (e.g. added by hand below a moved region) whose stored path is stale."""
    regions = {r.pk: r for r in Region.objects.all()}
    expected: dict[int, str] = {}

    def path_of(region: Region) -> str:
        if region.pk not in expected:
            parent = regions.get(region.parent_id)
            expected[region.pk] = f"{path_of(parent) if parent else ''}{region.code}/"
        return expected[region.pk]

    repaired = 0
    for region in sorted(regions.values(), key=lambda r: path_of(r).count("/")):
        if region.path != path_of(region):
            if region.parent_id:
                region.parent = regions[region.parent_id]
            instance_save(region, actor=actor, reason=REGIONS_REASON, check_permission=False)
            repaired += 1
    return repaired
