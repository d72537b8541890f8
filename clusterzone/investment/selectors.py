"""Reads of the investment module, starting from the policy's scope, with fixed query counts:
the lead list (with its stage clock), the funnel, chain maps with their gaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.core.units import round_pct

from .choices import STAGE_PATH, LeadStage, Segment, rank
from .clocks import attach_clocks
from .models import (
    Agreement,
    Chain,
    ChainLink,
    ChainPlacement,
    ClockRule,
    FundsPayment,
    Lead,
    LeadFollowUp,
    LeadStageChange,
)

OPEN_FOR_GAP = [LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATE, LeadStage.INTENT, LeadStage.SIGNED]


def lead_list(*, user):
    return (
        policy.scope(user, Lead)
        .select_related(
            "cluster",
            "cluster__region",
            "unit",
            "leader",
            "industry",
            "category",
            "chain_link",
            "project",
            "agreement",
        )
        .annotate(
            last_followup=Subquery(
                LeadFollowUp.objects.filter(lead=OuterRef("pk")).order_by("-date").values("date")[:1]
            )
        )
    )


def lead_detail(*, user, pk) -> Lead:
    lead = lead_list(user=user).select_related("chain_link__chain").get(pk=pk)
    attach_clocks([lead])
    return lead


def lead_followups(lead: Lead):
    return LeadFollowUp.objects.filter(lead=lead).select_related("actor").order_by("-date", "-id")


def lead_stage_history(lead: Lead) -> list[dict]:
    """The lead's stage moves, oldest first, each with the days spent in the stage it left."""
    changes = list(LeadStageChange.objects.filter(lead=lead).select_related("actor").order_by("date", "id"))
    rows = []
    for i, c in enumerate(changes):
        nxt = changes[i + 1] if i + 1 < len(changes) else None
        rows.append({"change": c, "days": (nxt.date - c.date).days if nxt else None})
    return rows


# --------------------------------------------------------------------------- funnel


@dataclass
class FunnelStep:
    stage: str
    label: str
    count: int
    amount: Decimal
    conversion: float | None  # % of the previous step's count, rounded to 0.1

    def as_dict(self) -> dict:
        return {
            "stage": self.stage,
            "label": self.label,
            "count": self.count,
            "amount": str(self.amount),
            "conversion": self.conversion,
        }


@dataclass
class Funnel:
    steps: list[FunnelStep]
    lost: int
    lost_amount: Decimal
    total: int
    signed_amount: Decimal  # agreements' amounts
    by_unit: list[dict] = field(default_factory=list)
    in_place_amount: Decimal = Decimal(0)  # 到资: funds actually received

    def chart(self) -> dict:
        """ECharts option of the funnel (counts by stage reached)."""
        return {
            "tooltip": {"trigger": "item", "formatter": "{b}：{c}个"},
            "series": [
                {
                    "type": "funnel",
                    "sort": "none",
                    "left": "10%",
                    "width": "80%",
                    "minSize": "8%",
                    "label": {"show": True, "position": "inside", "formatter": "{b} {c}"},
                    "data": [{"name": s.label, "value": s.count} for s in self.steps],
                }
            ],
        }


def _reached(stage: str) -> Q:
    later = [s for s in STAGE_PATH if rank(s) >= rank(stage)]
    return Q(stage__in=later) | Q(stage=LeadStage.LOST, lost_from__in=later)


def funnel(*, user, unit=None, cluster=None, period=None) -> Funnel:
    """Counts and amounts (意向投资额) of the leads that reached each stage, for the leads
    first contacted in `period` (a core.periods.Period), of one unit or cluster or all in
    scope; conversion = share of the previous stage's count. One query (two with by-unit)."""
    qs = policy.scope(user, Lead)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if cluster is not None:
        qs = qs.filter(cluster=cluster)
    if period is not None:
        qs = qs.filter(first_contact__range=(period.start, period.end))
    agg = {}
    for s in STAGE_PATH:
        agg[f"n_{s}"] = Count("id", filter=_reached(s))
        agg[f"a_{s}"] = Sum("intended_investment", filter=_reached(s))
    agg["n_lost"] = Count("id", filter=Q(stage=LeadStage.LOST))
    agg["a_lost"] = Sum("intended_investment", filter=Q(stage=LeadStage.LOST))
    agg["signed_amount"] = Sum("agreement__amount")
    agg["total"] = Count("id")
    r = qs.aggregate(**agg)
    steps, prev = [], None
    for s in STAGE_PATH:
        n = r[f"n_{s}"]
        conv = None if prev is None else (round_pct(Decimal(n) * 100 / prev) if prev else None)
        steps.append(FunnelStep(s, str(LeadStage(s).label), n, r[f"a_{s}"] or Decimal(0), conv))
        prev = n
    # 到资: the signed leads with funds actually received (any payment), the amount received;
    # its conversion is read against 签约
    paid = FundsPayment.objects.filter(agreement__lead__in=qs.values("pk")).aggregate(
        n=Count("agreement__lead", distinct=True), a=Sum("amount")
    )
    signed = r[f"n_{LeadStage.SIGNED}"]
    conv = round_pct(Decimal(paid["n"]) * 100 / signed) if signed else None
    steps.append(FunnelStep(IN_PLACE, str(_("到资")), paid["n"], paid["a"] or Decimal(0), conv))
    by_unit = list(
        qs.values("unit_id", "unit__name")
        .annotate(
            total=Count("id"),
            signed=Count("id", filter=_reached(LeadStage.SIGNED)),
            landed=Count("id", filter=_reached(LeadStage.LANDED)),
            amount=Sum("intended_investment"),
        )
        .order_by("unit__name")
    )
    for row in by_unit:
        row["signed_rate"] = round_pct(Decimal(row["signed"]) * 100 / row["total"]) if row["total"] else None
    return Funnel(
        steps=steps, lost=r["n_lost"], lost_amount=r["a_lost"] or Decimal(0), total=r["total"],
        signed_amount=r["signed_amount"] or Decimal(0), by_unit=by_unit,
        in_place_amount=paid["a"] or Decimal(0),
    )  # fmt: skip


# --------------------------------------------------------------------------- chains


def chain_list(*, user):
    return (
        policy.scope(user, Chain)
        .select_related("cluster", "cluster__region", "category")
        .annotate(link_count=Count("links", distinct=True))
    )


@dataclass
class LinkState:
    link: ChainLink
    enterprises: list = field(default_factory=list)  # (enterprise, how: "division" | "hand")
    projects: list = field(default_factory=list)
    leads: list = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.enterprises or self.projects)

    @property
    def gap(self) -> bool:
        return not self.present


@dataclass
class ChainMap:
    chain: Chain
    links: list[LinkState]

    @property
    def gaps(self) -> list[LinkState]:
        return [s for s in self.links if s.gap]

    @property
    def gaps_without_lead(self) -> list[LinkState]:
        return [s for s in self.links if s.gap and not s.leads]

    def by_segment(self) -> list[tuple[str, str, list[LinkState]]]:
        return [
            (seg, str(label), [s for s in self.links if s.link.segment == seg])
            for seg, label in Segment.choices
        ]

    def graph(self) -> dict:
        """ECharts graph option: links laid out by segment (columns) and order, coloured
        present (green) / gap with leads (orange) / gap without lead (red); edges follow
        the chain from upstream to downstream."""
        nodes, edges = [], []
        columns = {seg: i for i, (seg, _label) in enumerate(Segment.choices)}
        per_column: dict[str, int] = {}
        ordered = sorted(self.links, key=lambda s: (columns[s.link.segment], s.link.order, s.link.pk))
        for s in ordered:
            row = per_column.get(s.link.segment, 0)
            per_column[s.link.segment] = row + 1
            colour = "#2e7d32" if s.present else ("#ef6c00" if s.leads else "#c62828")
            status = "已有" if s.present else ("缺链（招商中）" if s.leads else "缺链（无线索）")
            nodes.append(
                {
                    "id": str(s.link.pk),
                    "name": s.link.name,
                    "x": 100 + columns[s.link.segment] * 300,
                    "y": 80 + row * 110,
                    "symbolSize": 64,
                    "itemStyle": {"color": colour},
                    "value": f"{status}：企业{len(s.enterprises)}家，项目{len(s.projects)}个，线索{len(s.leads)}条",
                    "category": 0 if s.present else (1 if s.leads else 2),
                }
            )
        for a, b in zip(ordered, ordered[1:], strict=False):
            edges.append({"source": str(a.link.pk), "target": str(b.link.pk)})
        return {
            "tooltip": {"formatter": "{b}<br/>{c}"},
            "legend": [{"data": ["已有环节", "缺链（招商中）", "缺链（无线索）"]}],
            "series": [
                {
                    "type": "graph",
                    "layout": "none",
                    "roam": True,
                    "label": {"show": True, "color": "#fff", "fontSize": 12},
                    "edgeSymbol": ["none", "arrow"],
                    "edgeSymbolSize": 10,
                    "lineStyle": {"width": 2, "color": "#888"},
                    "categories": [
                        {"name": "已有环节", "itemStyle": {"color": "#2e7d32"}},
                        {"name": "缺链（招商中）", "itemStyle": {"color": "#ef6c00"}},
                        {"name": "缺链（无线索）", "itemStyle": {"color": "#c62828"}},
                    ],
                    "data": nodes,
                    "links": edges,
                }
            ],
        }


def chain_map(chain: Chain) -> ChainMap:
    """Links of the chain with the cluster's enterprises and projects on them (by the
    enterprise's / project's industry division being one of the link's divisions, or placed
    by hand), and the open leads tied to each link. Five queries whatever the size."""
    from clusterzone.projects.models import Project
    from clusterzone.registry.models import Enterprise

    links = list(ChainLink.objects.filter(chain=chain).prefetch_related("divisions").order_by("order", "id"))
    states = {link.pk: LinkState(link) for link in links}
    by_division: dict[int, list[int]] = {}
    for link in links:
        for d in link.divisions.all():
            by_division.setdefault(d.pk, []).append(link.pk)
    hand = list(
        ChainPlacement.objects.filter(link__chain=chain)
        .select_related("enterprise", "project")
        .order_by("id")
    )
    hand_ent = {(p.link_id, p.enterprise_id) for p in hand if p.enterprise_id}
    hand_proj = {(p.link_id, p.project_id) for p in hand if p.project_id}
    for p in hand:
        if p.enterprise_id:
            states[p.link_id].enterprises.append((p.enterprise, "hand"))
        else:
            states[p.link_id].projects.append((p.project, "hand"))
    if by_division:
        for e in Enterprise.objects.filter(cluster_id=chain.cluster_id, industry_id__in=by_division).order_by(
            "name"
        ):
            for link_id in by_division[e.industry_id]:
                if (link_id, e.pk) not in hand_ent:
                    states[link_id].enterprises.append((e, "division"))
        projects = Project.objects.filter(cluster_id=chain.cluster_id, industry_id__in=by_division).exclude(
            stage="terminated"
        )
        for p in projects.order_by("code"):
            for link_id in by_division[p.industry_id]:
                if (link_id, p.pk) not in hand_proj:
                    states[link_id].projects.append((p, "division"))
    leads = Lead.objects.filter(chain_link__chain=chain, stage__in=OPEN_FOR_GAP).order_by(
        "-intended_investment", "id"
    )
    for lead in leads:
        states[lead.chain_link_id].leads.append(lead)
    return ChainMap(chain=chain, links=[states[link.pk] for link in links])


def chain_list_with_gaps(chains) -> list[dict]:
    """Per chain: links, present links, gaps and gaps without lead, in a fixed number of
    queries (for the chain list and the API list)."""
    from clusterzone.projects.models import Project
    from clusterzone.registry.models import Enterprise

    chains = list(chains)
    ids = [c.pk for c in chains]
    links = list(ChainLink.objects.filter(chain_id__in=ids).prefetch_related("divisions"))
    placed = set(ChainPlacement.objects.filter(link__chain_id__in=ids).values_list("link_id", flat=True))
    clusters = {c.cluster_id for c in chains}
    ent_div = set(
        Enterprise.objects.filter(cluster_id__in=clusters, industry__isnull=False).values_list(
            "cluster_id", "industry_id"
        )
    )
    proj_div = set(
        Project.objects.filter(cluster_id__in=clusters, industry__isnull=False)
        .exclude(stage="terminated")
        .values_list("cluster_id", "industry_id")
    )
    with_lead = set(
        Lead.objects.filter(chain_link__chain_id__in=ids, stage__in=OPEN_FOR_GAP).values_list(
            "chain_link_id", flat=True
        )
    )
    cluster_of = {c.pk: c.cluster_id for c in chains}
    summary = {c.pk: {"links": 0, "present": 0, "gaps": 0, "gaps_without_lead": 0} for c in chains}
    for link in links:
        cid = cluster_of[link.chain_id]
        present = link.pk in placed or any(
            (cid, d.pk) in ent_div or (cid, d.pk) in proj_div for d in link.divisions.all()
        )
        s = summary[link.chain_id]
        s["links"] += 1
        if present:
            s["present"] += 1
        else:
            s["gaps"] += 1
            if link.pk not in with_lead:
                s["gaps_without_lead"] += 1
    for c in chains:
        c.summary = summary[c.pk]
    return chains


def chains_prefetched(qs):
    return qs.prefetch_related(
        Prefetch("links", queryset=ChainLink.objects.prefetch_related("divisions").order_by("order", "id"))
    )


# --------------------------------------------------------------------------- 到资

IN_PLACE = "in_place"
IN_PLACE_CODE = "funds_in_place"  # the code an assessment scheme names 到资 by
SIGNED_CODE = "signed_amount"  # … and the amount signed


def payment_list(*, user):
    """到资 records of the leads in the caller's scope."""
    return FundsPayment.objects.filter(
        agreement__lead__in=policy.scope(user, Lead).values("pk")
    ).select_related("agreement", "agreement__lead", "agreement__lead__cluster", "agreement__lead__unit")


@dataclass
class AgreementFunds:
    agreement: Agreement
    agreed: Decimal
    in_place: Decimal  # cumulative up to the period's end
    in_period: Decimal  # received within the period

    @property
    def rate(self) -> float | None:
        return round_pct(self.in_place * 100 / self.agreed) if self.agreed else None

    @property
    def outstanding(self) -> Decimal:
        return max(self.agreed - self.in_place, Decimal(0))

    def as_dict(self) -> dict:
        lead = self.agreement.lead
        return {
            "lead": lead.code, "company": lead.company, "cluster": lead.cluster.code,
            "unit": lead.unit.name if lead.unit_id else "", "signed_date": self.agreement.signed_date.isoformat(),
            "agreed": str(self.agreed), "in_place": str(self.in_place), "in_period": str(self.in_period),
            "rate": self.rate, "outstanding": str(self.outstanding),
        }  # fmt: skip


def funds_in_place(*, user, period=None, unit=None, cluster=None) -> list[AgreementFunds]:
    """Each signed agreement in scope with its funds in place: cumulative to the end of
    `period` (a core.periods.Period; all when None) against the agreed amount, and what was
    received within the period. One query."""
    qs = Agreement.objects.filter(lead__in=policy.scope(user, Lead).values("pk")).select_related(
        "lead", "lead__cluster", "lead__unit"
    )
    if unit is not None:
        qs = qs.filter(lead__unit=unit)
    if cluster is not None:
        qs = qs.filter(lead__cluster=cluster)
    upto = Q(payments__date__lte=period.end) if period is not None else Q()
    within = Q(payments__date__range=(period.start, period.end)) if period is not None else Q()
    qs = qs.annotate(
        paid=Sum("payments__amount", filter=upto), paid_period=Sum("payments__amount", filter=within)
    ).order_by("lead__cluster__code", "signed_date", "id")
    cent = Decimal("0.01")

    def q(v):
        return Decimal(v or 0).quantize(cent)

    return [AgreementFunds(a, q(a.amount), q(a.paid), q(a.paid_period)) for a in qs]


def funds_in_place_by_unit(rows: list[AgreementFunds]) -> list[dict]:
    """Per responsible unit: agreements, agreed, in place (cumulative), in the period, rate."""
    units: dict = {}
    for r in rows:
        lead = r.agreement.lead
        u = units.setdefault(lead.unit_id, {"unit": lead.unit.name if lead.unit_id else str(_("未指定单位")),
                                            "agreements": 0, "agreed": Decimal(0), "in_place": Decimal(0),
                                            "in_period": Decimal(0)})  # fmt: skip
        u["agreements"] += 1
        u["agreed"] += r.agreed
        u["in_place"] += r.in_place
        u["in_period"] += r.in_period
    out = []
    for u in sorted(units.values(), key=lambda u: u["unit"]):
        u["rate"] = round_pct(u["in_place"] * 100 / u["agreed"]) if u["agreed"] else None
        out.append(u)
    return out


def funds_in_place_chart(rows: list[AgreementFunds]) -> dict:
    """ECharts option: agreed against in place per agreement (万元)."""
    names = [r.agreement.lead.company for r in rows]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [str(_("签约额")), str(_("到资额"))]},
        "xAxis": {"type": "category", "data": names},
        "yAxis": {"type": "value", "name": str(_("万元"))},
        "series": [
            {"name": str(_("签约额")), "type": "bar", "data": [float(r.agreed) for r in rows]},
            {"name": str(_("到资额")), "type": "bar", "data": [float(r.in_place) for r in rows]},
        ],
    }


# --------------------------------------------------------------------------- assessment sources


def _yearly_sums(qs, *, cluster_field: str, date_field: str, amount_field: str, cluster_ids, years):
    from django.db.models.functions import ExtractYear

    rows = (
        qs.filter(**{f"{cluster_field}__in": list(cluster_ids), f"{date_field}__year__in": list(years)})
        .annotate(y=ExtractYear(date_field))
        .values(cluster_field, "y")
        .annotate(total=Sum(amount_field))
        .order_by()
    )
    return {(r[cluster_field], r["y"]): r["total"] or Decimal(0) for r in rows}


def in_place_by_cluster_year(cluster_ids, years) -> dict[tuple[int, int], Decimal]:
    """到资 per cluster and year: the payments received in the year against the agreements
    of the cluster's leads (万元); one query."""
    return _yearly_sums(
        FundsPayment.objects.all(), cluster_field="agreement__lead__cluster_id", date_field="date",
        amount_field="amount", cluster_ids=cluster_ids, years=years,
    )  # fmt: skip


def signed_by_cluster_year(cluster_ids, years) -> dict[tuple[int, int], Decimal]:
    """签约额 per cluster and year: the agreements signed in the year (万元); one query."""
    return _yearly_sums(
        Agreement.objects.all(), cluster_field="lead__cluster_id", date_field="signed_date",
        amount_field="amount", cluster_ids=cluster_ids, years=years,
    )  # fmt: skip


def register_assessment_sources() -> None:
    """到资 and 签约额 as figures an assessment scheme may score clusters on."""
    from django.utils.translation import gettext_lazy

    from clusterzone.assessment import sources

    sources.register(sources.Source(IN_PLACE_CODE, gettext_lazy("到资额"), "万元", in_place_by_cluster_year))
    sources.register(sources.Source(SIGNED_CODE, gettext_lazy("招商签约额"), "万元", signed_by_cluster_year))


def clock_rule_list(*, user):
    """招商服务时限 rules in the user's scope, by region and kind."""
    return policy.scope(user, ClockRule).select_related("region").order_by("region__code", "stage")
