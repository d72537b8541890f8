"""Synthetic investment data for `clusterzone synth` (province-scale benchmarks): per cluster
one or two industry chains with links, and leads at every stage with follow-ups — all with
bulk_create (no history rows, no per-row services: this is load-test data, not demo data).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from clusterzone.core.bulk import insert_objects
from clusterzone.registry.models import Industry, IndustryCategory

from .choices import CompanyType, LeadStage, Segment, SourceRegion
from .clocks import CLOCKED_STAGES
from .models import Chain, ChainLink, ChainPlacement, Lead, LeadFollowUp, LeadStageChange

CHAIN_SHAPES = [
    ("超硬材料", ["原料", "单晶/微粉", "制品", "应用"], ["10", "30", "33", "24"]),
    ("纺织服装", ["纺纱", "织造", "印染/水洗", "服装"], ["17", "17", "17", "18"]),
    ("新型建材", ["石材开采", "石材加工/建材生产", "装配式建筑/装饰", "应用"], ["10", "30", "47", "48"]),
    ("装备制造", ["基础件", "零部件", "整机", "服务"], ["33", "34", "35", "43"]),
    ("食品加工", ["种养", "初加工", "精深加工", "冷链物流"], ["01", "13", "14", "59"]),
]
SEGMENTS = [Segment.UPSTREAM, Segment.MIDSTREAM, Segment.MIDSTREAM, Segment.DOWNSTREAM]
STAGE_WEIGHTS = [
    (LeadStage.CONTACT, 30), (LeadStage.VISIT, 20), (LeadStage.NEGOTIATE, 15), (LeadStage.INTENT, 10),
    (LeadStage.SIGNED, 8), (LeadStage.LOST, 17),
]  # fmt: skip
OPEN = [LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATE, LeadStage.INTENT]


def refresh_new_leads(clusters) -> None:
    """Store the clock deadlines of the leads of `clusters` (clocks.refresh_deadlines)."""
    from django.db.models import Q

    from .clocks import refresh_deadlines

    refresh_deadlines(Q(cluster_id__in=[c.pk for c in clusters], stage__in=CLOCKED_STAGES))


def synth_leads(
    clusters, rng, *, leads_per_cluster: int = 30, today: date | None = None, refresh: bool = True
) -> dict:
    """Chains, links, leads, follow-ups and stage records for `clusters` (a list), using
    `rng` (random.Random). Returns the counts created. `refresh=False` leaves the leads' stored
    clock deadlines to the caller (a bulk build refreshes them once its indexes are back:
    the refresh reads each lead's last follow-up)."""
    today = today or date(2025, 6, 30)
    clusters = list(clusters)
    categories = {c.name: c for c in IndustryCategory.objects.filter(name__in=[s[0] for s in CHAIN_SHAPES])}
    for name, *_rest in CHAIN_SHAPES:
        if name not in categories:
            categories[name] = IndustryCategory.objects.create(name=name)
    divisions = {i.code: i for i in Industry.objects.filter(level="division")}
    chains = []
    for cluster in clusters:
        for shape in rng.sample(CHAIN_SHAPES, k=rng.choice([1, 2])):
            chains.append(Chain(cluster=cluster, category=categories[shape[0]], name=f"{shape[0]}产业链"))
    chains = Chain.objects.bulk_create(chains)
    shapes = {s[0]: s for s in CHAIN_SHAPES}
    links = []
    for chain in chains:
        _name, names, _codes = shapes[chain.category.name]
        links += [
            ChainLink(chain=chain, segment=SEGMENTS[i], name=n, order=i + 1, key_products="")
            for i, n in enumerate(names)
        ]
    links = ChainLink.objects.bulk_create(links)
    through = ChainLink.divisions.through
    rows = []
    for link in links:
        code = shapes[link.chain.category.name][2][link.order - 1]
        if code in divisions:
            rows.append(through(chainlink_id=link.pk, industry_id=divisions[code].pk))
    through.objects.bulk_create(rows)
    links_by_cluster: dict[int, list[ChainLink]] = {}
    for link in links:
        links_by_cluster.setdefault(link.chain.cluster_id, []).append(link)

    stages = [s for s, _w in STAGE_WEIGHTS]
    weights = [w for _s, w in STAGE_WEIGHTS]
    leads, n = [], Lead.objects.count()
    for cluster in clusters:
        cl_links = links_by_cluster.get(cluster.pk, [])
        for _ in range(leads_per_cluster):
            n += 1
            stage = rng.choices(stages, weights)[0]
            first = today - timedelta(days=rng.randint(10, 330))
            entered = min(today, first + timedelta(days=rng.randint(0, 60)))
            link = rng.choice(cl_links) if cl_links and rng.random() < 0.6 else None
            leads.append(
                Lead(
                    code=f"SY{n:07d}",
                    company=f"合成客商{n}有限公司",
                    project_name=f"合成项目{n}",
                    source_region=rng.choice(SourceRegion.values),
                    company_type=rng.choice(CompanyType.values),
                    chain_link=link,
                    category=link.chain.category if link else None,
                    intended_investment=Decimal(rng.choice([800, 3000, 5000, 12000, 30000, 60000, 120000])),
                    cluster=cluster,
                    unit_id=cluster.committee_id,
                    first_contact=first,
                    stage_entered_at=entered,
                    stage=stage,
                    lost_from=rng.choice(OPEN) if stage == LeadStage.LOST else "",
                    lost_reason="合成数据：客商转投他地" if stage == LeadStage.LOST else "",
                )  # fmt: skip
            )
    leads = insert_objects(Lead, leads)
    followups, changes = [], []
    written = 0

    def flush():  # streamed in batches: memory stays flat whatever the number of leads
        nonlocal written
        insert_objects(LeadFollowUp, followups, want_ids=False)
        insert_objects(LeadStageChange, changes, want_ids=False)
        written += len(followups)
        followups.clear(), changes.clear()

    for lead in leads:
        changes.append(
            LeadStageChange(lead=lead, from_stage="", to_stage=LeadStage.CONTACT, date=lead.first_contact)
        )
        if lead.stage != LeadStage.CONTACT:
            changes.append(
                LeadStageChange(
                    lead=lead, from_stage=LeadStage.CONTACT, to_stage=lead.stage, date=lead.stage_entered_at
                )
            )
        for k in range(rng.randint(0, 3)):
            d = min(today, lead.stage_entered_at + timedelta(days=k * rng.randint(3, 20)))
            followups.append(LeadFollowUp(lead=lead, date=d, kind="visit", content="合成数据：跟进"))
        if len(followups) + len(changes) >= 20000:
            flush()
    flush()
    if refresh:
        refresh_new_leads(clusters)
    return {
        "chains": len(chains),
        "chain_links": len(links),
        "leads": len(leads),
        "lead_followups": written,
    }


def delete_synthetic_leads(cluster_ids) -> int:
    """Delete the leads (PROTECT on their cluster) and chains of these clusters in bulk, so
    the synthetic clusters can be deleted. Returns the number of leads deleted."""
    from django.db import connection

    db = connection.alias
    ids = list(cluster_ids)
    total = 0
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        LeadFollowUp.objects.filter(lead__cluster_id__in=chunk)._raw_delete(db)
        LeadStageChange.objects.filter(lead__cluster_id__in=chunk)._raw_delete(db)
        leads = Lead.objects.filter(cluster_id__in=chunk)
        total += leads.count()
        leads._raw_delete(db)
        ChainPlacement.objects.filter(link__chain__cluster_id__in=chunk)._raw_delete(db)
        ChainLink.divisions.through.objects.filter(chainlink__chain__cluster_id__in=chunk)._raw_delete(db)
        ChainLink.objects.filter(chain__cluster_id__in=chunk)._raw_delete(db)
        Chain.objects.filter(cluster_id__in=chunk)._raw_delete(db)
    return total
