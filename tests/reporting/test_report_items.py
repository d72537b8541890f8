"""The half-monthly report item by item: totals computed from the items (this half-month and
year to date), never typed a second time; entered enterprises and projects registered on
approval; a problem raised into the ledger; the page and the API."""

from datetime import date
from decimal import Decimal

import pytest

from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.projects.models import Project
from clusterzone.registry.models import Enterprise
from clusterzone.reporting import items, services
from clusterzone.reporting.models import DataSet, DataSetIndicator, Indicator, ReportItem, Value
from clusterzone.supervision.models import Problem

from ..api import api_client
from ..factories import make_credit_code
from .test_prefill import project

CODE = make_credit_code(777)


@pytest.fixture
def half(world, catalog):
    ds = DataSet.objects.create(
        code="half_monthly_construction",
        name="半月报",
        period_kind="half_monthly",
        due_days=2,
        region=world.henan,
        itemised=True,
    )
    inds = [catalog["fai_infrastructure"]]
    for code, name, unit in (
        ("projects_settled", "新入驻项目数", "个"),
        ("projects_started", "新开工项目数", "个"),
        ("superior_funds", "争取上级资金", "万元"),
    ):
        inds.append(Indicator.objects.create(code=code, name=name, unit=unit, kind="flow"))
    for order, ind in enumerate(inds):
        DataSetIndicator.objects.create(dataset=ds, indicator=ind, order=order)
    ds.clusters.set([world.cluster_a])
    return ds


def _open(world, ds, period):
    return services.submission_open(
        actor=world.users["cluster_reporter"], dataset=ds, cluster=world.cluster_a, period=period
    )


def _values(sub):
    return {
        v.indicator.code: v.value for v in Value.objects.filter(submission=sub).select_related("indicator")
    }


def test_totals_are_computed_from_the_items_year_to_date(world, half):
    rep = world.users["cluster_reporter"]
    road = project(world.cluster_a, investment=5000)
    h1 = _open(world, half, "2025-04H1")
    items.item_add(
        actor=rep,
        submission=h1,
        data={"kind": "infrastructure", "project": road, "investment": "1200.5", "text": "路基完成80%"},
    )
    items.item_add(
        actor=rep, submission=h1, data={"kind": "infrastructure", "name": "污水管网二期", "investment": "300"}
    )
    items.item_add(
        actor=rep,
        submission=h1,
        data={"kind": "project", "name": "海威特种布", "investment": "30000", "started": True},
    )
    items.item_add(
        actor=rep,
        submission=h1,
        data={
            "kind": "fund",
            "fund_source": "省发改委",
            "programme": "产业集聚区基础设施专项",
            "amount": "500",
        },
    )
    items.item_add(actor=rep, submission=h1, data={"kind": "progress", "text": "完成基础设施投资1500万元"})  # fmt: skip
    assert _values(h1) == {
        "fai_infrastructure": Decimal("1500.5"),
        "projects_settled": 1,
        "projects_started": 1,
        "superior_funds": 500,
    }
    h2 = _open(world, half, "2025-04H2")
    items.item_add(
        actor=rep, submission=h2, data={"kind": "infrastructure", "project": road, "investment": "800"}
    )
    items.item_add(actor=rep, submission=h2, data={"kind": "project", "name": "鲁吉兰美体内衣"})  # fmt: skip
    t = items.totals(h2)
    assert (t["period"]["fai_infrastructure"], t["ytd"]["fai_infrastructure"]) == (800, Decimal("2300.5"))
    assert (t["period"]["projects_settled"], t["ytd"]["projects_settled"], t["ytd"]["projects_started"]) == (
        1,
        2,
        1,
    )
    assert _values(h2)["superior_funds"] == 500  # year to date, no new fund this half-month
    # deleting an item recomputes; the figures cannot be typed over
    items.item_delete(actor=rep, item=ReportItem.objects.get(submission=h2, kind="project"))
    assert _values(h2)["projects_settled"] == 1
    with pytest.raises(DomainError, match="由报表明细汇总计算"):
        services.submission_save_values(
            actor=rep, submission=h2, values={"projects_settled": "5"}, version=None
        )


def test_bad_items_are_refused_with_the_field(world, half):
    rep = world.users["cluster_reporter"]
    h1 = _open(world, half, "2025-04H1")
    for data, field in (
        ({"kind": "infrastructure", "name": "道路"}, "investment"),
        ({"kind": "infrastructure", "project": project(world.cluster_b), "investment": "1"}, "project"),
        ({"kind": "fund", "fund_source": "省财政厅", "programme": "专项", "amount": "-3"}, "amount"),
        ({"kind": "enterprise"}, "name"),
        ({"kind": "enterprise", "name": "某公司"}, "credit_code"),
        ({"kind": "enterprise", "name": "某公司", "credit_code": "91410000XXXXXXXX1"}, "credit_code"),
        ({"kind": "problem", "text": " "}, "text"),
    ):
        with pytest.raises(DomainError) as exc:
            items.item_add(actor=rep, submission=h1, data=data)
        assert exc.value.field == field
    assert not ReportItem.objects.exists()
    with pytest.raises(PermissionDenied):
        items.item_add(actor=world.users["readonly"], submission=h1, data={"kind": "plan", "text": "x"})


def test_approval_registers_entered_enterprises_and_projects(world, half):
    rep, office = world.users["cluster_reporter"], world.users["office_admin"]
    h1 = _open(world, half, "2025-04H1")
    items.item_add(
        actor=rep,
        submission=h1,
        data={"kind": "enterprise", "name": "河南靖焜丝绸有限公司", "credit_code": CODE},
    )
    items.item_add(actor=rep, submission=h1, data={"kind": "enterprise", "enterprise": world.ent_a})
    items.item_add(actor=rep, submission=h1, data={"kind": "project", "name": "尧盛针织", "investment": "12000", "started": True})  # fmt: skip
    services.submission_submit(actor=rep, submission=h1)
    assert not Enterprise.objects.filter(name="河南靖焜丝绸有限公司").exists()
    services.submission_approve(actor=office, submission=h1)
    ent = Enterprise.objects.get(name="河南靖焜丝绸有限公司")
    assert (ent.cluster, ent.credit_code) == (world.cluster_a, CODE)
    p = Project.objects.get(name="尧盛针织")
    assert (p.cluster, p.total_investment, p.sign_date, p.start_date) == (
        world.cluster_a, Decimal(12000), date(2025, 4, 15), date(2025, 4, 15)
    )  # fmt: skip
    assert ReportItem.objects.filter(enterprise=ent, name="").exists()
    assert ReportItem.objects.filter(project=p, name="").exists()
    assert Enterprise.objects.filter(cluster=world.cluster_a).count() == 2  # no duplicate of ent_a


def test_page_and_api_and_problem_raised_into_the_ledger(world, half, login):
    rep = world.users["cluster_reporter"]
    h1 = _open(world, half, "2025-04H1")
    road = project(world.cluster_a, investment=5000)
    client = login(rep)
    r = client.post(
        f"/reporting/submissions/{h1.pk}/items/add/",
        {"kind": "infrastructure", "project": road.code, "investment": "700"},
    )
    assert r.status_code == 302
    page = client.get(f"/reporting/submissions/{h1.pk}/").content.decode()
    assert 'data-testid="report-items"' in page and road.name in page
    assert 'data-testid="from-items-fai_infrastructure"' in page
    assert 'name="v_fai_infrastructure"' not in page  # computed, not typed
    api = api_client(rep)
    r = api.post(
        f"/api/submissions/{h1.pk}/items/",
        {"kind": "problem", "text": "南区供电线路迟迟未架设"},
        format="json",
    )
    assert r.status_code == 201, r.content
    r = api.post(f"/api/submissions/{h1.pk}/items/", {"kind": "project", "project": "NOPE"}, format="json")
    assert r.status_code == 400 and "NOPE" in r.content.decode()
    data = api.get(f"/api/submissions/{h1.pk}/items/").json()
    assert [i["kind"] for i in data["items"]] == ["infrastructure", "problem"]
    assert data["totals"]["ytd"]["fai_infrastructure"] == "700"
    item = ReportItem.objects.get(kind="problem")
    office = login(world.users["office_admin"])
    r = office.post(
        f"/reporting/submissions/{h1.pk}/items/{item.pk}/raise/", {"category": "power", "unit": world.dept.pk}
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.problem.title == "南区供电线路迟迟未架设" and Problem.objects.count() == 1
    assert item.problem.cluster == world.cluster_a
