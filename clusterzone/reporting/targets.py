"""Services of annual targets (目标责任书) and multi-year plan milestones: every write of a
Target or a PlanMilestone goes through here (pages, API, the targets importer, the CLI).

Policy kind "target" (PlanMilestone is placed by its cluster and governed by the same rules):
the joint-meeting office of the cluster's region sets them; everyone in scope reads them.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import instance_delete, instance_save

from .models import PlanMilestone, Target

MIN_YEAR, MAX_YEAR = 2000, 2100


def check_year(year) -> None:
    if year is None or not (MIN_YEAR <= int(year) <= MAX_YEAR):
        raise DomainError(
            _("年度应为%(a)d—%(b)d之间的四位年份。") % {"a": MIN_YEAR, "b": MAX_YEAR}, field="year"
        )


def check_value(indicator, value) -> None:
    if value is None:
        raise DomainError(_("目标值不能为空。"), field="value")
    if indicator is not None and indicator.non_negative and Decimal(value) < 0:
        raise DomainError(_("“%(name)s”的目标值不能为负数。") % {"name": indicator.name}, field="value")


def _check(instance, data: dict | None) -> None:
    """Check the row as it will be (stored fields overlaid with `data`) without touching the
    instance: instance_save checks the policy on the row as it was first."""
    data = data or {}
    year = data.get("year", instance.year)
    indicator = (
        data["indicator"] if "indicator" in data else (instance.indicator if instance.indicator_id else None)
    )
    check_year(year)
    check_value(indicator, data.get("value", instance.value))


@transaction.atomic
def target_save(*, actor, target: Target, data: dict | None = None, reason: str | None = None) -> Target:
    """Create (target.pk is None) or update an annual target with `data`."""
    _check(target, data)
    return instance_save(target, actor=actor, data=data, reason=reason)


@transaction.atomic
def target_delete(*, actor, target: Target, reason: str | None = None) -> None:
    instance_delete(target, actor=actor, reason=reason)


@transaction.atomic
def region_target_save(*, actor, target, data: dict | None = None, reason: str | None = None):
    """Create or update a region's own annual target (RegionTarget)."""
    _check(target, data)
    return instance_save(target, actor=actor, data=data, reason=reason)


@transaction.atomic
def region_target_delete(*, actor, target, reason: str | None = None) -> None:
    instance_delete(target, actor=actor, reason=reason)


@transaction.atomic
def milestone_save(
    *, actor, milestone: PlanMilestone, data: dict | None = None, reason: str | None = None
) -> PlanMilestone:
    """Create or update a plan milestone (by year N, indicator ≥ value)."""
    if not str((data or {}).get("plan", milestone.plan) or "").strip():
        raise DomainError(_("请填写规划名称。"), field="plan")
    _check(milestone, data)
    return instance_save(milestone, actor=actor, data=data, reason=reason)


@transaction.atomic
def milestone_delete(*, actor, milestone: PlanMilestone, reason: str | None = None) -> None:
    instance_delete(milestone, actor=actor, reason=reason)
