"""The starter catalog loader: `clusterzone approvals-catalog --region 411722` and the demo.
Idempotent: existing rows (by code, window number) are left as the region edited them."""

from __future__ import annotations

from django.db import transaction

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.services import instance_save

from .data.catalog import GROUPS, MATTERS, WINDOWS
from .models import ApprovalMatter, ApprovalWindow, ParallelGroup


def _unit(region: Region, short: str) -> OrgUnit:
    name = f"{region.name}{short}"
    unit = OrgUnit.objects.filter(region=region, name=name).first()
    if unit is None:
        unit = instance_save(
            OrgUnit(name=name, kind=UnitKind.DEPARTMENT, region=region), actor=SYSTEM, check_permission=False
        )
    return unit


@transaction.atomic
def load_catalog(region: Region, *, centre: str = "") -> dict[str, int]:
    """Windows, parallel groups and matters of the starter catalog for `region`; matter
    codes are "<region code>-<suffix>" (e.g. 411722-102)."""
    counts = {"windows": 0, "groups": 0, "matters": 0}
    centre = centre or f"{region.name}行政服务中心"
    windows = {}
    for number, name, _dept in WINDOWS:
        window = ApprovalWindow.objects.filter(region=region, number=number).first()
        if window is None:
            window = instance_save(
                ApprovalWindow(region=region, number=number, name=name, centre=centre),
                actor=SYSTEM, check_permission=False,
            )  # fmt: skip
            counts["windows"] += 1
        windows[number] = window
    groups = {}
    for suffix, name, stage, dept, days in GROUPS:
        code = f"{region.code}-{suffix}"
        group = ParallelGroup.objects.filter(code=code).first()
        if group is None:
            group = instance_save(
                ParallelGroup(code=code, name=name, stage=stage, lead_department=_unit(region, dept), promised_days=days),
                actor=SYSTEM, check_permission=False,
            )  # fmt: skip
            counts["groups"] += 1
        groups[suffix] = group
    created = {}
    for row in MATTERS:
        (suffix, name, stage, dept, window, statutory, promised, basis, materials, _pre, parallel, regional,
         commitment, group) = row  # fmt: skip
        code = f"{region.code}-{suffix}"
        if ApprovalMatter.objects.filter(code=code).exists():
            continue
        matter = ApprovalMatter(
            code=code, name=name, stage=stage, department=_unit(region, dept), window=windows[window],
            statutory_days=statutory, promised_days=promised, legal_basis=basis, materials=materials,
            parallel=parallel, regional_assessment=regional, commitment=commitment,
            group=groups.get(group),
        )  # fmt: skip
        created[suffix] = instance_save(matter, actor=SYSTEM, check_permission=False)
        counts["matters"] += 1
    for suffix, *_rest in MATTERS:
        prerequisites = _rest[8]
        if suffix in created and prerequisites:
            codes = [f"{region.code}-{p}" for p in prerequisites]
            created[suffix].prerequisites.set(ApprovalMatter.objects.filter(code__in=codes))
    return counts
