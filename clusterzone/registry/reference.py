"""Shipped reference data for the registry: GB/T 4754-2017 sections and divisions, and the
leading-industry categories with the divisions each spans.

Both loaders are idempotent (create missing rows, update changed ones, never delete, skip
unchanged rows) and write through `core.services.instance_save`, so every write leaves a
history row with the reason "内置数据".
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext

from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import instance_changed, instance_save

from .choices import IndustryLevel
from .models import Industry, IndustryCategory

DATA_DIR = Path(__file__).resolve().parent / "data"
INDUSTRIES_CSV = DATA_DIR / "industries_gbt4754_2017.csv"
CATEGORIES_CSV = DATA_DIR / "leading_categories.csv"
REFERENCE_REASON = "内置数据"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _new_counts() -> dict[str, int]:
    return {"created": 0, "updated": 0, "unchanged": 0}


def _upsert(instance, data: dict, counts: dict[str, int], *, actor=None, force: bool = False):
    if instance.pk is None:
        counts["created"] += 1
    elif force or instance_changed(instance, data):
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
        return instance
    return instance_save(instance, actor=actor, data=data, reason=REFERENCE_REASON, check_permission=False)


@transaction.atomic
def load_industries(actor=None, *, path: Path = INDUSTRIES_CSV) -> dict[str, int]:
    """Sections (门类) first, then divisions (大类). Returns created/updated/unchanged counts."""
    rows = _read_csv(path)
    counts = _new_counts()
    existing = {i.code: i for i in Industry.objects.all()}
    sections = [r for r in rows if r["level"] == IndustryLevel.SECTION]
    divisions = [r for r in rows if r["level"] == IndustryLevel.DIVISION]
    for row in [*sections, *divisions]:
        parent = None
        if row["parent_code"]:
            parent = existing.get(row["parent_code"])
            if parent is None:
                raise DomainError(
                    gettext("行业 %(code)s 的门类 %(parent)s 不存在。")
                    % {"code": row["code"], "parent": row["parent_code"]}
                )
        industry = existing.get(row["code"]) or Industry(code=row["code"])
        data = {"name": row["name"], "level": row["level"], "parent": parent}
        existing[row["code"]] = _upsert(industry, data, counts, actor=actor)
    return counts


@transaction.atomic
def load_leading_categories(actor=None, *, path: Path = CATEGORIES_CSV) -> dict[str, int]:
    """Leading-industry categories and their divisions (load_industries first)."""
    counts = _new_counts()
    divisions = {i.code: i for i in Industry.objects.filter(level=IndustryLevel.DIVISION)}
    existing = {c.name: c for c in IndustryCategory.objects.prefetch_related("divisions")}
    for row in _read_csv(path):
        codes = [c.strip() for c in row["division_codes"].split(";") if c.strip()]
        missing = [c for c in codes if c not in divisions]
        if missing:
            raise DomainError(
                gettext("主导产业“%(name)s”的行业大类不存在：%(codes)s")
                % {"name": row["name"], "codes": "、".join(missing)}
            )
        wanted = [divisions[c] for c in codes]
        category = existing.get(row["name"]) or IndustryCategory(name=row["name"])
        # the M2M is outside instance_changed: compare it here, save when it differs
        m2m_differs = category.pk is not None and {d.pk for d in category.divisions.all()} != {
            d.pk for d in wanted
        }
        _upsert(category, {"name": row["name"], "divisions": wanted}, counts, actor=actor, force=m2m_differs)
    return counts


def load_reference(actor=None) -> dict[str, dict[str, int]]:
    """Regions, industries and leading-industry categories, in that order."""
    from clusterzone.accounts.reference import load_regions

    return {
        "regions": load_regions(actor),
        "industries": load_industries(actor),
        "categories": load_leading_categories(actor),
    }
