"""What each role's workbench shows, read with a fixed number of queries (whatever the number
of clusters): every reading starts from the policy's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Min, Q
from django.urls import reverse

from clusterzone.accounts import policy
from clusterzone.core.periods import Period
from clusterzone.registry.models import Cluster
from clusterzone.reporting import scope
from clusterzone.reporting.choices import SubmissionStatus
from clusterzone.reporting.models import DataSet, ReportReminder, Submission
from clusterzone.reporting.selectors.status import my_forms

RECEIVED = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


def review_counts(*, user) -> dict:
    """Reports waiting for review (已上报) and returned ones (退回) in the user's scope. One query."""
    return policy.scope(user, Submission).aggregate(
        submitted=Count("id", filter=Q(status=SubmissionStatus.SUBMITTED)),
        returned=Count("id", filter=Q(status=SubmissionStatus.RETURNED)),
    )


def open_period(dataset: DataSet, today: date) -> Period:
    """The period being reported now: the latest one that has ended."""
    return Period.containing(dataset.period_kind, today).previous


@dataclass
class OpenPeriod:
    dataset: DataSet
    period: Period
    due_date: date
    expected: int
    received: int
    missing: list = field(default_factory=list)  # clusters not yet reported
    reminded: dict = field(default_factory=dict)  # cluster id → last 催报 time
    late: bool = False  # the due date has passed with clusters not yet reported

    @property
    def missing_count(self) -> int:
        return len(self.missing)


def open_periods(*, user, today: date) -> list[OpenPeriod]:
    """For each active data set reported by clusters in scope: its open period, its due date,
    how many clusters are expected and have reported, and those not yet reported (with the
    last 催报). Four queries."""
    clusters = policy.scope(user, Cluster)
    found = scope.datasets_reported_by(clusters)
    datasets = [ds for ds, _ in found.values()]
    if not datasets:
        return []
    periods = {ds.id: open_period(ds, today) for ds in datasets}
    members: dict[int, list[Cluster]] = {
        ds.id: [c for c in cs if scope.owes(ds, c, periods[ds.id])] for ds, cs in found.values()
    }
    received = set(
        Submission.objects.filter(
            dataset__in=datasets, period__in={str(p) for p in periods.values()}, status__in=RECEIVED
        ).values_list("dataset_id", "cluster_id", "period")
    )
    reminded = {
        (r["dataset_id"], r["cluster_id"], r["period"]): r["last"]
        for r in ReportReminder.objects.filter(
            dataset__in=datasets, period__in={str(p) for p in periods.values()}
        )
        .values("dataset_id", "cluster_id", "period")
        .annotate(last=Max("sent_at"))
    }
    out = []
    for ds in datasets:
        p = periods[ds.id]
        expected = members.get(ds.id, [])
        missing = [c for c in expected if (ds.id, c.id, str(p)) not in received]
        item = OpenPeriod(
            dataset=ds,
            period=p,
            due_date=ds.due_date(p),
            expected=len(expected),
            received=len(expected) - len(missing),
            missing=missing,
            reminded={
                c.id: reminded[(ds.id, c.id, str(p))] for c in missing if (ds.id, c.id, str(p)) in reminded
            },
            late=bool(missing) and today > ds.due_date(p),
        )
        out.append(item)
    return out


@dataclass
class CollapsedForms:
    """A reporter's due forms: the current ones listed, older unfilled ones of the same
    data set collapsed into one line with a count."""

    current: list
    older: list  # [{"dataset_name", "count", "oldest"}]
    returned: list
    reminders: dict  # (dataset code, cluster code, period) → last 催报 time

    @property
    def count(self) -> int:
        return len(self.current) + sum(o["count"] for o in self.older)


KEEP_PER_DATASET = 2


def reporter_forms(*, user, today: date) -> CollapsedForms:
    """The forms the reporter's cluster owes: only periods from the cluster's reporting start
    (its first form of the data set), the latest KEEP_PER_DATASET per data set listed and
    older unfilled ones counted in one line; returned ones with their reason."""
    forms = my_forms(user=user, today=today)
    if not forms:
        return CollapsedForms([], [], [], {})
    starts = {
        (r["dataset__code"], r["cluster__code"]): r["first"]
        for r in Submission.objects.filter(
            dataset__code__in={f.dataset_code for f in forms},
            cluster__code__in={f.cluster_code for f in forms},
        )
        .values("dataset__code", "cluster__code")
        .annotate(first=Min("period"))
    }
    owed = []
    for f in forms:
        start = starts.get((f.dataset_code, f.cluster_code))
        if start is not None and str(f.period) < start and len(str(f.period)) == len(start):
            continue  # before the cluster's reporting start: not owed
        owed.append(f)
    returned = [f for f in owed if f.status == SubmissionStatus.RETURNED]
    current, older = [], {}
    by_key: dict[tuple, list] = {}
    for f in owed:
        if f.status != SubmissionStatus.RETURNED:
            by_key.setdefault((f.dataset_code, f.cluster_code), []).append(f)
    for (ds_code, _c), items in by_key.items():
        items.sort(key=lambda f: f.period.start)
        keep = items[-KEEP_PER_DATASET:]
        current.extend(keep)
        rest = items[:-KEEP_PER_DATASET] if len(items) > KEEP_PER_DATASET else []
        if rest:
            o = older.setdefault(
                ds_code, {"dataset_name": rest[0].dataset_name, "count": 0, "oldest": rest[0]}
            )
            o["count"] += len(rest)
    current.sort(key=lambda f: (f.due_date, f.dataset_code))
    reminders = {
        (r["dataset__code"], r["cluster__code"], r["period"]): r["last"]
        for r in ReportReminder.objects.filter(
            cluster__code__in={f.cluster_code for f in owed}, period__in={str(f.period) for f in owed}
        )
        .values("dataset__code", "cluster__code", "period")
        .annotate(last=Max("sent_at"))
    }
    for f in owed:
        f.reminded_at = reminders.get((f.dataset_code, f.cluster_code, str(f.period)))
    return CollapsedForms(current, list(older.values()), returned, reminders)


def status_url(dataset: DataSet) -> str:
    return f"{reverse('reporting:status')}?dataset={dataset.code}"


def latest_approved_month(*, user) -> Period | None:
    """The latest month with approved figures in the user's scope. One query."""
    from clusterzone.reporting.selectors.progress import latest_approved_period

    return latest_approved_period(user=user)


@dataclass
class Lagging:
    cluster: Cluster
    indicator: str
    target_pct: object
    time_pct: object
    gap: object  # 万元 short of the time-proportional share of the target

    @property
    def gap_label(self) -> str:
        from clusterzone.core import units

        return units.money(self.gap, unit="亿元")


def lagging_clusters(*, user, period: Period | None = None) -> tuple[Period | None, list[Lagging]]:
    """Clusters lagging "时间过半任务过半" on a money indicator with a target in the latest month
    with approved figures: their share of the annual target below the share of the year
    elapsed, with the gap in 亿元. A fixed number of queries (progress_table)."""
    from clusterzone.reporting.selectors.progress import progress_table

    region = getattr(getattr(user, "unit", None), "region", None)
    period = period or latest_approved_month(user=user)
    if region is None or period is None:
        return period, []
    out = []
    for cluster, rows in progress_table(user=user, period=period, region=region):
        for r in rows:
            if r.lagging and r.is_flow and r.is_money and r.target:
                gap = r.target * r.time_pct / 100 - (r.value or 0)
                out.append(Lagging(cluster, r.name, r.target_pct, r.time_pct, gap))
    out.sort(key=lambda x: -x.gap)
    return period, out


def cluster_sentences(*, user, cluster) -> tuple[Period | None, list[str]]:
    """The cluster's progress sentence for its latest month with approved figures:
    "截至X月底，完成…，同比增长…，占全年目标的…"."""
    from clusterzone.reporting.selectors.progress import latest_period, progress

    period = latest_period(cluster=cluster)
    if period is None:
        return None, []
    rows = progress(user=user, period=period, cluster=cluster)
    return period, [r.sentence() for r in rows if r.value is not None and r.is_flow and r.target]


def followed_enterprises(*, user):
    """领导联系企业: the enterprises the user follows, with the 挂牌保护 status, the open problems,
    the approval cases under way for the projects they invest in and their loans, in one query
    whatever their number."""
    from django.db.models import Count, DecimalField, IntegerField, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    from clusterzone.approvals.choices import CaseStatus
    from clusterzone.approvals.models import ApprovalCase
    from clusterzone.finance.models import Loan
    from clusterzone.registry.models import EnterpriseContact
    from clusterzone.supervision.choices import OPEN_STATUSES
    from clusterzone.supervision.models import Problem

    def per(qs, key: str, agg):
        sub = (
            qs.filter(**{key: OuterRef("enterprise_id")})
            .order_by()
            .values(key)
            .annotate(x=agg)
            .values("x")[:1]
        )
        return sub

    problems = Problem.objects.filter(status__in=OPEN_STATUSES)
    cases = ApprovalCase.objects.exclude(status=CaseStatus.COMPLETED)
    money = DecimalField(max_digits=16, decimal_places=2)
    return (
        EnterpriseContact.objects.filter(leader=user)
        .select_related("enterprise", "enterprise__cluster")
        .annotate(
            open_problems=Coalesce(
                Subquery(per(problems, "enterprise_id", Count("id")), output_field=IntegerField()), 0
            ),
            open_cases=Coalesce(
                Subquery(per(cases, "project__investor_id", Count("id")), output_field=IntegerField()), 0
            ),
            loans_count=Coalesce(
                Subquery(per(Loan.objects, "borrower_id", Count("id")), output_field=IntegerField()), 0
            ),
            loans_balance=Subquery(per(Loan.objects, "borrower_id", Sum("balance")), output_field=money),
        )
        .order_by("enterprise__cluster__code", "enterprise__name")
    )
