"""Demo leads and industry chains (`load_investment_demo()`, wired into `clusterzone demo`).

Idempotent: units by (region, name), chains by (cluster, name), links by (chain, name),
leads by code. An existing lead is left as it is (its stage moves, agreement, follow-ups
are only played once, when the lead is created), so a second run writes nothing. Needs the
registry demo (clusters, enterprises) loaded first; a missing cluster is skipped.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from clusterzone.accounts.models import OrgUnit, Region, User
from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.services import instance_save
from clusterzone.registry.models import Cluster, Industry, IndustryCategory

from . import services
from .data import chains as chain_data
from .data import leads as lead_data
from .models import Chain, ChainLink, Lead

DEMO_REASON = "演示数据"


def _d(text: str) -> date:
    return date.fromisoformat(text)


def load_chains(*, counts: dict) -> None:
    clusters = {c.code: c for c in Cluster.objects.filter(code__in={c["cluster"] for c in chain_data.CHAINS})}
    categories = {c.name: c for c in IndustryCategory.objects.all()}
    divisions = {i.code: i for i in Industry.objects.filter(level="division")}
    for spec in chain_data.CHAINS:
        cluster = clusters.get(spec["cluster"])
        category = categories.get(spec["category"])
        if cluster is None or category is None:
            continue
        chain = Chain.objects.filter(cluster=cluster, name=spec["name"]).first()
        if chain is None:
            chain = Chain(cluster=cluster, name=spec["name"])
            services.chain_save(
                actor=SYSTEM, chain=chain, data={"category": category, "description": spec["description"]},
                reason=DEMO_REASON,
            )  # fmt: skip
            counts["chains"] = counts.get("chains", 0) + 1
        existing = {link.name: link for link in chain.links.prefetch_related("divisions")}
        for order, (segment, name, codes, products) in enumerate(spec["links"], start=1):
            wanted = [divisions[c] for c in codes if c in divisions]
            link = existing.get(name)
            if link is not None and {d.pk for d in link.divisions.all()} == {d.pk for d in wanted}:
                continue
            link = link or ChainLink(chain=chain, name=name)
            services.chain_link_save(
                actor=SYSTEM, link=link,
                data={"segment": segment, "order": order, "key_products": products, "divisions": wanted},
                reason=DEMO_REASON,
            )  # fmt: skip
            counts["chain_links"] = counts.get("chain_links", 0) + 1


def _unit(region_code: str, name: str, counts: dict) -> OrgUnit | None:
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        return None
    unit = OrgUnit.objects.filter(region=region, name=name).first()
    if unit is None:
        unit = instance_save(
            OrgUnit(region=region, name=name, kind="other", notes="招商引资工作单位（演示数据）。"),
            actor=None, data={}, reason=DEMO_REASON, check_permission=False,
        )  # fmt: skip
        counts["units"] = counts.get("units", 0) + 1
    return unit


def load_leads(*, counts: dict) -> None:
    units = {name: _unit(code, name, counts) for code, name in lead_data.UNITS}
    clusters = {c.code: c for c in Cluster.objects.filter(code__in={le["cluster"] for le in lead_data.LEADS})}
    existing = set(
        Lead.objects.filter(code__in=[le["code"] for le in lead_data.LEADS]).values_list("code", flat=True)
    )
    categories = {c.name: c for c in IndustryCategory.objects.all()}
    divisions = {i.code: i for i in Industry.objects.filter(level="division")}
    for spec in lead_data.LEADS:
        cluster = clusters.get(spec["cluster"])
        if spec["code"] in existing or cluster is None:
            continue
        link = None
        if spec.get("link"):
            link = ChainLink.objects.filter(
                chain__cluster=cluster, chain__name=spec["link"][0], name=spec["link"][1]
            ).first()
        leader = User.objects.filter(username=spec["leader"]).first() if spec.get("leader") else None
        lead = services.lead_create(
            actor=SYSTEM,
            data={
                "code": spec["code"], "company": spec["company"], "project_name": spec.get("project", ""),
                "source_region": spec["source"], "company_type": spec["type"],
                "industry": divisions.get(spec.get("division")), "category": categories.get(spec.get("category")),
                "chain_link": link, "intended_investment": Decimal(spec["amount"]), "cluster": cluster,
                "unit": units.get(spec["unit"]), "leader": leader, "first_contact": _d(spec["first"]),
            },
            reason=DEMO_REASON,
        )  # fmt: skip
        counts["leads"] = counts.get("leads", 0) + 1
        followups = sorted(spec.get("followups", []))
        events = [("followup", _d(f[0]), f) for f in followups]
        events += [("move", _d(when), stage) for stage, when in spec.get("moves", [])]
        if spec.get("sign"):
            events.append(("sign", _d(spec["sign"][0]), spec["sign"][1]))
        if spec.get("land"):
            events.append(("land", _d(spec["land"]), None))
        if spec.get("lost"):
            events.append(("lost", _d(spec["lost"][0]), spec["lost"][1]))
        order = {"move": 0, "sign": 0, "followup": 1, "land": 2, "lost": 2}
        for kind, when, payload in sorted(events, key=lambda e: (e[1], order[e[0]])):
            if kind == "followup":
                services.followup_add(
                    actor=SYSTEM, lead=lead,
                    data={"date": when, "kind": payload[1], "content": payload[2], "next_step": payload[3]},
                    reason=DEMO_REASON,
                )  # fmt: skip
            elif kind == "move":
                services.lead_move(actor=SYSTEM, lead=lead, to_stage=payload, when=when, reason=DEMO_REASON)
            elif kind == "sign":
                services.lead_sign(
                    actor=SYSTEM, lead=lead, signed_date=when, amount=Decimal(payload), document="投资合作协议",
                    reason=DEMO_REASON,
                )  # fmt: skip
            elif kind == "land":
                services.lead_land(actor=SYSTEM, lead=lead, when=when, reason=DEMO_REASON)
            elif kind == "lost":
                services.lead_lose(actor=SYSTEM, lead=lead, reason=payload, when=when)


@transaction.atomic
def load_investment_demo(stdout=None) -> dict:
    """Load the demo chains and leads; returns counts of what was written."""
    counts: dict[str, int] = {}
    load_chains(counts=counts)
    load_leads(counts=counts)
    if stdout is not None:
        labels = {"chains": "产业链", "chain_links": "产业链环节", "units": "招商单位", "leads": "招商线索"}
        written = "，".join(f"{labels.get(k, k)} {v}" for k, v in counts.items()) or "无变化"
        stdout.write(f"招商演示数据：{written}")
    return counts
