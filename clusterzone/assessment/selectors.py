"""Reads of the assessment, starting from the policy.

    scheme_list(*, user) -> QuerySet[Scheme]        active versions in scope
    scheme_versions(*, user, scheme) -> QuerySet    every version of a scheme
    run_list(*, user) -> QuerySet[Run]
        runs over the user's region subtree, and the published runs of the regions above
        it (the province's ranking of the user's clusters); drafts only for the roles with
        ("run", "view_draft") — the office.
    run_get(*, user, pk) -> Run                      NotFound outside run_list
    run_results(*, user, run) -> list[ResultView]    ranked, then vetoed; with the changes
        against the previous run, dimension subtotals, points, flags, deductions
    latest_published_run(*, user, region, year, as_of=None) -> Run | None
        the region's own published run of the year, else the nearest region above's
    cluster_assessment_history(*, user, cluster) -> list[ResultView] (newest year first,
        published runs only)
    run_verify(run) -> list[str]                     differences between the stored results
        and a recomputation from the run's own snapshot (empty = reproducible)
    run_compare(a, b) -> list[dict]                  per cluster: score/rank/star in a and b

All list reads run a fixed number of queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core.exceptions import NotFound
from clusterzone.registry.models import Cluster

from . import engine
from .choices import RunStatus
from .models import Result, Run, Scheme


def scheme_list(*, user) -> QuerySet:
    return (
        policy.scope(user, Scheme).filter(is_active=True).select_related("region").order_by("-year", "name")
    )


def scheme_versions(*, user, scheme: Scheme) -> QuerySet:
    return policy.scope(user, Scheme).filter(key=scheme.key).select_related("region").order_by("-version")


def can_view_drafts(user) -> bool:
    return policy.may(user, "view_draft", "run")


def run_list(*, user) -> QuerySet:
    return (
        policy.scope_runs(user, Run.objects.all())
        .select_related("scheme", "region", "published_by", "created_by")
        .order_by("-year", "-created_at", "-id")
    )


def run_superseded_by(run: Run) -> Run | None:
    """The published run that took this run's place (services.run_publish links them; who
    published it, when)."""
    if run.superseded_by_id is None:
        return None
    return Run.objects.select_related("published_by").filter(pk=run.superseded_by_id).first()


def run_get(*, user, pk, with_inputs: bool = True) -> Run:
    """A run the user may see; with_inputs=False leaves out its input snapshot (about 1.5 KiB
    per cluster: 4 MiB at national scale), which pages showing the results do not need."""
    qs = run_list(user=user).filter(pk=pk)
    run = (qs if with_inputs else qs.defer("inputs")).first()
    if run is None:
        raise NotFound()
    return run


@dataclass
class ResultView:
    result: Result
    cluster: Cluster
    run: Run
    score: Decimal
    rank: int | None
    star: int
    previous_rank: int | None
    previous_star: int | None
    rank_change: int | None
    star_change: int | None
    below_threshold: bool
    below_threshold_years: int
    outcome: str | None
    vetoed: bool
    veto_reasons: list
    flags: list
    points: dict
    dimension_points: dict
    deductions: list = field(default_factory=list)
    subject_kind: str = "cluster"
    subject_code: str = ""
    subject_name: str = ""
    klass: str = ""
    excluded: bool = False
    exclude_reasons: list = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "cluster": self.cluster.code if self.cluster else self.subject_code,
            "name": self.cluster.name if self.cluster else self.subject_name,
            "year": self.run.year,
            "run": self.run.pk,
            "score": float(self.score),
            "rank": self.rank,
            "star": self.star,
            "previous_rank": self.previous_rank,
            "previous_star": self.previous_star,
            "rank_change": self.rank_change,
            "star_change": self.star_change,
            "below_threshold": self.below_threshold,
            "below_threshold_years": self.below_threshold_years,
            "outcome": self.outcome,
            "vetoed": self.vetoed,
            "veto_reasons": self.veto_reasons,
            "flags": self.flags,
            "points": {k: float(v) for k, v in self.points.items()},
            "dimension_points": {k: float(v) for k, v in self.dimension_points.items()},
            "deductions": self.deductions,
            "subject": self.subject_kind,
            "class": self.klass or None,
            "excluded": self.excluded,
        }


def _code(r: Result) -> str:
    return r.subject_code or (r.cluster.code if r.cluster_id else "")


def _view(r: Result) -> ResultView:
    rank_change = r.previous_rank - r.rank if r.rank is not None and r.previous_rank is not None else None
    star_change = r.star - r.previous_star if r.previous_star is not None else None
    return ResultView(
        result=r,
        cluster=r.cluster,
        run=r.run,
        score=r.score,
        rank=r.rank,
        star=r.star,
        previous_rank=r.previous_rank,
        previous_star=r.previous_star,
        rank_change=rank_change,
        star_change=star_change,
        below_threshold=r.below_threshold,
        below_threshold_years=r.below_threshold_years,
        outcome=r.outcome or None,
        vetoed=r.vetoed,
        veto_reasons=r.veto_reasons,
        flags=r.flags,
        points={k: Decimal(v) for k, v in r.points.items()},
        dimension_points={k: Decimal(v) for k, v in r.dimension_points.items()},
        deductions=r.deductions,
        subject_kind=r.subject_kind,
        subject_code=_code(r),
        subject_name=r.subject_name or (r.cluster.name if r.cluster_id else ""),
        klass=r.klass,
        excluded=r.excluded,
        exclude_reasons=r.exclude_reasons,
    )


def _ordered(results) -> list[Result]:
    results = list(results)
    ranked = sorted(
        (r for r in results if not r.vetoed and not r.excluded), key=lambda r: (r.rank or 0, _code(r))
    )
    vetoed = sorted((r for r in results if r.vetoed and not r.excluded), key=lambda r: _code(r))
    excluded = sorted((r for r in results if r.excluded), key=lambda r: _code(r))
    return ranked + vetoed + excluded


def run_results(*, user, run: Run) -> list[ResultView]:
    if user is not None and not run_list(user=user).filter(pk=run.pk).exists():
        raise NotFound()
    qs = Result.objects.filter(run=run).select_related("cluster", "cluster__region")
    out = []
    for r in _ordered(qs):
        r.run = run
        out.append(_view(r))
    return out


def latest_published_run(*, user, region, year, as_of=None) -> Run | None:
    """The published run of the region (or the nearest enclosing region) for the year; with
    as_of (a date), only a run already published on that day (a document dated 2025年5月21日
    does not cite results published later)."""
    reg = region if isinstance(region, Region) else Region.objects.filter(code=str(region)).first()
    if reg is None:
        return None
    segs = [s for s in reg.path.split("/") if s]
    paths = ["/".join(segs[:n]) + "/" for n in range(1, len(segs) + 1)]
    qs = Run.objects.filter(status=RunStatus.PUBLISHED, year=int(year), region__path__in=paths)
    if as_of is not None:
        qs = qs.filter(published_at__date__lte=as_of)
    if user is not None:
        qs = qs.filter(pk__in=run_list(user=user).values("pk"))
    runs = list(qs.select_related("scheme", "region"))
    if not runs:
        return None
    runs.sort(key=lambda r: (len(r.region.path), r.published_at, r.pk), reverse=True)
    return runs[0]


def cluster_assessment_history(*, user, cluster) -> list[ResultView]:
    obj = cluster if isinstance(cluster, Cluster) else Cluster.objects.filter(code=str(cluster)).first()
    if obj is None or (user is not None and not policy.can(user, "view", obj)):
        raise NotFound()
    qs = (
        Result.objects.filter(cluster=obj, run__status=RunStatus.PUBLISHED)
        .select_related("cluster", "cluster__region", "run", "run__scheme", "run__region")
        .order_by("-run__year", "-run__published_at", "-run_id")
    )
    return [_view(r) for r in qs]


def _stored_rows(run: Run) -> dict[str, dict]:
    return {
        code: {
            "score": Decimal(score),
            "rank": rank,
            "star": star,
            "outcome": outcome or None,
            "vetoed": vetoed,
            "below_threshold": below,
        }
        for code, score, rank, star, outcome, vetoed, below in Result.objects.filter(run=run).values_list(
            "subject_code", "score", "rank", "star", "outcome", "vetoed", "below_threshold"
        )
    }


def run_verify(run: Run) -> list[str]:
    """Recompute from the run's own snapshot (no data read) and list what differs."""
    stored = _stored_rows(run)
    diffs = []
    if engine.input_hash(run.inputs) != run.input_hash:
        diffs.append("input_hash")
    for row in engine.compute(run.definition, run.inputs):
        s = stored.get(row.cluster)
        now = {
            "score": row.score,
            "rank": row.rank,
            "star": row.star,
            "outcome": row.outcome,
            "vetoed": row.vetoed,
            "below_threshold": row.below_threshold,
        }
        if s != now:
            diffs.append(row.cluster)
    return diffs


def run_compare(a: Run, b: Run) -> list[dict]:
    """Per cluster (either run): score, rank and star in a and in b, and whether they differ."""
    ra, rb = _stored_rows(a), _stored_rows(b)
    out = []
    for code in sorted(set(ra) | set(rb)):
        x, y = ra.get(code) or {}, rb.get(code) or {}
        out.append(
            {
                "cluster": code,
                "a": {k: x.get(k) for k in ("score", "rank", "star")},
                "b": {k: y.get(k) for k in ("score", "rank", "star")},
                "changed": {k: x.get(k) for k in ("score", "rank", "star")}
                != {k: y.get(k) for k in ("score", "rank", "star")},
            }
        )
    return out


# --- the runs behind clusters' star changes (read by the registry's star history) -----------

# the reference a published run leaves in the history of the clusters it changed
# (services.apply_results: "…考核结果（批次 #12）：晋位升级：1星 → 2星")
_RUN_REF = re.compile(r"批次 #(\d+)")


def star_change_runs(changes: list[dict]) -> None:
    """Fill in change["run"] for the star changes a published run made (one query for all);
    registered with registry.selectors.register_star_change_reader when the app starts."""
    refs = []
    for change in changes:
        match = _RUN_REF.search(change.get("reason") or "")
        refs.append(int(match.group(1)) if match else None)
    runs = Run.objects.select_related("scheme").in_bulk({r for r in refs if r})
    for change, run_id in zip(changes, refs, strict=True):
        run = runs.get(run_id)
        if run:
            change["run"] = {
                "id": run.pk,
                "scheme": run.scheme.name,
                "year": run.year,
                "status": run.status,
                "status_display": str(run.get_status_display()),
            }
