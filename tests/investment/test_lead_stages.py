"""Lead stage rules: forward only (skipping allowed), 落地 only after 签约, 流失 from any open
stage with a reason; signing records the agreement; landing creates the project with the
lead's data carried over and linked."""

from datetime import date
from decimal import Decimal

import pytest

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.investment import services
from clusterzone.investment.choices import STAGE_PATH, LeadStage
from clusterzone.investment.models import Agreement, Lead, LeadStageChange
from clusterzone.projects.models import Project

D = date(2025, 4, 1)
OPEN = [LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATE, LeadStage.INTENT]


def _at(make_lead, stage):
    lead = make_lead()
    if stage in OPEN:
        if stage != LeadStage.CONTACT:
            services.lead_move(actor=SYSTEM, lead=lead, to_stage=stage, when=D)
    elif stage == LeadStage.SIGNED:
        services.lead_sign(actor=SYSTEM, lead=lead, signed_date=D, amount=Decimal("30000"))
    elif stage == LeadStage.LANDED:
        services.lead_sign(actor=SYSTEM, lead=lead, signed_date=D, amount=Decimal("30000"))
        services.lead_land(actor=SYSTEM, lead=lead, when=D)
    elif stage == LeadStage.LOST:
        services.lead_lose(actor=SYSTEM, lead=lead, reason="客商转投他地", when=D)
    lead.refresh_from_db()
    assert lead.stage == stage
    return lead


ALL = [*STAGE_PATH, LeadStage.LOST]


def _expected(src, dst) -> bool:
    if src in (LeadStage.LANDED, LeadStage.LOST) or src == dst:
        return False
    if dst == LeadStage.LOST:
        return True
    if dst == LeadStage.LANDED:
        return src == LeadStage.SIGNED
    return STAGE_PATH.index(dst) > STAGE_PATH.index(src)


@pytest.mark.parametrize("src", ALL)
@pytest.mark.parametrize("dst", ALL)
def test_every_stage_move_allowed_or_refused(world, make_lead, src, dst):
    lead = _at(make_lead, src)
    kw = {"reason": "客商转投他地", "amount": Decimal("30000"), "signed_date": D}
    if _expected(src, dst):
        services.lead_transition(actor=SYSTEM, lead=lead, to_stage=dst, when=D, **kw)
        lead.refresh_from_db()
        assert lead.stage == dst
        assert LeadStageChange.objects.filter(lead=lead, from_stage=src, to_stage=dst, date=D).exists()
    else:
        with pytest.raises(DomainError):
            services.lead_transition(actor=SYSTEM, lead=lead, to_stage=dst, when=D, **kw)
        lead.refresh_from_db()
        assert lead.stage == src
    assert sorted(services.allowed_moves(_at(make_lead, src))) == sorted(d for d in ALL if _expected(src, d))


def test_landing_needs_signing_first(world, make_lead):
    lead = _at(make_lead, LeadStage.INTENT)
    with pytest.raises(DomainError, match="须先签约"):
        services.lead_land(actor=SYSTEM, lead=lead, when=D)
    assert not Project.objects.exists()


def test_signing_requires_date_and_amount(world, make_lead):
    lead = make_lead()
    with pytest.raises(DomainError) as exc:
        services.lead_sign(actor=SYSTEM, lead=lead, signed_date=None, amount=None)
    assert set(exc.value.errors) == {"signed_date", "amount"}
    assert "签约金额" in exc.value.errors["amount"][0]
    with pytest.raises(DomainError, match="大于0"):
        services.lead_sign(actor=SYSTEM, lead=lead, signed_date=D, amount=Decimal(0))
    lead.refresh_from_db()
    assert lead.stage == LeadStage.CONTACT and not Agreement.objects.exists()


def test_lost_needs_a_reason_and_remembers_the_stage(world, make_lead):
    lead = _at(make_lead, LeadStage.NEGOTIATE)
    with pytest.raises(DomainError, match="原因"):
        services.lead_lose(actor=SYSTEM, lead=lead, reason="  ", when=D)
    services.lead_lose(actor=SYSTEM, lead=lead, reason="土地指标不足", when=D)
    lead.refresh_from_db()
    assert (lead.stage, lead.lost_from, lead.lost_reason) == ("lost", "negotiate", "土地指标不足")


def test_move_dates_cannot_go_back_or_ahead(world, make_lead):
    lead = make_lead(first_contact=date(2025, 3, 3))
    with pytest.raises(DomainError, match="早于"):
        services.lead_move(actor=SYSTEM, lead=lead, to_stage="visit", when=date(2025, 3, 1))
    with pytest.raises(DomainError, match="晚于今天"):
        services.lead_move(actor=SYSTEM, lead=lead, to_stage="visit", when=date(2099, 1, 1))


def test_lead_to_project_carries_data_and_links(world, make_lead):
    lead = make_lead(
        company="郑州华晶金刚石股份有限公司",
        project_name="年产500万克拉培育钻石项目",
        intended_investment="120000",
    )
    services.lead_move(actor=SYSTEM, lead=lead, to_stage="negotiate", when=date(2025, 3, 10))
    agreement = services.lead_sign(
        actor=SYSTEM,
        lead=lead,
        signed_date=date(2025, 3, 20),
        amount=Decimal("130000"),
        document="投资协议书",
    )
    assert agreement.amount == Decimal("130000")
    project = services.lead_land(actor=SYSTEM, lead=lead, when=date(2025, 4, 2))
    lead.refresh_from_db()
    assert lead.stage == LeadStage.LANDED and lead.project == project
    p = Project.objects.get(pk=project.pk)
    assert p.name == "年产500万克拉培育钻石项目"
    assert p.cluster == world.cluster_a
    assert p.industry.code == "30" and p.category.name == "超硬材料"
    assert p.total_investment == Decimal("130000")  # the signed amount
    assert p.investor_name == "郑州华晶金刚石股份有限公司"
    assert p.sign_date == date(2025, 3, 20)
    assert p.attracted_by == world.committee_a
    assert p.band == "b10y"
    assert p.lead == lead


def test_landing_is_one_transaction(world, make_lead, monkeypatch):
    lead = _at(make_lead, LeadStage.SIGNED)

    def boom(**kw):
        raise DomainError("项目代码格式不正确。")

    monkeypatch.setattr("clusterzone.projects.services.project_create_from_lead", boom)
    with pytest.raises(DomainError):
        services.lead_land(actor=SYSTEM, lead=lead, when=D)
    lead.refresh_from_db()
    assert lead.stage == LeadStage.SIGNED and lead.project is None


def test_new_lead_gets_a_code_and_a_first_stage_record(world, make_lead):
    a, b = make_lead(), make_lead(company="第二家")
    assert (a.code, b.code) == ("XS411722010001", "XS411722010002")
    assert LeadStageChange.objects.filter(lead=a, from_stage="", to_stage="contact").count() == 1
    with pytest.raises(DomainError, match="新线索"):
        make_lead(stage="signed")


def test_permissions_reporter_of_another_cluster(world, make_lead):
    reporter = world.users["cluster_reporter"]  # committee of cluster A
    mine, theirs = make_lead(), make_lead(cluster=world.cluster_b, unit=world.committee_b)
    services.lead_move(actor=reporter, lead=mine, to_stage="visit", when=D)
    with pytest.raises(PermissionDenied):
        services.lead_move(actor=reporter, lead=theirs, to_stage="visit", when=D)
    with pytest.raises(PermissionDenied):
        services.followup_add(actor=reporter, lead=theirs, data={"date": D, "content": "拜访"})
    with pytest.raises(PermissionDenied):
        services.lead_update(actor=reporter, lead=theirs, data={"company": "改名"})
    with pytest.raises(PermissionDenied):
        services.lead_create(
            actor=reporter,
            data={"company": "x", "source_region": "prd", "company_type": "private",
                  "intended_investment": 1, "cluster": world.cluster_b},
        )  # fmt: skip
    assert Lead.objects.get(pk=theirs.pk).stage == "contact"


def test_leader_changes_the_leads_they_lead(world, make_lead):
    leader = world.users["project_leader"]
    led, other = make_lead(leader=leader), make_lead()
    services.lead_move(actor=leader, lead=led, to_stage="visit", when=D)
    with pytest.raises(PermissionDenied):
        services.lead_move(actor=leader, lead=other, to_stage="visit", when=D)


def test_history_records_moves(world, make_lead):
    lead = make_lead()
    services.lead_move(
        actor=world.users["office_staff"], lead=lead, to_stage="visit", when=D, reason="客商来访"
    )
    last = lead.history.order_by("-history_id").first()
    assert last.history_user == world.users["office_staff"] and last.stage == "visit"
    assert last.history_change_reason == "客商来访"
