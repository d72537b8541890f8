"""Leaders who follow key enterprises (领导联系企业, 挂牌保护): the standard pages, the enterprise
page naming its contact leader, the leader's workbench with problems and loans, and the policy
letting the leader update the enterprises followed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.accounts import policy
from clusterzone.registry.models import Enterprise, EnterpriseContact

from .. import factories as f
from ..modelpages import ModelPagesTests


def contact(world, enterprise, leader=None, **kw):
    return EnterpriseContact.objects.create(
        enterprise=enterprise, leader=leader or world.users["project_leader"], since=dt.date(2026, 3, 1), **kw
    )


class TestContactPages(ModelPagesTests):
    pages = "registry:contact"
    edit_changes = {"note": "每月走访一次"}

    def make(self, world, scope, n):
        cluster = world.cluster_a if scope == "own" else world.cluster_b
        ent = f.EnterpriseFactory(cluster=cluster, name=f"联系企业{n}有限公司")
        return contact(world, ent)

    def add_data(self, world):
        return {
            "enterprise": str(world.ent_a.pk),
            "leader": str(world.users["project_leader"].pk),
            "since": "2026-11-02",
            "protected": "on",
            "protected_from": "2026-11-02",
            "protected_until": "2027-11-01",
            "protection_rules": "未经县政府批准，任何部门不得入企检查。",
        }


def test_protection_needs_a_start_and_the_enterprise_page_names_the_leader(world, login):
    from clusterzone.core.exceptions import DomainError
    from clusterzone.registry import services

    office = world.users["office_admin"]
    leader = world.users["project_leader"]
    with pytest.raises(DomainError):
        services.contact_save(
            actor=office,
            contact=EnterpriseContact(),
            data={
                "enterprise": world.ent_a,
                "leader": leader,
                "since": dt.date(2026, 3, 1),
                "protected": True,
            },
        )
    c = services.contact_save(
        actor=office,
        contact=EnterpriseContact(),
        data={"enterprise": world.ent_a, "leader": leader, "since": dt.date(2026, 3, 1), "protected": True,
              "protected_from": dt.date(2026, 3, 1), "protected_until": dt.date(2027, 2, 28)},
    )  # fmt: skip
    assert c.history.count() == 1 and c.protection_active
    page = login(world.users["readonly"]).get(reverse("registry:enterprise_detail", args=[world.ent_a.pk]))
    text = page.content.decode()
    assert 'data-testid="enterprise-contacts"' in text and (leader.full_name or leader.username) in text
    assert "挂牌保护" in text and "2027年2月28日" in text


def test_leader_updates_the_enterprises_followed_only(world):
    leader = world.users["project_leader"]
    assert not policy.can(leader, "change", world.ent_a)
    contact(world, world.ent_a)
    assert policy.can(leader, "change", world.ent_a)
    assert not policy.can(leader, "delete", world.ent_a)
    other = f.EnterpriseFactory(cluster=world.cluster_a, name="未联系企业")
    assert not policy.can(leader, "change", other)
    # another official followed by the office: the region rule still governs him or her
    assert not policy.can(world.users["readonly"], "change", world.ent_a)
    assert list(
        policy.scope(leader, Enterprise).filter(pk__in=[world.ent_a.pk, other.pk]).order_by("pk")
    ) == [
        world.ent_a,
        other,
    ]  # everyone of the region sees the registry


def test_workbench_lists_followed_enterprises_with_problems_and_loans(world, login):
    from clusterzone.finance.models import Loan
    from clusterzone.supervision.models import Problem

    leader = world.users["project_leader"]
    contact(
        world,
        world.ent_a,
        protected=True,
        protected_from=dt.date(2026, 1, 1),
        protected_until=dt.date(2026, 12, 31),
    )
    bank = f.OrgUnitFactory(name="上蔡县农村信用合作联社", region=world.zmd, kind="bank")
    Loan.objects.create(lender=bank, borrower=world.ent_a, amount=Decimal(1500), balance=Decimal(1200),
                        kind="working_capital", issued_on=dt.date(2026, 5, 1), status_since=dt.date(2026, 5, 1))  # fmt: skip
    from clusterzone.supervision.services import problem_raise

    problem_raise(actor=world.users["office_admin"], cluster=world.cluster_a, title="用电增容未落实",
                  category="power", responsible_unit=world.dept, enterprise=world.ent_a, deadline_days=10)  # fmt: skip
    assert Problem.objects.count() == 1
    page = login(leader).get(reverse("home")).content.decode()
    assert 'data-testid="wb-enterprises"' in page
    row = page.split(f'data-testid="wb-enterprise-{world.ent_a.pk}"', 1)[1].split("</tr>", 1)[0]
    assert world.ent_a.name in row and "保护中" in row and "1200" in row
    cells = [c.split(">", 1)[1] for c in row.split("<td")[1:]]
    assert [c.split("<", 1)[0] for c in cells[3:6]] == ["1", "0", "1"]
    # someone who follows nothing has no such section
    assert (
        'data-testid="wb-enterprises"'
        not in login(world.users["office_staff"]).get(reverse("home")).content.decode()
    )


def test_workbench_query_count_constant_for_10_and_500_followed(world, client):
    leader = world.users["project_leader"]
    client.force_login(leader)
    counts = []
    made = 0
    for n in (10, 500):
        ents = Enterprise.objects.bulk_create(
            [Enterprise(name=f"批量企业{made + i}", cluster=world.cluster_a, credit_code=f.make_credit_code(50000 + made + i))
             for i in range(n - made)]
        )  # fmt: skip
        EnterpriseContact.objects.bulk_create(
            [EnterpriseContact(enterprise=e, leader=leader, since=dt.date(2026, 1, 5)) for e in ents]
        )
        made = n
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_contacts_api_create_list_and_scope(world):
    from ..api import api_client

    office = api_client(world.users["office_admin"])
    body = {
        "enterprise": world.ent_a.credit_code,
        "leader": world.users["project_leader"].username,
        "since": "2026-11-02",
        "protected": True,
        "protected_from": "2026-11-02",
        "protection_rules": "重点企业挂牌保护：未经批准不得入企检查。",
    }
    r = office.post("/api/enterprise-contacts/", body, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["leader"] == "project_leader" and r.json()["enterprise"]["name"] == world.ent_a.name
    r = office.post("/api/enterprise-contacts/", {**body, "protected_from": None}, format="json")
    assert r.status_code == 400  # duplicate leader for the enterprise, and protection without a start
    # 鲁山's enterprise is outside the 驻马店 office's scope: its code reads as unknown
    r = office.post(
        "/api/enterprise-contacts/", {**body, "enterprise": world.ent_b.credit_code}, format="json"
    )
    assert r.status_code == 400
    assert (
        api_client(world.users["readonly"]).post("/api/enterprise-contacts/", body, format="json").status_code
        == 403
    )
    rows = api_client(world.users["other_admin"]).get("/api/enterprise-contacts/").json()
    assert (rows["count"] if isinstance(rows, dict) else len(rows)) == 0
    schema = office.get("/api/schema/", {"format": "json"}).json()
    assert "/api/enterprise-contacts/" in schema["paths"]
    assert "/api/submissions/{id}/items/" in schema["paths"]
