"""Organisation units as a subject of the one assessment engine (行风评议).

`unit_subject()` is registered by EvaluationConfig.ready as the kind "unit". The engine's
inputs for a region and a period (`definition["period"]`: a month "2026-04", or the whole
`year` when absent) name every member department (成员单位) of the region by its id:

    measures["<criterion code>.value"] = the mean of the month's ratings of that criterion
        (百分制: the scores; 满意度: each answer's points as the criterion maps it), or, for
        an objective criterion, the unit's 按时办结率 / 满意率 of the period from the
        problem ledger (supervision.statistics) — a unit with no problem closed (or rated)
        in the period has nothing late (or unsatisfied): 100, with a note
    excluded = ["本期无评议"] for a department nobody rated in the period

`definition_for(region, month, criteria, bottom)` is the scheme the results use: each
criterion scored by the engine's `target` method against 100 with its weight (so a mean of
90 on a criterion of weight 25 gives 22.5 points), bottom N labelled 通报问责 (the engine's
`outcomes.bottom`: N lowest by reverse competition rank — every unit tied at the boundary
is included). Queries: criteria, units, ratings aggregated (1 each) + the ledger's figures
(4), whatever the number of units and ratings.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.assessment.measures import _s, resolve_region
from clusterzone.assessment.subjects import Subject
from clusterzone.core.periods import Period

from .choices import Source

BOTTOM_LABEL = gettext_lazy("通报问责")


def period_of(definition, year) -> Period:
    text = (definition or {}).get("period")
    return Period.parse(text) if text else Period.parse(str(int(year)))


def months_of(period: Period) -> list[str]:
    if period.kind == "monthly":
        return [str(period)]
    return [f"{period.year:04d}-{m:02d}" for m in range(1, 13)]


def criteria_of(region):
    from .models import Criterion

    return list(Criterion.objects.filter(region=region, active=True).order_by("position", "id"))


def departments_of(region):
    return OrgUnit.objects.filter(region=region, kind=UnitKind.DEPARTMENT).order_by("name", "id")


def read_inputs(definition, year, region, *, exclude_run_id=None, cluster=None, criteria=None) -> dict:
    from clusterzone.supervision.statistics import unit_statistics

    from .models import Rating

    region = resolve_region(region)
    period = period_of(definition, year)
    criteria = criteria if criteria is not None else criteria_of(region)
    rated = {c.pk: c for c in criteria if c.source == Source.RATING}
    objective = [c for c in criteria if c.source != Source.RATING]
    units = list(departments_of(region))
    sums: dict[tuple[int, int], list] = {}
    counted: dict[int, int] = {}
    rows = (
        Rating.objects.filter(
            months_filter(period), unit__in=[u.pk for u in units], criterion__in=list(rated)
        )
        .values("unit", "criterion", "level")
        .annotate(n=Count("id"), total=Sum("score"))
        .order_by()
    )
    for row in rows:
        criterion = rated[row["criterion"]]
        points = (
            criterion.level_points(row["level"]) * row["n"] if row["level"] else Decimal(row["total"] or 0)
        )
        acc = sums.setdefault((row["unit"], row["criterion"]), [Decimal(0), 0])
        acc[0] += points
        acc[1] += row["n"]
        counted[row["unit"]] = counted.get(row["unit"], 0) + row["n"]
    stats = {}
    if objective:
        stats = {s.unit.pk: s for s in unit_statistics(user=policy.SYSTEM, period=period)}
    subjects = {}
    for unit in units:
        entry = {
            "name": unit.name,
            "unit": unit.pk,
            "ratings": counted.get(unit.pk, 0),
            "measures": {},
            "notes": [],
        }
        if not counted.get(unit.pk):
            entry["excluded"] = [_("本期无评议")]
        for pk, criterion in rated.items():
            acc = sums.get((unit.pk, pk))
            entry["measures"][f"{criterion.code}.value"] = _s(acc[0] / acc[1]) if acc else None
        for criterion in objective:
            s = stats.get(unit.pk)
            rate = None
            if s is not None:
                rate = s.on_time_rate if criterion.source == Source.ON_TIME_RATE else s.satisfaction_rate
            if rate is None:
                rate = Decimal(100)
                entry["notes"].append(_("%(c)s：本期无可计算的问题，按100计。") % {"c": criterion.name})
            entry["measures"][f"{criterion.code}.value"] = _s(rate)
        subjects[str(unit.pk)] = entry
    return {"year": period.year, "period": str(period), "region": region.code, "subjects": subjects}


def months_filter(period: Period):
    from django.db.models import Q

    months = months_of(period)
    return Q(month=months[0]) if len(months) == 1 else Q(month__in=months)


def ids(codes) -> dict:
    pks = [int(c) for c in codes if str(c).isdigit()]
    return {str(pk): (pk, name) for pk, name in OrgUnit.objects.filter(pk__in=pks).values_list("id", "name")}


def catalog():
    from .models import Criterion

    return set(Criterion.objects.values_list("code", flat=True))


def unit_subject() -> Subject:
    return Subject(
        kind="unit", label=gettext_lazy("成员单位"), read_inputs=read_inputs, ids=ids, catalog=catalog
    )


def definition_for(region, period: Period | str, criteria, *, bottom: int) -> dict:
    period = Period.parse(period)
    rated = [c for c in criteria if c.source == Source.RATING]
    objective = [c for c in criteria if c.source != Source.RATING]

    def item(c):
        return {
            "indicator": c.code,
            "measure": "value",
            "weight": _s(c.weight),
            "method": "target",
            "target": 100,
        }

    dimensions = []
    if rated:
        dimensions.append({"name": str(_("评议")), "indicators": [item(c) for c in rated]})
    if objective:
        dimensions.append({"name": str(_("客观指标")), "indicators": [item(c) for c in objective]})
    return {
        "name": str(_("%(r)s行风评议") % {"r": region.name}),
        "year": period.year,
        "region": region.code,
        "subject": "unit",
        "period": str(period),
        "dimensions": dimensions,
        "outcomes": {"bottom": {"count": int(bottom), "label": str(BOTTOM_LABEL)}},
    }
