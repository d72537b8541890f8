"""Reads of the problem ledger, starting from the policy's scope, with constant query counts."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from clusterzone.accounts import policy

from .lights import attach_problem_lights
from .models import Problem, ProblemAct


def problem_list(*, user) -> QuerySet:
    return policy.scope(user, Problem).select_related(
        "cluster", "project", "enterprise", "responsible_unit", "level", "raised_by"
    )


def problem_rows(qs, *, as_of: date) -> list[Problem]:
    """The rows with their lights as of the date (two more queries, whatever the count)."""
    return attach_problem_lights(qs, as_of)


def problem_acts(problem: Problem) -> QuerySet:
    return ProblemAct.objects.filter(problem=problem).select_related("actor", "level", "unit")


def unit_problems(*, user, unit_id: int) -> QuerySet:
    """A unit's problems (the department liaison's workbench)."""
    return problem_list(user=user).filter(Q(responsible_unit_id=unit_id))


def responsible_units(*, user) -> QuerySet:
    """Units a problem may be assigned to: those of the user's region subtree and of the
    regions above it (a county committee raises problems for the city's departments)."""
    from clusterzone.accounts.models import OrgUnit

    above = OrgUnit.objects.filter(region__path__in=policy.ancestor_region_paths(user))
    if policy.is_global(user):
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(
        Q(pk__in=policy.scope(user, OrgUnit).values("pk")) | Q(pk__in=above.values("pk"))
    )
