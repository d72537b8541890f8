"""Reporting status: a reporter's forms due and overdue (`my_forms`), and the office's view of
who has reported (`reporting_status`: a matrix of clusters × periods, completeness and
timeliness per period, per region and per data set, and the late and missing list).

Definitions (as DHIS2 reads them):
- expected: every cluster in the user's scope that reports the data set, for every period;
- received: the submission is 已上报 or 已审核;
- completeness = received / expected; timeliness = received by the due date / expected, where
  "by the due date" is the local date of `submitted_at` (or `approved_at` for figures bulk
  loaded as approved without a submission time; neither known counts as on time) <= due date;
- late: received after the due date, or not received and the due date has passed.

Percentages are exact Decimals here; they are rounded to one decimal when shown or serialised.
Both readings issue a fixed number of queries, whatever the number of clusters and periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core import units, workdays
from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.core.periods import Period, PeriodError
from clusterzone.core.units import date_label
from clusterzone.registry.models import Cluster

from ..choices import SubmissionStatus
from ..models import DataSet, Submission

DUE_SOON_DAYS = 15  # a form shows on the due list from 15 days before its due date
PERIODS_BACK = 12  # … and stays there for up to 12 periods after
MAX_PERIODS = 36  # the status matrix spans at most this many periods

MISSING = "missing"
NOT_OWED = "not_owed"  # in scope, but the period is before its first owed period
RECEIVED = {SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED}
# Bootstrap colour of each state on the matrix (and its legend)
STATE_CLASSES = {
    MISSING: "secondary",
    SubmissionStatus.DRAFT: "warning",
    SubmissionStatus.SUBMITTED: "info",
    SubmissionStatus.APPROVED: "success",
    SubmissionStatus.RETURNED: "danger",
    NOT_OWED: "light",
}


def state_label(state: str) -> str:
    return str(
        {
            MISSING: _("未填报"),
            SubmissionStatus.DRAFT: _("草稿"),
            SubmissionStatus.SUBMITTED: _("已上报"),
            SubmissionStatus.APPROVED: _("已审核"),
            SubmissionStatus.RETURNED: _("退回"),
            NOT_OWED: _("无需报送"),
        }[state]
    )


def legend() -> list[dict]:
    return [{"state": s, "label": state_label(s), "css": STATE_CLASSES[s]} for s in STATE_CLASSES]


def pct(part: int, whole: int) -> Decimal | None:
    """Exact share in % (None when nothing is expected)."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def submission_open_url(dataset_code: str, cluster_code: str, period: str) -> str:
    """The data entry of a cluster's form for a period (created on first open)."""
    try:
        return reverse("reporting:submission_open", args=[dataset_code, cluster_code, period])
    except NoReverseMatch:  # the entry pages are wired in views/entry.py
        return f"/reporting/open/{dataset_code}/{cluster_code}/{period}/"


# ---- the reporter's due list ------------------------------------------------------------------


@dataclass
class DueForm:
    dataset_code: str
    dataset_name: str
    cluster_code: str
    cluster_name: str
    period: Period
    due_date: date
    status: str  # missing / draft / returned
    workdays: int  # working days left (>= 0) or overdue (> 0 when `overdue`)
    overdue: bool
    url: str
    return_reason: str = ""

    @property
    def period_code(self) -> str:
        return str(self.period)

    @property
    def period_label(self) -> str:
        return self.period.label

    @property
    def due_label(self) -> str:
        return date_label(self.due_date)

    @property
    def status_label(self) -> str:
        return state_label(self.status)

    @property
    def due_text(self) -> str:
        if self.overdue:
            return _("已逾期%(n)s个工作日") % {"n": self.workdays}
        if self.workdays == 0:
            return _("今日截止")
        return _("剩余%(n)s个工作日") % {"n": self.workdays}

    def as_dict(self) -> dict:
        return {
            "dataset": self.dataset_code,
            "dataset_name": self.dataset_name,
            "cluster": self.cluster_code,
            "cluster_name": self.cluster_name,
            "period": self.period_code,
            "period_label": self.period_label,
            "due_date": self.due_date.isoformat(),
            "due_label": self.due_label,
            "status": self.status,
            "status_label": self.status_label,
            "overdue": self.overdue,
            "workdays": self.workdays,
            "due_text": self.due_text,
            "return_reason": self.return_reason,
            "url": self.url,
        }


def reporter_clusters(user):
    """The clusters whose forms the user fills in: those managed by the user's unit, if the
    policy lets the user submit reports at all."""
    if not policy.may(user, "submit", "submission") or not getattr(user, "unit_id", None):
        return Cluster.objects.none()
    return policy.scope(user, Cluster).filter(committee_id=user.unit_id)


def candidate_periods(dataset: DataSet, today: date) -> list[Period]:
    """Periods of the data set whose due date is at most DUE_SOON_DAYS ahead, going back up to
    PERIODS_BACK periods, oldest first."""
    current = Period.containing(dataset.period_kind, today)
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    out = []
    for k in range(-PERIODS_BACK, 2):
        p = current.shift(k)
        if dataset.due_date(p) <= horizon:
            out.append(p)
    return out[-(PERIODS_BACK + 1) :]


def my_forms(*, user, today: date | None = None) -> list[DueForm]:
    """The forms due and overdue for the reporter's cluster(s), the most urgent first: for each
    active data set the cluster reports, the periods due within DUE_SOON_DAYS days or already
    past (up to PERIODS_BACK periods back) not yet 已上报/已审核. Four queries."""
    today = today or timezone.localdate()
    clusters = list(reporter_clusters(user).only("id", "code", "name").order_by("code"))
    if not clusters:
        return []
    from ..scope import datasets_reported_by, owes

    found = datasets_reported_by(Cluster.objects.filter(pk__in=[c.id for c in clusters]))
    datasets = [ds for ds, _ in found.values()]
    cluster_ids = {c.id for c in clusters}
    wanted: list[tuple[DataSet, Cluster, Period]] = []
    for ds, members in found.values():
        periods = candidate_periods(ds, today)
        for c in members:
            wanted.extend((ds, c, p) for p in periods if owes(ds, c, p))
    if not wanted:
        return []
    existing = {
        (s.dataset_id, s.cluster_id, s.period): s
        for s in Submission.objects.filter(
            dataset__in=datasets,
            cluster_id__in=cluster_ids,
            period__in={str(p) for _, _, p in wanted},
        ).only("id", "dataset_id", "cluster_id", "period", "status", "due_date", "return_reason")
    }
    dues = [
        getattr(existing.get((ds.id, c.id, str(p))), "due_date", None) or ds.due_date(p)
        for ds, c, p in wanted
    ]
    counter = workdays.Calendar(min(min(dues), today), max(max(dues), today))
    out = []
    for (ds, c, p), due in zip(wanted, dues, strict=True):
        sub = existing.get((ds.id, c.id, str(p)))
        status = sub.status if sub else MISSING
        if status in RECEIVED:
            continue
        overdue = today > due
        out.append(
            DueForm(
                dataset_code=ds.code,
                dataset_name=ds.name,
                cluster_code=c.code,
                cluster_name=c.name,
                period=p,
                due_date=due,
                status=status,
                workdays=counter.between(due, today) if overdue else counter.between(today, due),
                overdue=overdue,
                url=submission_open_url(ds.code, c.code, str(p)),
                return_reason=sub.return_reason if sub else "",
            )
        )
    out.sort(key=lambda f: (f.due_date, f.dataset_code, f.cluster_code))
    return out


# ---- the office's reporting status ------------------------------------------------------------


@dataclass
class Cell:
    period: Period
    due_date: date
    state: str
    late: bool
    received: bool
    on_time: bool
    submitted_at: object = None  # aware datetime or None

    @property
    def label(self) -> str:
        return state_label(self.state)

    @property
    def css(self) -> str:
        return STATE_CLASSES[self.state]


@dataclass
class Rate:
    """Expected, received and on-time counts with their exact shares (%)."""

    expected: int = 0
    received: int = 0
    on_time: int = 0

    def add(self, cell: Cell) -> None:
        self.expected += 1
        self.received += cell.received
        self.on_time += cell.on_time

    @property
    def completeness(self) -> Decimal | None:
        return pct(self.received, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return pct(self.on_time, self.expected)


@dataclass
class MatrixRow:
    cluster_id: int
    cluster_code: str
    cluster_name: str
    region_code: str
    region_name: str
    group_code: str  # the city/county under the chosen region the cluster lies in
    cells: list[Cell]
    rate: Rate = field(default_factory=Rate)


@dataclass
class GroupRate:
    code: str
    name: str
    clusters: int
    by_period: list[Rate]
    total: Rate


@dataclass
class LateItem:
    cluster_code: str
    cluster_name: str
    region_name: str
    period: Period
    due_date: date
    state: str
    kind: str  # "missing" (not received, past due) or "late" (received after the due date)
    workdays_late: int
    submitted_at: object = None

    @property
    def kind_label(self) -> str:
        return str(_("逾期未报") if self.kind == "missing" else _("迟报"))

    @property
    def state_label(self) -> str:
        return state_label(self.state)


@dataclass
class ReportingStatus:
    dataset: DataSet
    region: Region | None
    periods: list[Period]
    rows: list[MatrixRow]
    by_period: list[Rate]
    groups: list[GroupRate]
    total: Rate
    late: list[LateItem]
    today: date

    @property
    def due_dates(self) -> list[date]:
        return [self.dataset.due_date(p) for p in self.periods]


def parse_periods(dataset: DataSet, *, periods=None, start=None, end=None) -> list[Period]:
    """Periods of the data set's kind from a list, or from `start` to `end` inclusive."""
    try:
        if periods:
            out = sorted({Period.parse(p) for p in periods})
        else:
            first, last = Period.parse(start), Period.parse(end)
            if first > last:
                raise DomainError(_("起始期间不能晚于结束期间。"), field="from")
            out = []
            p = first
            while p <= last and len(out) <= MAX_PERIODS:
                out.append(p)
                p = p.next
    except PeriodError as exc:
        raise DomainError(str(exc), field="period")
    wrong = [str(p) for p in out if p.kind != dataset.period_kind]
    if wrong:
        raise DomainError(
            _("期间 %(p)s 与报表“%(ds)s”的报送周期（%(kind)s）不符。")
            % {"p": "、".join(wrong), "ds": dataset.name, "kind": dataset.get_period_kind_display()},
            field="period",
        )
    if len(out) > MAX_PERIODS:
        raise DomainError(_("一次最多查看%(n)s个期间。") % {"n": MAX_PERIODS}, field="period")
    return out


def default_periods(dataset: DataSet, today: date, count: int = 6) -> list[Period]:
    """The last `count` periods whose due date has passed (or is today)."""
    p = Period.containing(dataset.period_kind, today)
    while dataset.due_date(p) > today:
        p = p.previous
    return [p.shift(-k) for k in range(count - 1, -1, -1)]


def get_dataset(dataset) -> DataSet:
    if isinstance(dataset, DataSet):
        return dataset
    ds = DataSet.objects.filter(code=dataset).select_related("region").first()
    if ds is None:
        raise NotFound(_("报表“%(code)s”不存在。") % {"code": dataset})
    return ds


def get_region(user, region) -> Region | None:
    if region is None or region == "":
        return None
    if isinstance(region, Region):
        return region
    found = policy.scope(user, Region).filter(code=str(region)).first()
    if found is None:
        raise NotFound(_("行政区划“%(code)s”不存在或不在您的权限范围内。") % {"code": region})
    return found


def _local_date(dt) -> date | None:
    return timezone.localdate(dt) if dt else None


def reporting_status(*, user, dataset, periods, region=None, today: date | None = None) -> ReportingStatus:
    """Who has reported `dataset` for `periods`, among the clusters in the user's scope (and
    under `region`, a Region or its code) that report it. Five queries, whatever the size."""
    today = today or timezone.localdate()
    dataset = get_dataset(dataset)
    region = get_region(user, region)
    periods = [Period.parse(p) for p in periods]
    if not policy.may(user, "view", "submission"):
        from clusterzone.core.exceptions import PermissionDenied

        raise PermissionDenied()

    from ..scope import dataset_clusters, owes

    clusters = dataset_clusters(dataset, policy.scope(user, Cluster))
    if region is not None:
        clusters = clusters.filter(region__path__startswith=region.path)
    clusters = list(
        clusters.select_related("region").only("id", "code", "name", "founded", "region__code", "region__name", "region__path")
        .order_by("region__code", "code")
    )  # fmt: skip

    # the groups: the regions right under the chosen one (its cities or counties); without a
    # chosen region, under the user's own region (the root region for a superuser)
    if region is None:
        if policy.is_global(user):
            roots = list(Region.objects.filter(parent__isnull=True)[:2])
            anchor = roots[0] if len(roots) == 1 else None
        else:
            anchor = Region.objects.filter(path=policy._region_path(user)).first()
    else:
        anchor = region
    if anchor is not None:
        anchor_depth = anchor.path.count("/")
        children = Region.objects.filter(parent=anchor)
    else:
        anchor_depth = 0
        children = Region.objects.filter(parent__isnull=True)
    group_names = dict(children.values_list("code", "name"))

    codes = [str(p) for p in periods]
    subs = {
        (s["cluster_id"], s["period"]): s
        for s in Submission.objects.filter(dataset=dataset, cluster__in=[c.id for c in clusters], period__in=codes)
        .values("cluster_id", "period", "status", "submitted_at", "approved_at", "due_date")
    }  # fmt: skip

    rule_dues = [dataset.due_date(p) for p in periods]
    span = [*rule_dues, *(s["due_date"] for s in subs.values()), today]
    counter = workdays.Calendar(min(span), max(span))

    rows: list[MatrixRow] = []
    by_period = [Rate() for _ in periods]
    groups: dict[str, GroupRate] = {}
    total = Rate()
    late: list[LateItem] = []
    for c in clusters:
        parts = c.region.path.strip("/").split("/")
        group_code = parts[anchor_depth] if len(parts) > anchor_depth else c.region.code
        group = groups.get(group_code)
        if group is None:
            group = groups[group_code] = GroupRate(
                code=group_code,
                name=group_names.get(
                    group_code, c.region.name if group_code == c.region.code else group_code
                ),
                clusters=0,
                by_period=[Rate() for _ in periods],
                total=Rate(),
            )
        group.clusters += 1
        row = MatrixRow(
            cluster_id=c.id,
            cluster_code=c.code,
            cluster_name=c.name,
            region_code=c.region.code,
            region_name=c.region.name,
            group_code=group_code,
            cells=[],
        )
        for i, p in enumerate(periods):
            s = subs.get((c.id, codes[i]))
            if s is None and not owes(dataset, c, p):
                # not owed (before the data set's first period or the cluster's founding)
                row.cells.append(
                    Cell(
                        period=p,
                        due_date=rule_dues[i],
                        state=NOT_OWED,
                        late=False,
                        received=False,
                        on_time=False,
                    )
                )
                continue
            due = (s and s["due_date"]) or rule_dues[i]
            state = s["status"] if s else MISSING
            received = state in RECEIVED
            when = _local_date(s and (s["submitted_at"] or s["approved_at"])) if received else None
            on_time = received and (when is None or when <= due)
            is_late = (received and not on_time) or (not received and today > due)
            cell = Cell(
                period=p,
                due_date=due,
                state=state,
                late=is_late,
                received=received,
                on_time=on_time,
                submitted_at=s["submitted_at"] if s else None,
            )
            row.cells.append(cell)
            for rate in (row.rate, by_period[i], group.by_period[i], group.total, total):
                rate.add(cell)
            if is_late:
                late.append(
                    LateItem(
                        cluster_code=c.code,
                        cluster_name=c.name,
                        region_name=c.region.name,
                        period=p,
                        due_date=due,
                        state=state,
                        kind="late" if received else "missing",
                        workdays_late=counter.between(due, when if received else today),
                        submitted_at=cell.submitted_at,
                    )
                )
        rows.append(row)
    late.sort(key=lambda item: (item.period, item.kind != "missing", item.cluster_code))
    return ReportingStatus(
        dataset=dataset,
        region=region,
        periods=periods,
        rows=rows,
        by_period=by_period,
        groups=sorted(groups.values(), key=lambda g: g.code),
        total=total,
        late=late,
        today=today,
    )


def reporting_status_dict(status: ReportingStatus) -> dict:
    """The JSON form used by the API: percentages rounded to one decimal."""
    from clusterzone.core.units import round_pct

    def rate(r: Rate) -> dict:
        return {
            "expected": r.expected,
            "received": r.received,
            "on_time": r.on_time,
            "completeness_pct": round_pct(r.completeness),
            "timeliness_pct": round_pct(r.timeliness),
        }

    return {
        "dataset": status.dataset.code,
        "dataset_name": status.dataset.name,
        "region": status.region.code if status.region else None,
        "periods": [
            {"period": str(p), "label": p.label, "due_date": d.isoformat(), **rate(r)}
            for p, d, r in zip(status.periods, status.due_dates, status.by_period, strict=True)
        ],
        "total": rate(status.total),
        "regions": [
            {
                "region": g.code,
                "name": g.name,
                "clusters": g.clusters,
                **rate(g.total),
                "periods": [rate(r) for r in g.by_period],
            }
            for g in status.groups
        ],
        "clusters": [
            {
                "cluster": row.cluster_code,
                "name": row.cluster_name,
                "region": row.region_code,
                "region_name": row.region_name,
                **rate(row.rate),
                "cells": [
                    {
                        "period": str(cell.period),
                        "state": cell.state,
                        "label": cell.label,
                        "late": cell.late,
                        "due_date": cell.due_date.isoformat(),
                        "submitted_at": units.datetime_iso(cell.submitted_at),
                    }
                    for cell in row.cells
                ],
            }
            for row in status.rows
        ],
        "late": [
            {
                "cluster": item.cluster_code,
                "name": item.cluster_name,
                "region_name": item.region_name,
                "period": str(item.period),
                "due_date": item.due_date.isoformat(),
                "state": item.state,
                "kind": item.kind,
                "kind_label": item.kind_label,
                "workdays_late": item.workdays_late,
            }
            for item in status.late
        ],
    }


__all__ = [
    "DueForm",
    "ReportingStatus",
    "legend",
    "my_forms",
    "reporting_status",
    "reporting_status_dict",
]
