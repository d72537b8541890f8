"""Pure computation of an assessment: a scheme definition and plain inputs in, ranked
results out. No database: tests build the inputs by hand.

    compute(definition, inputs) -> list[ResultRow]   ranked rows, then vetoed ones
    input_hash(inputs) -> str                         sha256 of the canonical JSON

Inputs (JSON-serialisable; numbers as strings or numbers):

    {"year": 2025,
     "clusters": {code: {
        "name": str,
        "last_star": int,                    # last year's star, for stars.max_rise
        "previous": {"rank", "star"} | None, # the previous run, for the changes shown
        "measures": {"revenue.yoy": "12.5" | None, …},   # every non-manual scheme indicator
        "history": {"2025": {"values": {code: v}, "targets": {code: v}}, "2024": {…}, …},
        "manual": {"<indicator>.<measure>": {"points": v, "reason": str}},
        "deductions": [{"name", "points", "count", "evidence"}],
        "vetoes": [{"name", "evidence"}]}}}

Rules (issue #4): missing measure → 0 points and a flag naming `<indicator>.<measure>`;
composite = Σ points − Σ deductions, rounded half-up to 2 decimals; competition ranks on the
composite among non-vetoed clusters; stars: the highest level whose min_score and `require`
(year value ≥ minimum) all hold, limited to last_star + max_rise when max_rise is set;
threshold: below when any threshold indicator's year value is missing or under its minimum,
counting consecutive years back through `history` (a year absent from the history stops
the count); outcomes: top N (rank ≤ N), bottom N (N lowest by reverse competition rank; top
wins on overlap), consecutive_missed_targets: a year is missed when a scheme indicator with
a target that year has its year value missing or under the target; N years in a row, ending
this year, give the label. Several labels are joined with "、". A vetoed cluster keeps its
score but takes no rank, star or outcome.

Any subject (subjects.py): the inputs may name their subjects under "subjects" instead of
"clusters" (same shape; clusters, enterprises, organisation units). A subject with
"excluded": [reasons] is not evaluated (亩均评价's 不参评): it takes no points, score, rank
or class, and stays out of the benchmarks' means and of N. `classes` in the definition,
{"levels": [{"code": "A", "share": 20}, …, {"code": "D"}], "excluded": "T"}, classes the
ranked subjects by cumulative shares of their number N: level i takes the ranks up to
round_half_up(N × share_i / 100); the last level (no share) takes the rest; ties share a
competition rank, so subjects tied at a boundary all take the better class. `info`, when
given, receives {"benchmarks": {"<indicator>.<measure>": Decimal}} for the benchmark
method (the scheme's value or the mean used). `exact_scores: true` ranks on the unrounded
sum (the score is rounded to two decimals only for display); otherwise on the rounded one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from clusterzone.core.ranking import competition_ranks

from . import methods
from .schemes import stars_of

CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(v) -> Decimal | None:
    if v is None or v == "":
        return None
    return Decimal(str(v))


@dataclass
class ResultRow:
    cluster: str  # the subject's code (a cluster's, an enterprise's credit code, a unit's)
    name: str
    score: Decimal
    rank: int | None = None
    star: int = 0
    below_threshold: bool = False
    below_threshold_years: int = 0
    outcome: str | None = None
    vetoed: bool = False
    veto_reasons: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    points: dict = field(default_factory=dict)  # key → Decimal (2 decimals)
    dimension_points: dict = field(default_factory=dict)  # dimension name → Decimal
    deductions: list = field(default_factory=list)
    previous_rank: int | None = None
    previous_star: int | None = None
    missed_target_years: int = 0
    exact_score: Decimal | None = None  # the unrounded sum (ranks use it with exact_scores)
    klass: str | None = None  # the class (A/B/C/D…, the excluded class for excluded subjects)
    excluded: bool = False
    exclude_reasons: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # "<indicator>.<measure>" without figures (数据缺失)

    @property
    def unranked_for_missing_data(self) -> bool:
        return bool(self.missing) and self.rank is None and not self.vetoed

    @property
    def subject(self) -> str:
        return self.cluster

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous run (positive = up)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def star_change(self) -> int | None:
        if self.previous_star is None:
            return None
        return self.star - self.previous_star

    def as_json(self) -> dict:
        """The CLI/API object: cluster, name, score, rank, star, below_threshold, outcome,
        flags, points (+ the extra fields)."""
        return {
            "cluster": self.cluster,
            "name": self.name,
            "score": float(self.score),
            "rank": self.rank,
            "star": self.star,
            "below_threshold": self.below_threshold,
            "outcome": self.outcome,
            "flags": self.flags,
            "points": {k: float(v) for k, v in self.points.items()},
            "below_threshold_years": self.below_threshold_years,
            "vetoed": self.vetoed,
            "veto_reasons": self.veto_reasons,
            "dimension_points": {k: float(v) for k, v in self.dimension_points.items()},
            "deductions": self.deductions,
            "previous_rank": self.previous_rank,
            "previous_star": self.previous_star,
            "class": self.klass,
            "excluded": self.excluded,
            "exclude_reasons": self.exclude_reasons,
        }


def input_hash(inputs: dict) -> str:
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _year_value(cluster: dict, year: int, code: str) -> Decimal | None:
    return _dec(((cluster.get("history") or {}).get(str(year)) or {}).get("values", {}).get(code))


def _below(cluster: dict, year: int, threshold: dict) -> bool:
    for code, minimum in threshold.items():
        v = _year_value(cluster, year, code)
        if v is None or v < Decimal(str(minimum)):
            return True
    return False


def _missed(cluster: dict, year: int, codes: list[str]) -> bool | None:
    """Was any target missed that year? None when no scheme indicator had a target."""
    entry = (cluster.get("history") or {}).get(str(year))
    if not entry:
        return None
    targets = entry.get("targets") or {}
    any_target = False
    for code in codes:
        t = _dec(targets.get(code))
        if t is None or t <= 0:
            continue
        any_target = True
        v = _dec((entry.get("values") or {}).get(code))
        if v is None or v / t * 100 < 100:
            return True
    return False if any_target else None


def compute(definition: dict, inputs: dict, info: dict | None = None) -> list[ResultRow]:
    year = int(inputs.get("year") or definition.get("year"))
    clusters: dict[str, dict] = inputs.get("subjects") or inputs.get("clusters") or {}
    excluded = {c: list(v.get("excluded") or []) for c, v in clusters.items() if v.get("excluded")}
    codes = [c for c in clusters if c not in excluded]
    benchmarks: dict[str, Decimal] = {}
    rows = {
        c: ResultRow(
            cluster=c,
            name=clusters[c].get("name", c),
            score=Decimal(0),
            previous_rank=(clusters[c].get("previous") or {}).get("rank"),
            previous_star=(clusters[c].get("previous") or {}).get("star"),
        )
        for c in codes
    }
    raw_total = {c: Decimal(0) for c in codes}
    scheme_codes: list[str] = []

    # 1. points per scheme indicator
    for dim in definition.get("dimensions") or []:
        dname = dim["name"]
        for c in codes:
            rows[c].dimension_points.setdefault(dname, Decimal(0))
        for item in dim.get("indicators") or []:
            measure = item.get("measure", "value")
            key = f"{item['indicator']}.{measure}"
            method = item["method"]
            if method != "manual" and item["indicator"] not in scheme_codes:
                scheme_codes.append(item["indicator"])
            xs = {c: _dec((clusters[c].get("measures") or {}).get(key)) for c in codes}
            extra = None
            if method == "target":
                extra = {
                    c: _dec(
                        ((clusters[c].get("history") or {}).get(str(year)) or {})
                        .get("targets", {})
                        .get(item["indicator"])
                    )
                    for c in codes
                }
            elif method == "manual":
                extra = {
                    c: _dec(((clusters[c].get("manual") or {}).get(key) or {}).get("points")) for c in codes
                }
            if method == "benchmark":
                b = methods.benchmark.benchmark_of(item, xs)
                if b is not None:
                    benchmarks[key] = b
            got = methods.get(method).points(item, xs, extra=extra)
            for c in codes:
                p = got.get(c)
                if p is None:
                    p = Decimal(0)
                    if method == "manual":
                        rows[c].flags.append(_("%(k)s：未录入评议得分") % {"k": key})
                    elif xs[c] is not None and method == "target":
                        rows[c].flags.append(_("%(k)s：无目标值") % {"k": key})
                    else:
                        rows[c].flags.append(_("%(k)s：无数据") % {"k": key})
                        if measure == "value":  # the year's figure itself (数据缺失)
                            rows[c].missing.append(key)
                raw_total[c] += p
                rows[c].points[key] = q2(p)
                rows[c].dimension_points[dname] += p

    # 2. deductions, vetoes → composite
    named_points = {
        d["name"]: Decimal(str(d["points"])) for d in definition.get("deductions") or [] if "points" in d
    }
    for c in codes:
        row = rows[c]
        for d in clusters[c].get("deductions") or []:
            each = _dec(d.get("points"))
            if each is None:
                each = named_points.get(d.get("name"))
            if each is None:
                row.flags.append(_("扣分项“%(n)s”：未设分值") % {"n": d.get("name")})
                continue
            count = int(d.get("count") or 1)
            total = abs(each) * count
            raw_total[c] -= total
            row.deductions.append(
                {
                    "name": d.get("name"),
                    "points": float(abs(each)),
                    "count": count,
                    "total": float(total),
                    "evidence": d.get("evidence", ""),
                }
            )
        row.score = q2(raw_total[c])
        row.exact_score = raw_total[c]
        row.dimension_points = {k: q2(v) for k, v in row.dimension_points.items()}
        vetoes = clusters[c].get("vetoes") or []
        if vetoes:
            row.vetoed = True
            row.veto_reasons = [{"name": v.get("name"), "evidence": v.get("evidence", "")} for v in vetoes]

    # 3. ranks among the non-vetoed
    exact = bool(definition.get("exact_scores"))
    # a cluster missing required figures is not ranked (数据缺失) and takes no star or outcome,
    # unless the scheme says missing data counts as zero (missing_data: zero)
    missing_is_zero = definition.get("missing_data") == "zero"
    if missing_is_zero:
        for c in codes:
            rows[c].missing = []
    unranked = {c for c in codes if rows[c].vetoed or rows[c].missing}
    ranked = {c: (rows[c].exact_score if exact else rows[c].score) for c in codes if c not in unranked}
    for c, r in competition_ranks(ranked).items():
        rows[c].rank = r

    # 4. threshold (consecutive years)
    threshold = definition.get("threshold") or {}
    if threshold:
        for c in codes:
            n = 0
            y = year
            history = clusters[c].get("history") or {}
            while (y == year or str(y) in history) and _below(clusters[c], y, threshold):
                n += 1
                y -= 1
            rows[c].below_threshold = n > 0
            rows[c].below_threshold_years = n

    # 5. stars
    levels, max_rise = stars_of(definition)
    levels = sorted(levels, key=lambda s: -int(s["level"]))
    for c in codes:
        row = rows[c]
        if row.vetoed or row.missing:
            continue
        star = 0
        for level in levels:
            if row.score < Decimal(str(level["min_score"])):
                continue
            ok = True
            for code, minimum in (level.get("require") or {}).items():
                v = _year_value(clusters[c], year, code)
                if v is None or v < Decimal(str(minimum)):
                    ok = False
                    break
            if ok:
                star = int(level["level"])
                break
        if max_rise is not None:
            star = min(star, int(clusters[c].get("last_star") or 0) + int(max_rise))
        row.star = star

    # 6. outcomes
    outcomes = definition.get("outcomes") or {}
    labels: dict[str, list[str]] = {c: [] for c in codes}
    top = outcomes.get("top")
    bottom = outcomes.get("bottom")
    if top:
        for c in ranked:
            if rows[c].rank <= int(top["count"]):
                labels[c].append(top["label"])
    if bottom:
        reverse = competition_ranks(ranked, lower=True)
        for c, r in reverse.items():
            if r <= int(bottom["count"]) and not labels[c]:
                labels[c].append(bottom["label"])
    missed = outcomes.get("consecutive_missed_targets")
    if missed:
        for c in codes:
            n, y = 0, year
            while _missed(clusters[c], y, scheme_codes):
                n += 1
                y -= 1
            rows[c].missed_target_years = n
            if n >= int(missed["years"]) and c not in unranked:
                labels[c].append(missed["label"])
    for c in codes:
        if labels[c] and c not in unranked:
            rows[c].outcome = "、".join(labels[c])

    # 7. classes by shares of the ranked subjects
    classes = definition.get("classes") or {}
    if classes:
        levels = list(classes.get("levels") or [])
        n = len(ranked)
        bounds = []
        for level in levels:
            share = level.get("share")
            bound = (
                n
                if share is None
                else int((Decimal(n) * Decimal(str(share)) / 100).quantize(0, ROUND_HALF_UP))
            )
            bounds.append((level["code"], bound))
        for c in ranked:
            for code, bound in bounds:
                if rows[c].rank <= bound:
                    rows[c].klass = code
                    break
            else:
                rows[c].klass = bounds[-1][0] if bounds else None

    # 8. the subjects not evaluated
    for c, reasons in excluded.items():
        rows[c] = ResultRow(
            cluster=c,
            name=clusters[c].get("name", c),
            score=Decimal(0),
            excluded=True,
            exclude_reasons=reasons,
            klass=classes.get("excluded") if classes else None,
        )
    if info is not None:
        info["benchmarks"] = benchmarks
    return order(rows.values())


def order(rows) -> list[ResultRow]:
    rows = list(rows)
    ranked = sorted(
        (r for r in rows if not r.vetoed and not r.excluded and r.rank is not None),
        key=lambda r: (r.rank, r.cluster),
    )
    missing = sorted(
        (r for r in rows if not r.vetoed and not r.excluded and r.rank is None), key=lambda r: r.cluster
    )
    vetoed = sorted((r for r in rows if r.vetoed and not r.excluded), key=lambda r: r.cluster)
    excluded = sorted((r for r in rows if r.excluded), key=lambda r: r.cluster)
    return ranked + missing + vetoed + excluded
