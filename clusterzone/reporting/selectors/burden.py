"""The reporting-burden meter (最多报一次): per cluster and month, the forms owed, the fields they
ask, how many of the fields were pre-filled by the platform and accepted, pre-filled and
overwritten, or typed by hand, and the time from opening a form to submitting it.

The month's forms are the submissions whose period ends in the month (a monthly report, the
half-monthly and ten-day reports of the month, a quarterly report ending with it). Fields asked
are the reported (not derived) active indicators of each form's data set; a field is
"prefilled" when the saved value equals the platform's figure, "overwritten" when it differs,
and "typed" when the platform had no figure for it. Three queries, whatever the size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.core.periods import MONTHLY, Period, PeriodError
from clusterzone.registry.models import Cluster

from ..models import Submission, Value
from .status import get_region


@dataclass
class BurdenRow:
    cluster_code: str
    cluster_name: str
    region_name: str
    forms: int = 0
    submitted: int = 0
    fields_asked: int = 0
    prefilled: int = 0
    overwritten: int = 0
    typed: int = 0
    minutes: list[float] = field(default_factory=list)

    @property
    def minutes_to_submit(self) -> float | None:
        """Mean minutes from opening a form to submitting it (forms submitted)."""
        return round(sum(self.minutes) / len(self.minutes), 1) if self.minutes else None

    @property
    def prefilled_share(self) -> Decimal | None:
        filled = self.prefilled + self.overwritten + self.typed
        return None if not filled else Decimal(self.prefilled) * 100 / filled

    def as_dict(self) -> dict:
        return {
            "cluster": self.cluster_code,
            "name": self.cluster_name,
            "region": self.region_name,
            "forms": self.forms,
            "submitted": self.submitted,
            "fields_asked": self.fields_asked,
            "prefilled": self.prefilled,
            "overwritten": self.overwritten,
            "typed": self.typed,
            "minutes_to_submit": self.minutes_to_submit,
        }


@dataclass
class Burden:
    period: Period
    region: object
    rows: list[BurdenRow]

    @property
    def total(self) -> BurdenRow:
        t = BurdenRow("", "合计", "")
        for r in self.rows:
            for name in ("forms", "submitted", "fields_asked", "prefilled", "overwritten", "typed"):
                setattr(t, name, getattr(t, name) + getattr(r, name))
            t.minutes.extend(r.minutes)
        return t

    def as_dict(self) -> dict:
        return {
            "period": str(self.period),
            "region": getattr(self.region, "code", None),
            "clusters": [r.as_dict() for r in self.rows],
            "total": {
                k: v for k, v in self.total.as_dict().items() if k not in ("cluster", "name", "region")
            },
        }


def reporting_burden(*, user, period, region=None) -> Burden:
    if not policy.may(user, "view", "submission"):
        raise PermissionDenied()
    try:
        p = Period.parse(period)
    except PeriodError as exc:
        raise DomainError(str(exc), field="period")
    if p.kind != MONTHLY:
        raise DomainError("期间应为月份，如 2025-04。", field="period")
    region = get_region(user, region)
    clusters = policy.scope(user, Cluster).select_related("region")
    if set(policy.allowed_roles(user, "submission", "change").values()) == {policy.OWN_CLUSTER}:
        # a committee's reporter sees the burden of the forms it fills, not its neighbours'
        clusters = clusters.filter(committee_id=user.unit_id)
    if region is not None:
        clusters = clusters.filter(region__path__startswith=region.path)
    rows = {
        c.pk: BurdenRow(c.code, c.name, c.region.name)
        for c in clusters.only("id", "code", "name", "region__name").order_by("region__code", "code")
    }
    subs = list(
        Submission.objects.filter(cluster_id__in=list(rows), period_end__gte=p.start, period_end__lte=p.end)
        .annotate(
            asked=Count(
                "dataset__items",
                filter=Q(dataset__items__indicator__is_active=True)
                & Q(dataset__items__indicator__formula=""),
            )
        )
        .values("id", "cluster_id", "asked", "created_at", "submitted_at")
    )
    for s in subs:
        row = rows[s["cluster_id"]]
        row.forms += 1
        row.fields_asked += s["asked"]
        if s["submitted_at"]:
            row.submitted += 1
            row.minutes.append((s["submitted_at"] - s["created_at"]).total_seconds() / 60)
    counts = (
        Value.objects.filter(submission_id__in=[s["id"] for s in subs])
        .values("cluster_id")
        .annotate(
            prefilled=Count("id", filter=Q(prefill_value__isnull=False, prefill_value=F("value"))),
            overwritten=Count("id", filter=Q(prefill_value__isnull=False) & ~Q(prefill_value=F("value"))),
            typed=Count("id", filter=Q(prefill_value__isnull=True)),
        )
        .order_by()
    )
    for c in counts:
        row = rows[c["cluster_id"]]
        row.prefilled, row.overwritten, row.typed = c["prefilled"], c["overwritten"], c["typed"]
    return Burden(period=p, region=region, rows=list(rows.values()))


def burden_trend(*, user, period, region=None, months: int = 6) -> list[tuple[Period, BurdenRow]]:
    """The totals of the `months` months up to `period` (oldest first): three queries a month,
    whatever the number of clusters."""
    p = Period.parse(period)
    return [
        (m, reporting_burden(user=user, period=m, region=region).total)
        for m in (p.shift(-k) for k in range(months - 1, -1, -1))
    ]


@dataclass
class DataSetAsk:
    code: str
    name: str
    period_kind: str
    asked: int  # reported (not derived) active fields
    known: list[str]  # fields the platform already holds (pre-filled from its records)
    from_items: list[str]  # fields computed from the report's items (half-monthly)

    @property
    def typed(self) -> int:
        return self.asked - len(self.known) - len(self.from_items)


def datasets_asking_known() -> list[DataSetAsk]:
    """Which data sets ask what the platform already has: per active data set, the fields it
    asks, those pre-filled from the platform's records and those computed from items. Two
    queries."""
    from django.db.models import Prefetch

    from .. import items, prefill
    from ..models import DataSet, DataSetIndicator

    sources = {s.code: str(s.label) for s in prefill.sources_for(prefill.SOURCES)}
    out = []
    rows = DataSet.objects.filter(is_active=True).prefetch_related(
        Prefetch("items", queryset=DataSetIndicator.objects.select_related("indicator"))
    )
    for ds in rows.order_by("code"):
        inds = [it.indicator for it in ds.items.all() if it.indicator.is_active and not it.indicator.formula]
        computed = set(items.ITEM_INDICATORS) if items.itemised(ds) else set()
        out.append(
            DataSetAsk(
                code=ds.code,
                name=ds.name,
                period_kind=ds.get_period_kind_display(),
                asked=len(inds),
                known=[i.name for i in inds if i.code in sources and i.code not in computed],
                from_items=[i.name for i in inds if i.code in computed],
            )
        )
    return out
