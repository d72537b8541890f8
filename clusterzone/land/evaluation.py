"""The enterprise as an assessment subject (亩均效益评价): the inputs the one engine scores.

Metrics per enterprise and year (EnterpriseFigures), exact Decimals:
    mu_tax              亩均税收 = tax / land (万元/亩)
    mu_value_added      亩均增加值 = value added / land (万元/亩)
    energy_productivity 单位能耗增加值 = value added / energy (万元/吨标准煤)
    labour_productivity 全员劳动生产率 = value added / employees (万元/人)
    rnd_share           研发经费占比 = R&D / revenue × 100 (%)
A zero denominator leaves the metric missing (0 points and a flag, as for any subject).

Who is evaluated: the enterprises of the region (or of one cluster) with figures for the
year. Not evaluated (class T, 不参评), by the scheme's `exclude` rules: land under
`min_land` 亩 (default 3), or founded less than `min_years` years (default 2) before the
year evaluated — founded after 1 January of (year − min_years).

    enterprise_subject() -> assessment.subjects.Subject       registered by LandConfig.ready
    default_definition(region_code, year) -> dict             the shipped scheme (30/20/20/15/15)
Queries: enterprises with their figures (1), whatever the number of enterprises.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterzone.assessment.measures import _s, resolve_region
from clusterzone.assessment.subjects import Subject
from clusterzone.registry.models import Enterprise

METRICS = {
    "mu_tax": gettext_lazy("亩均税收"),
    "mu_value_added": gettext_lazy("亩均增加值"),
    "energy_productivity": gettext_lazy("单位能耗增加值"),
    "labour_productivity": gettext_lazy("全员劳动生产率"),
    "rnd_share": gettext_lazy("研发经费占比"),
}
DEFAULT_EXCLUDE = {"min_land": 3, "min_years": 2}
SCHEME_FILE = Path(__file__).parent / "data" / "muju_scheme.yaml"


def _div(a, b, factor=1) -> Decimal | None:
    if a is None or b in (None, 0):
        return None
    return Decimal(a) / Decimal(b) * factor


def metrics_of(f) -> dict[str, Decimal | None]:
    return {
        "mu_tax": _div(f.tax, f.land_area),
        "mu_value_added": _div(f.value_added, f.land_area),
        "energy_productivity": _div(f.value_added, f.energy),
        "labour_productivity": _div(f.value_added, f.employees),
        "rnd_share": _div(f.rnd, f.revenue, 100),
    }


def exclusion_reasons(definition, year: int, land, founded) -> list[str]:
    rules = {**DEFAULT_EXCLUDE, **(definition.get("exclude") or {})}
    reasons = []
    min_land = Decimal(str(rules["min_land"]))
    if land is not None and Decimal(land) < min_land:
        reasons.append(_("用地面积不足%(n)s亩") % {"n": _s(min_land)})
    years = int(rules["min_years"])
    if founded is not None and founded > date(int(year) - years, 1, 1):
        reasons.append(_("成立不满%(n)d年") % {"n": years})
    return reasons


def read_inputs(definition, year, region, *, exclude_run_id=None, cluster=None) -> dict:
    from .models import EnterpriseFigures

    region = resolve_region(region)
    year = int(year)
    qs = EnterpriseFigures.objects.filter(year=year).select_related("enterprise")
    if cluster is not None:
        qs = qs.filter(enterprise__cluster=cluster)
    else:
        qs = qs.filter(enterprise__cluster__region__path__startswith=region.path)
    subjects = {}
    for f in qs.order_by("enterprise_id"):
        e = f.enterprise
        entry = {
            "name": e.name,
            "enterprise": e.pk,
            "figures": {
                "land_area": _s(f.land_area),
                "tax": _s(f.tax),
                "value_added": _s(f.value_added),
                "revenue": _s(f.revenue),
                "energy": _s(f.energy),
                "employees": f.employees,
                "rnd": _s(f.rnd),
            },  # fmt: skip
            "measures": {f"{k}.value": _s(v) for k, v in metrics_of(f).items()},
        }
        reasons = exclusion_reasons(definition, year, f.land_area, e.founded)
        if reasons:
            entry["excluded"] = reasons
        subjects[e.code] = entry
    out = {"year": year, "region": region.code, "subjects": subjects}
    if cluster is not None:
        out["cluster"] = cluster.code
    return out


def ids(codes) -> dict:
    codes = list(codes)
    out = {}
    for pk, credit, name in Enterprise.objects.filter(credit_code__in=codes).values_list(
        "id", "credit_code", "name"
    ):
        out[credit] = (pk, name)
    rest = [c for c in codes if c not in out]
    if rest:
        for pk, org, name in Enterprise.objects.filter(org_code__in=rest).values_list(
            "id", "org_code", "name"
        ):
            out[org] = (pk, name)
    return out


def enterprise_subject() -> Subject:
    return Subject(
        kind="enterprise",
        label=gettext_lazy("企业"),
        read_inputs=read_inputs,
        ids=ids,
        catalog=lambda: set(METRICS),
        before_publish=_before_publish,
    )


def _before_publish(run, **options):
    from .services import check_publishable

    check_publishable(run, **options)


def default_definition(region_code: str, year: int) -> dict:
    definition = yaml.safe_load(SCHEME_FILE.read_text(encoding="utf-8"))
    definition["region"] = str(region_code)
    definition["year"] = int(year)
    return definition


def row_json(row) -> dict:
    """The CLI object: credit_code, score, rank (null for T), class, points per metric code."""
    return {
        "credit_code": row.cluster,
        "score": None if row.excluded else float(row.score),
        "rank": row.rank,
        "class": row.klass,
        "points": {k.removesuffix(".value"): float(v) for k, v in row.points.items()},
    }
