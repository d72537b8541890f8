"""Pre-filled figures (最多报一次): the indicators the platform can derive from its own records,
each with a declared source.

A source counts records of a cluster up to a period's end, as the catalog defines the
indicator: a flow indicator (新入驻项目数, 新开工项目数, 新投产项目数) counts the year to date —
from 1 January of the period's year to the period's last day, both included —; a stock
indicator (在建亿元以上项目数, 规模以上工业企业数) is read at the period's end. 争取上级资金 sums
the amounts received (到位金额, 万元) of the superior-funds records received in the year to
date, when the platform keeps such records (the finance module's ledger).

`prefill_values(codes, cluster_ids, period)` answers for many clusters in one query per
source, whatever their number; `source_queryset` gives the records behind one figure (the
page the entry form links to).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterzone.core.periods import Period

HUNDRED_MILLION = Decimal(10000)  # 1亿元 in 万元


@dataclass(frozen=True)
class Source:
    code: str  # the indicator code
    label: object  # how the source is named beside the figure
    model: str  # "project" | "enterprise" | "superior_fund"
    condition: Callable[[Period], Q]
    amount: str = ""  # a field summed instead of counting records (money sources)

    @property
    def available(self) -> bool:
        return _model(self.model) is not None

    def queryset(self, period: Period) -> QuerySet:
        return _model(self.model).objects.filter(self.condition(period))

    def link(self, cluster_code: str, period: Period) -> str:
        name = {
            "project": "projects:list",
            "enterprise": "registry:enterprise_list",
            "superior_fund": "finance:fund_list",
        }[self.model]
        # the funds list already has a "source" filter (the funding level): it reads "prefill"
        key = "prefill" if self.model == "superior_fund" else "source"
        query = urlencode({"cluster": cluster_code, key: self.code, "period": str(period)})
        return f"{reverse(name)}?{query}"


def _model(name: str):
    if name == "superior_fund":  # kept by the finance module when it is installed
        try:
            return apps.get_model("finance", "SuperiorFund")
        except LookupError:
            return None
    if name == "project":
        from clusterzone.projects.models import Project

        return Project
    from clusterzone.registry.models import Enterprise

    return Enterprise


def _ytd(field: str) -> Callable[[Period], Q]:
    def condition(p: Period) -> Q:
        return Q(**{f"{field}__gte": date(p.year, 1, 1), f"{field}__lte": p.end})

    return condition


def _building_100m(p: Period) -> Q:
    """Projects of 1亿元 or more started by the period's end and not yet in production then."""
    from clusterzone.projects.choices import Stage

    return (
        Q(total_investment__gte=HUNDRED_MILLION, start_date__lte=p.end)
        & (Q(production_date__isnull=True) | Q(production_date__gt=p.end))
        & ~Q(stage=Stage.TERMINATED)
    )


def _above_size(p: Period) -> Q:
    return Q(above_size=True)


SOURCES: dict[str, Source] = {
    s.code: s
    for s in [
        Source(
            "projects_settled", _("项目库：签约日期在本年1月1日至期末的项目"), "project", _ytd("sign_date")
        ),
        Source(
            "projects_started", _("项目库：开工日期在本年1月1日至期末的项目"), "project", _ytd("start_date")
        ),
        Source(
            "projects_in_production",
            _("项目库：投产日期在本年1月1日至期末的项目"),
            "project",
            _ytd("production_date"),
        ),
        Source(
            "projects_100m_building",
            _("项目库：总投资1亿元及以上、期末已开工未投产的项目"),
            "project",
            _building_100m,
        ),
        Source("enterprises_above_size", _("企业名录：标记为规上企业的企业"), "enterprise", _above_size),
        Source(
            "superior_funds",
            _("争取上级资金台账：到位日期在本年1月1日至期末的到位金额合计"),
            "superior_fund",
            _ytd("received_on"),
            amount="amount_received",
        ),
    ]
}


@dataclass(frozen=True)
class Figure:
    indicator: str
    value: Decimal
    source: str  # the source named
    link: str  # the records behind the figure


def sources_for(codes: Iterable[str]) -> list[Source]:
    return [SOURCES[c] for c in codes if c in SOURCES and SOURCES[c].available]


def prefill_values(codes: Iterable[str], clusters, period) -> dict[int, dict[str, Figure]]:
    """{cluster_id: {indicator code: Figure}} for the given clusters (objects with pk and
    code); one query per source used, whatever the number of clusters."""
    p = Period.parse(period)
    clusters = list(clusters)
    by_id = {c.pk: c for c in clusters}
    out: dict[int, dict[str, Figure]] = {c.pk: {} for c in clusters}
    for source in sources_for(codes):
        counts = dict(
            source.queryset(p)
            .filter(cluster_id__in=list(by_id))
            .order_by()
            .values("cluster_id")
            .annotate(n=Sum(source.amount) if source.amount else Count("id"))
            .values_list("cluster_id", "n")
        )
        for cid, cluster in by_id.items():
            out[cid][source.code] = Figure(
                indicator=source.code,
                value=Decimal(counts.get(cid) or 0),
                source=str(source.label),
                link=source.link(cluster.code, p),
            )
    return out


def prefill_for(dataset, cluster, period) -> dict[str, Figure]:
    """The pre-filled figures of one cluster's form: the data set's reported indicators that
    have a source, in the data set's order."""
    codes = [
        it.indicator.code
        for it in dataset.items.select_related("indicator")
        if it.indicator.is_active and not it.indicator.is_derived
    ]
    found = prefill_values(codes, [cluster], period)[cluster.pk]
    return {c: found[c] for c in codes if c in found}


def source_queryset(code: str, period, qs: QuerySet) -> QuerySet:
    """`qs` narrowed to the records behind the figure of `code` for `period` (for the list
    pages the entry form links to); an unknown source or period narrows to nothing."""
    source = SOURCES.get(code)
    if source is None or not source.available:
        return qs.none()
    try:
        p = Period.parse(period)
    except ValueError:
        return qs.none()
    return qs.filter(source.condition(p))
