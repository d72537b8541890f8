"""Reads of the finance module, starting from the policy's scope, with fixed query counts:
the loan list, loan figures per bank / region / period (balance, disbursed, non-performing),
the share of cluster enterprises with loans, superior funds (the `superior_funds` indicator
drawn from the records) and the platforms' net-asset checks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit
from clusterzone.core.periods import Period
from clusterzone.core.units import round_pct
from clusterzone.registry.models import Cluster, Enterprise

from .choices import OUTSTANDING, LoanKind, LoanStatus, ResponseKind
from .models import (
    AttractedTax,
    FinancingNeed,
    FinancingPlatform,
    Guarantee,
    IncentiveRule,
    Loan,
    LoanParticipant,
    LoanStatusChange,
    MatchingEvent,
    NeedResponse,
    PlatformYear,
    ServicePairing,
    SuperiorFund,
    TaxSharingRule,
)

ZERO = Decimal(0)


def loan_list(*, user):
    return (
        policy.scope(user, Loan)
        .select_related(
            "lender",
            "lender__region",
            "borrower",
            "borrower__cluster",
            "borrower__cluster__region",
            "project",
        )
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=LoanParticipant.objects.select_related("lender").order_by("-share", "id"),
            )
        )
    )


def loan_status_history(loan: Loan):
    return LoanStatusChange.objects.filter(loan=loan).select_related("actor").order_by("date", "id")


# --------------------------------------------------------------------------- loan figures


def portions(loan: Loan) -> list[tuple[int, str, Decimal]]:
    """(bank unit id, bank name, amount) of each bank's part of a loan: the participants'
    shares of a syndicated loan, otherwise the whole amount for the lender."""
    if loan.kind == LoanKind.SYNDICATED:
        parts = list(loan.participants.all())
        if parts:
            return [(p.lender_id, p.lender.name, p.share) for p in parts]
    return [(loan.lender_id, loan.lender.name, loan.amount)]


def _state_at(changes: list[LoanStatusChange], when: date) -> tuple[str | None, Decimal]:
    """(status, balance) of a loan at the end of a day, from its dated changes (oldest first)."""
    state, balance = None, ZERO
    for c in changes:
        if c.date > when:
            break
        state, balance = c.to_status, c.balance
    return state, balance


@dataclass
class LoanFigures:
    key: str  # bank unit id, region code or cluster code
    name: str
    balance: Decimal = ZERO  # at the period's end
    balance_last_year: Decimal = ZERO  # at the same day a year before
    disbursed: Decimal = ZERO  # issued in the period (not pending)
    npl: Decimal = ZERO  # non-performing balance at the period's end
    loans: int = 0

    @property
    def growth(self):
        """Balance growth on the same day last year (同比), %, rounded to 0.1."""
        if not self.balance_last_year:
            return None
        return round_pct((self.balance - self.balance_last_year) * 100 / self.balance_last_year)

    @property
    def npl_ratio(self):
        return round_pct(self.npl * 100 / self.balance) if self.balance else None

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "balance": str(self.balance),
            "balance_last_year": str(self.balance_last_year),
            "growth": self.growth,
            "disbursed": str(self.disbursed),
            "npl": str(self.npl),
            "npl_ratio": self.npl_ratio,
            "loans": self.loans,
        }


def _year_before(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def loan_figures(*, user, period: Period, by: str = "bank", bank=None, cluster=None) -> list[LoanFigures]:
    """Balances at the period's end (and a year before, for 同比), amounts disbursed in the
    period and non-performing balances, per bank (its shares of syndicated loans), per region
    (the borrower's county) or per cluster, over the loans the user sees. Three queries.

    A loan's balance at a day is the balance of its latest dated change on or before that
    day, counted when its status then is outstanding (正常, 关注, 不良); a pending loan
    (待解付) is neither disbursed nor outstanding."""
    end = period.end
    before = _year_before(end)
    qs = (
        loan_list(user=user)
        .filter(issued_on__lte=end)
        .prefetch_related(
            Prefetch(
                "status_changes", queryset=LoanStatusChange.objects.order_by("date", "id"), to_attr="changes"
            )
        )
    )
    if bank is not None:
        qs = qs.filter(
            Q(lender=bank) | Q(pk__in=LoanParticipant.objects.filter(lender=bank).values("loan_id"))
        )
    if cluster is not None:
        qs = qs.filter(borrower__cluster=cluster)
    rows: dict[str, LoanFigures] = {}
    for loan in qs:
        status, balance = _state_at(loan.changes, end)
        status_b, balance_b = _state_at(loan.changes, before)
        disbursed = period.start <= loan.issued_on <= end and status != LoanStatus.PENDING
        for unit_id, unit_name, part in portions(loan):
            if bank is not None and by == "bank" and unit_id != bank.pk:
                continue
            if by == "bank":
                key, name = str(unit_id), unit_name
            elif by == "cluster":
                key, name = loan.borrower.cluster.code, loan.borrower.cluster.name
            else:
                key, name = loan.borrower.cluster.region.code, loan.borrower.cluster.region.name
            row = rows.setdefault(key, LoanFigures(key, name))
            ratio = part / loan.amount
            row.loans += 1
            if status in OUTSTANDING:
                row.balance += balance * ratio
            if status_b in OUTSTANDING:
                row.balance_last_year += balance_b * ratio
            if status == LoanStatus.NPL:
                row.npl += balance * ratio
            if disbursed:
                row.disbursed += part
    for row in rows.values():
        for name in ("balance", "balance_last_year", "npl", "disbursed"):
            setattr(row, name, getattr(row, name).quantize(Decimal("0.01")))
    return sorted(rows.values(), key=lambda r: (-r.balance, r.name))


def monthly_balances(*, user, year: int, bank=None, cluster=None) -> dict:
    """Balance at each month's end of a year, per bank, as the ECharts option of a line chart
    (three queries, whatever the number of loans)."""
    months = [Period.month(year, m) for m in range(1, 13)]
    qs = (
        loan_list(user=user)
        .filter(issued_on__lte=months[-1].end)
        .prefetch_related(
            Prefetch(
                "status_changes", queryset=LoanStatusChange.objects.order_by("date", "id"), to_attr="changes"
            )
        )
    )
    if cluster is not None:
        qs = qs.filter(borrower__cluster=cluster)
    series: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    for loan in qs:
        for i, m in enumerate(months):
            status, balance = _state_at(loan.changes, m.end)
            if status not in OUTSTANDING:
                continue
            for unit_id, unit_name, part in portions(loan):
                if bank is not None and unit_id != bank.pk:
                    continue
                series[unit_name][i] += balance * part / loan.amount
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 60, "right": 20, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": [f"{m.month_of_year}月" for m in months]},
        "yAxis": {"type": "value", "name": "万元"},
        "series": [
            {"name": name, "type": "line", "data": [float(v.quantize(Decimal("0.01"))) for v in values]}
            for name, values in sorted(series.items())
        ],
    }


def enterprises_with_loans(*, user, clusters=None) -> list[dict]:
    """Per cluster in scope: enterprises, those with an outstanding loan, and the share (%)."""
    qs = policy.scope(user, Enterprise)
    if clusters is not None:
        qs = qs.filter(cluster__in=clusters)
    outstanding = Loan.objects.filter(status__in=OUTSTANDING)
    rows = list(
        qs.values("cluster_id", "cluster__code", "cluster__name")
        .annotate(
            total=Count("id", distinct=True),
            with_loans=Count("id", distinct=True, filter=Q(pk__in=outstanding.values("borrower_id"))),
        )
        .order_by("cluster__code")
    )
    for r in rows:
        r["share"] = round_pct(Decimal(r["with_loans"]) * 100 / r["total"]) if r["total"] else None
    return rows


# --------------------------------------------------------------------------- superior funds


def superior_fund_list(*, user):
    return policy.scope(user, SuperiorFund).select_related("cluster", "cluster__region", "project")


def superior_funds_by_cluster(*, clusters, period: Period) -> dict[int, Decimal]:
    """Funds received from higher levels in the period (到位金额 dated inside it), per cluster
    id: one query for any number of clusters."""
    ids = [c.pk if hasattr(c, "pk") else c for c in clusters]
    rows = (
        SuperiorFund.objects.filter(
            cluster_id__in=ids, received_on__range=(period.start, period.end), amount_received__isnull=False
        )
        .values("cluster_id")
        .annotate(total=Sum("amount_received"))
    )
    result = dict.fromkeys(ids, ZERO)
    result.update({r["cluster_id"]: Decimal(r["total"]).quantize(Decimal("0.01")) for r in rows})
    return result


def superior_funds_total(*, cluster, period: Period) -> Decimal:
    """The cluster's figure for the `superior_funds` indicator (争取上级资金, 万元) drawn from
    the records: the amounts received from higher levels dated inside the period."""
    return superior_funds_by_cluster(clusters=[cluster], period=period)[
        cluster.pk if hasattr(cluster, "pk") else cluster
    ]


@dataclass
class FundsComparison:
    cluster: Cluster
    recorded: Decimal
    reported: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        return None if self.reported is None else self.reported - self.recorded

    @property
    def flagged(self) -> bool:
        return self.reported is not None and self.reported != self.recorded

    def as_dict(self) -> dict:
        return {
            "cluster": self.cluster.code,
            "cluster_name": self.cluster.name,
            "recorded": str(self.recorded),
            "reported": None if self.reported is None else str(self.reported),
            "difference": None if self.difference is None else str(self.difference),
            "flagged": self.flagged,
        }


def superior_funds_comparison(*, user, period: Period) -> list[FundsComparison]:
    """For each cluster in scope: the figure drawn from the records beside the reported value
    of `superior_funds` for the same period; a difference is flagged. Three queries."""
    from clusterzone.reporting.models import Value

    clusters = list(policy.scope(user, Cluster).select_related("region").order_by("code"))
    recorded = superior_funds_by_cluster(clusters=clusters, period=period)
    reported = dict(
        Value.objects.filter(
            cluster__in=clusters, indicator__code="superior_funds", period=str(period)
        ).values_list("cluster_id", "value")
    )
    return [FundsComparison(c, recorded[c.pk], reported.get(c.pk)) for c in clusters]


# --------------------------------------------------------------------------- platforms


@dataclass
class PlatformCheck:
    platform: FinancingPlatform
    year: int | None
    net_assets: Decimal | None
    financing_raised: Decimal  # in that year
    financing_total: Decimal  # all years
    years: list = field(default_factory=list)

    @property
    def minimum(self) -> Decimal:
        return self.platform.net_assets_minimum

    @property
    def meets(self) -> bool:
        return self.net_assets is not None and self.net_assets >= self.minimum

    @property
    def shortfall(self) -> Decimal:
        return ZERO if self.meets else self.minimum - (self.net_assets or ZERO)

    @property
    def goal_share(self):
        goal = self.platform.financing_goal
        return round_pct(self.financing_total * 100 / goal) if goal else None

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "net_assets": None if self.net_assets is None else str(self.net_assets),
            "minimum": str(self.minimum),
            "meets": self.meets,
            "shortfall": str(self.shortfall),
            "financing_raised": str(self.financing_raised),
            "financing_total": str(self.financing_total),
            "financing_goal": None
            if self.platform.financing_goal is None
            else str(self.platform.financing_goal),
            "goal_share": self.goal_share,
        }


def platform_list(*, user):
    return (
        policy.scope(user, FinancingPlatform)
        .select_related("region", "cluster")
        .prefetch_related(Prefetch("years", queryset=PlatformYear.objects.order_by("year")))
    )


def platform_check(platform: FinancingPlatform, year: int | None = None) -> PlatformCheck:
    """The policy check of one platform (its `years` prefetched): net assets of `year` (or
    of the latest year recorded) against the minimum; financing raised against the goal."""
    years = list(platform.years.all())
    if year is not None:
        years = [y for y in years if y.year <= year]
    last = years[-1] if years else None
    if year is not None and last is not None and last.year != year:
        last = None
    return PlatformCheck(
        platform=platform,
        year=last.year if last else year,
        net_assets=last.net_assets if last else None,
        financing_raised=last.financing_raised if last else ZERO,
        financing_total=sum((y.financing_raised for y in years), ZERO),
        years=years,
    )


def platform_checks(*, user, year: int | None = None) -> list[PlatformCheck]:
    return [platform_check(p, year) for p in platform_list(user=user)]


# --------------------------------------------------------------------------- 银企对接


def need_list(*, user):
    """Financing needs in the caller's scope (a bank's user: those published to the bank or
    to every bank of its region), with banks and responses prefetched."""
    return (
        policy.scope(user, FinancingNeed)
        .select_related("enterprise", "enterprise__cluster", "enterprise__cluster__region")
        .prefetch_related(
            "banks", Prefetch("responses", queryset=NeedResponse.objects.select_related("bank"))
        )
    )


def response_list(*, user):
    return policy.scope(user, NeedResponse).select_related(
        "need", "need__enterprise", "bank", "officer", "loan"
    )


def matching_event_list(*, user):
    return (
        policy.scope(user, MatchingEvent)
        .select_related("region")
        .prefetch_related(
            "banks", Prefetch("enterprises", queryset=Enterprise.objects.select_related("cluster")), "needs"
        )
        .annotate(n_banks=Count("banks", distinct=True), n_enterprises=Count("enterprises", distinct=True))
    )


def pairing_list(*, user):
    return policy.scope(user, ServicePairing).select_related("officer", "bank", "enterprise__cluster")


def tax_rule_list(*, user):
    return policy.scope(user, TaxSharingRule).select_related("region")


def attracted_tax_list(*, user):
    return policy.scope(user, AttractedTax).select_related("lead")


def guarantee_list(*, user):
    return Guarantee.objects.filter(loan__in=loan_list(user=user).values("pk")).select_related(
        "loan", "loan__borrower", "loan__lender"
    )


@dataclass
class NeedClock:
    published_on: date
    respond_by: date
    responded: dict  # bank id → (bank name, response date, working days taken)
    waiting: list  # names of the banks published to that have not responded
    overdue_days: int  # working days past respond_by with a bank still waiting (0 = within)

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0

    def as_dict(self) -> dict:
        return {
            "published_on": self.published_on.isoformat(),
            "respond_by": self.respond_by.isoformat(),
            "responses": [
                {"bank": name, "responded_on": d.isoformat(), "workdays": n, "on_time": d <= self.respond_by}
                for name, d, n in self.responded.values()
            ],
            "waiting": self.waiting,
            "overdue_days": self.overdue_days,
            "overdue": self.overdue,
        }


def clock_calendar():
    """A working-day calendar wide enough for the needs' clocks of a page (five years back,
    one ahead), loaded with one query."""
    from django.utils import timezone

    from clusterzone.core.workdays import Calendar

    today = timezone.localdate()
    return Calendar(date(today.year - 5, 1, 1), date(today.year + 1, 12, 31))


def need_clock(need: FinancingNeed, today: date | None = None, calendar=None) -> NeedClock:
    """The need's service clock: the banks' responses in working days from publication, the
    banks still waiting and how far past the deadline (uses the prefetched banks/responses)."""
    from django.utils import timezone

    from clusterzone.core.workdays import Calendar

    today = today or timezone.localdate()
    cal = calendar or Calendar(need.published_on, max(today, need.respond_by))
    responded = {
        r.bank_id: (r.bank.name, r.responded_on, cal.between(need.published_on, r.responded_on))
        for r in need.responses.all()
    }
    waiting = [b.name for b in need.banks.all() if b.pk not in responded]
    if need.open_to_all and not responded:
        waiting.append(str(_("所有银行")))
    open_ = need.status == "published" and waiting
    overdue = cal.between(need.respond_by, today) if open_ and today > need.respond_by else 0
    return NeedClock(need.published_on, need.respond_by, responded, waiting, overdue)


@dataclass
class OfficerScore:
    officer_id: int
    officer: str
    bank: str
    enterprises: int
    needs: int
    responses: int
    on_time: int
    avg_workdays: float | None
    granted: int
    granted_amount: Decimal
    loans: int

    @property
    def on_time_rate(self) -> float | None:
        return round_pct(Decimal(self.on_time) * 100 / self.needs) if self.needs else None

    def as_dict(self) -> dict:
        return {
            "officer_id": self.officer_id, "officer": self.officer, "bank": self.bank,
            "enterprises": self.enterprises, "needs": self.needs, "responses": self.responses,
            "on_time": self.on_time, "on_time_rate": self.on_time_rate, "avg_workdays": self.avg_workdays,
            "granted": self.granted, "granted_amount": str(self.granted_amount), "loans": self.loans,
        }  # fmt: skip


def officer_assessment(*, user, year: int | None = None) -> list[OfficerScore]:
    """金融服务员考核: per officer paired with enterprises, the needs of those enterprises that
    reached the officer's bank, the bank's responses (on time against the clock, average
    working days), credits granted and loans made. Three queries."""
    from clusterzone.core.workdays import Calendar

    pairings = list(pairing_list(user=user).filter(until__isnull=True))
    ents = {p.enterprise_id for p in pairings}
    needs = list(
        FinancingNeed.objects.filter(enterprise_id__in=ents)
        .filter(**({"published_on__year": year} if year else {}))
        .prefetch_related(
            "banks", Prefetch("responses", queryset=NeedResponse.objects.select_related("bank"))
        )
    )
    if needs:
        cal = Calendar(
            min(n.published_on for n in needs), max(max(n.respond_by for n in needs), date.today())
        )
    scores: dict[int, OfficerScore] = {}
    for p in pairings:
        s = scores.setdefault(
            p.officer_id,
            OfficerScore(
                p.officer_id,
                p.officer.full_name or p.officer.username,
                p.bank.name,
                0,
                0,
                0,
                0,
                None,
                0,
                ZERO,
                0,
            ),  # fmt: skip
        )
        s.enterprises += 1
        days = []
        for n in needs:
            if n.enterprise_id != p.enterprise_id:
                continue
            if not (n.open_to_all or any(b.pk == p.bank_id for b in n.banks.all())):
                continue
            s.needs += 1
            r = next((r for r in n.responses.all() if r.bank_id == p.bank_id), None)
            if r is None:
                continue
            s.responses += 1
            days.append(cal.between(n.published_on, r.responded_on))
            s.on_time += r.responded_on <= n.respond_by
            if r.kind == ResponseKind.GRANTED:
                s.granted += 1
                s.granted_amount += r.amount or ZERO
                s.loans += bool(r.loan_id)
        if days:
            prev = (s.avg_workdays or 0) * (s.responses - len(days))
            s.avg_workdays = round((prev + sum(days)) / s.responses, 1)
    return sorted(scores.values(), key=lambda s: (s.bank, s.officer))


def matching_funnel(*, user, year: int | None = None, cluster=None) -> list[dict]:
    """The matching funnel over the needs in scope: published → answered → credit granted →
    loan, with counts, amounts and conversion. One query."""
    qs = policy.scope(user, FinancingNeed)
    if year:
        qs = qs.filter(published_on__year=year)
    if cluster is not None:
        qs = qs.filter(enterprise__cluster=cluster)
    answered = Q(pk__in=NeedResponse.objects.values("need_id"))
    granted = Q(status__in=["granted", "loaned"])
    r = qs.aggregate(
        n0=Count("id"), a0=Sum("amount"),
        n1=Count("id", filter=answered), a1=Sum("amount", filter=answered),
        n2=Count("id", filter=granted), a2=Sum("amount", filter=granted),
        n3=Count("id", filter=Q(status="loaned")), a3=Sum("amount", filter=Q(status="loaned")),
    )  # fmt: skip
    labels = [_("发布需求"), _("银行响应"), _("获得授信"), _("转为贷款")]
    steps, prev = [], None
    for i, label in enumerate(labels):
        n = r[f"n{i}"]
        conv = None if prev is None else (round_pct(Decimal(n) * 100 / prev) if prev else None)
        steps.append({"label": str(label), "count": n, "amount": str(r[f"a{i}"] or ZERO), "conversion": conv})
        prev = n
    return steps


# --------------------------------------------------------------------------- 税收分成


CENT = Decimal("0.01")


def _nearest(rules_by_path: dict, path: str):
    best = None
    for p, rule in rules_by_path.items():
        if path.startswith(p) and (best is None or len(p) > len(best[0])):
            best = (p, rule)
    return best[1] if best else None


@dataclass
class TaxSplit:
    tax: AttractedTax
    amount: Decimal | None  # the year's tax (entered, else from the enterprise's figures)
    rule: TaxSharingRule | None
    county: Decimal = ZERO
    unit: Decimal = ZERO
    cluster: Decimal = ZERO

    def as_dict(self) -> dict:
        lead = self.tax.lead
        return {
            "lead": lead.code, "company": lead.company, "year": self.tax.year,
            "unit": lead.unit.name if lead.unit_id else "", "cluster": lead.cluster.code,
            "tax": None if self.amount is None else str(self.amount),
            "rule": str(self.rule) if self.rule else None,
            "county": str(self.county), "attracting_unit": str(self.unit), "cluster_share": str(self.cluster),
        }  # fmt: skip


def split_tax(amount: Decimal, rule: TaxSharingRule) -> tuple[Decimal, Decimal, Decimal]:
    """(county, attracting unit, cluster) of `amount` by the rule's percentages, in 万元 to the
    cent; the county takes the rounding remainder so that the three add up to the tax."""
    unit = (amount * rule.unit_share / 100).quantize(CENT)
    cluster = (amount * rule.cluster_share / 100).quantize(CENT)
    return amount - unit - cluster, unit, cluster


def tax_sharing(*, user, year: int) -> list[TaxSplit]:
    """Each attracted project's tax of `year` in scope split by its region's sharing rule
    (the nearest rule up the region tree). Three queries."""
    from django.apps import apps

    taxes = list(
        policy.scope(user, AttractedTax)
        .filter(year=year)
        .select_related("lead", "lead__unit", "lead__cluster", "lead__cluster__region")
        .order_by("lead__cluster__code", "lead__company")
    )
    rules = {r.region.path: r for r in TaxSharingRule.objects.select_related("region")}
    wanted = [t.enterprise_id for t in taxes if t.tax is None and t.enterprise_id]
    figures = {}
    if wanted:
        figures = dict(
            apps.get_model("land", "EnterpriseFigures")
            .objects.filter(enterprise_id__in=wanted, year=year)
            .values_list("enterprise_id", "tax")
        )
    out = []
    for t in taxes:
        amount = t.tax if t.tax is not None else figures.get(t.enterprise_id)
        rule = _nearest(rules, t.lead.cluster.region.path)
        row = TaxSplit(t, Decimal(amount).quantize(CENT) if amount is not None else None, rule)
        if row.amount is not None and rule is not None:
            row.county, row.unit, row.cluster = split_tax(row.amount, rule)
        out.append(row)
    return out


def tax_sharing_totals(rows: list[TaxSplit]) -> dict:
    """Per beneficiary: the county, each attracting unit and each cluster."""
    units: dict[str, Decimal] = defaultdict(lambda: ZERO)
    clusters: dict[str, Decimal] = defaultdict(lambda: ZERO)
    county = ZERO
    for r in rows:
        county += r.county
        units[r.tax.lead.unit.name if r.tax.lead.unit_id else str(_("未指定单位"))] += r.unit
        clusters[r.tax.lead.cluster.name] += r.cluster
    return {
        "county": str(county),
        "units": {k: str(v) for k, v in sorted(units.items())},
        "clusters": {k: str(v) for k, v in sorted(clusters.items())},
    }


def incentives(*, user, year: int, rows: list[TaxSplit] | None = None) -> list[dict]:
    """Attraction incentives per attracting unit for `year` by the configured rules of the
    unit's region (nearest up the tree): rate × the unit's 到资 / signed amount / tax share of
    the year, capped. Four queries."""
    from django.apps import apps

    Lead = apps.get_model("investment", "Lead")
    leads = policy.scope(user, Lead).filter(unit__isnull=False)
    in_place = dict(
        leads.filter(agreement__payments__date__year=year)
        .values("unit_id")
        .annotate(s=Sum("agreement__payments__amount"))
        .values_list("unit_id", "s")
    )
    signed = dict(
        leads.filter(agreement__signed_date__year=year)
        .values("unit_id")
        .annotate(s=Sum("agreement__amount"))
        .values_list("unit_id", "s")
    )
    tax = defaultdict(lambda: ZERO)
    for r in rows if rows is not None else tax_sharing(user=user, year=year):
        if r.tax.lead.unit_id:
            tax[r.tax.lead.unit_id] += r.unit
    unit_ids = set(in_place) | set(signed) | set(tax)
    units = {u.pk: u for u in policy.scope(user, OrgUnit).filter(pk__in=unit_ids).select_related("region")}
    rules: dict[str, list] = defaultdict(list)
    for rule in IncentiveRule.objects.select_related("region"):
        rules[rule.region.path].append(rule)
    out = []
    for uid, unit in sorted(units.items(), key=lambda kv: kv[1].name):
        path = unit.region.path if unit.region_id else ""
        basis = {"in_place": in_place.get(uid) or ZERO, "signed": signed.get(uid) or ZERO, "tax": tax[uid]}
        applicable = _nearest(rules, path) or []
        lines, total = [], ZERO
        for rule in applicable:
            amount = (Decimal(basis[rule.basis]) * rule.rate / 100).quantize(CENT)
            if rule.cap is not None:
                amount = min(amount, rule.cap)
            lines.append({"rule": rule.name, "basis": rule.basis, "base": str(Decimal(basis[rule.basis]).quantize(CENT)),
                          "amount": str(amount)})  # fmt: skip
            total += amount
        out.append({"unit": unit.name, "unit_id": uid, "lines": lines, "total": str(total)})
    return out
