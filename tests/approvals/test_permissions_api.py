"""Who sees and handles which cases (accounts.policy RULES "approvalcase"): the department's
liaison its own matters' cases, the committee its cluster's, the office its whole scope, the
agent the cases they handle; the catalog API; the starter catalog."""

from django.core.management import call_command

from clusterzone.accounts.policy import SYSTEM
from clusterzone.approvals import services
from clusterzone.approvals.models import ApprovalCase, ApprovalMatter, ApprovalWindow, ParallelGroup

from .conftest import D


def _cases(appr):
    own = services.case_create(
        actor=SYSTEM, data={"project": appr.project, "matter": appr.filing, "accepted_on": D(2026, 9, 28)}
    )
    land = services.case_create(
        actor=SYSTEM,
        data={
            "project": appr.project,
            "matter": appr.siting,
            "accepted_on": D(2026, 9, 29),
            "agent": appr.agent,
        },
    )
    far = services.case_create(
        actor=SYSTEM, data={"project": appr.project_b, "matter": appr.filing, "accepted_on": D(2026, 9, 28)}
    )
    return own, land, far


def _ids(client):
    r = client.get("/api/approval-cases/")
    assert r.status_code == 200, r.content
    return {row["id"] for row in r.json()["results"]}


def test_department_sees_only_its_own_matters_cases(appr, login):
    own, land, far = _cases(appr)
    client = login(appr.liaison)  # 驻马店市发改委
    assert _ids(client) == {own.pk}
    assert client.get(f"/api/approval-cases/{land.pk}/").status_code == 404
    r = client.post(
        f"/api/approval-cases/{land.pk}/pause/",
        {"kind": "correction", "reason": "x", "on": "2026-10-09"},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert ApprovalCase.objects.get(pk=land.pk).status == "running"
    client = login(appr.land_liaison)
    assert _ids(client) == {land.pk}


def test_office_committee_and_agent_scopes(appr, world, login):
    own, land, far = _cases(appr)
    assert _ids(login(world.users["office_admin"])) == {own.pk, land.pk}
    assert _ids(login(world.users["cluster_reporter"])) == {own.pk, land.pk}
    assert _ids(login(world.users["other_admin"])) == {far.pk}
    assert _ids(login(world.users["province_admin"])) == {own.pk, land.pk, far.pk}
    assert _ids(login(appr.agent)) == {land.pk}


def test_committee_plans_cases_but_the_department_accepts(appr, world, login):
    client = login(world.users["cluster_reporter"])
    r = client.post(
        "/api/approval-cases/",
        {"project": appr.project.code, "matter": "M-101", "accepted_on": "2026-10-09"},
        content_type="application/json",
    )
    assert r.status_code == 403
    r = client.post(
        "/api/approval-cases/",
        {"project": appr.project.code, "matter": "M-101"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "planned" and r.json()["due"] is None
    pk = r.json()["id"]
    r = client.post(
        f"/api/approval-cases/{pk}/accept/", {"on": "2026-10-09"}, content_type="application/json"
    )
    assert r.status_code == 403
    r = login(appr.liaison).post(
        f"/api/approval-cases/{pk}/accept/", {"on": "2026-10-09"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "running"
    # another cluster's project reads as unknown
    r = client.post(
        "/api/approval-cases/",
        {"project": appr.project_b.code, "matter": "M-101"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "project" in r.json()


def test_liaison_cannot_open_a_case_of_another_department(appr, login):
    r = login(appr.liaison).post(
        "/api/approval-cases/", {"project": appr.project.code, "matter": "M-102", "accepted_on": "2026-10-09"},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 403
    assert not ApprovalCase.objects.exists()


def test_matter_api(appr, world, login):
    data = {
        "code": "M-900",
        "name": "人防工程设计审查",
        "stage": 2,
        "department": appr.land.pk,
        "statutory_days": 20,
        "promised_days": 5,
    }
    r = login(world.users["cluster_reporter"]).post(
        "/api/approval-matters/", data, content_type="application/json"
    )
    assert r.status_code == 403
    client = login(world.users["office_admin"])
    r = client.post("/api/approval-matters/", data, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert (
        body["code"],
        body["stage"],
        body["department"],
        body["statutory_days"],
        body["promised_days"],
    ) == ("M-900", 2, appr.land.pk, 20, 5)
    r = client.post(
        "/api/approval-matters/",
        {**data, "code": "M-901", "promised_days": 30},
        content_type="application/json",
    )
    assert r.status_code == 400 and "承诺时限" in r.content.decode()
    r = client.post(
        "/api/approval-matters/",
        {**data, "code": "M-902", "department": appr.other_dept.pk},
        content_type="application/json",
    )
    assert r.status_code == 400 and "department" in r.json()
    # a county user reads the city's catalog, but does not edit it
    assert "M-900" in {
        m["code"]
        for m in login(world.users["cluster_reporter"]).get("/api/approval-matters/").json()["results"]
    }
    hist = client.get(f"/api/approval-matters/{body['id']}/history/")
    assert hist.status_code == 200 and len(hist.json()) == 1


def test_starter_catalog_loads_once(world, capsys):
    call_command("approvals-catalog", "--region", "411722")
    assert ApprovalWindow.objects.filter(region=world.shangcai).count() == 18
    assert set(ApprovalWindow.objects.filter(number__lte=7).values_list("name", flat=True)) == {
        "工商", "税务", "质监", "环保", "安监", "金融", "电力",
    }  # fmt: skip
    matters = ApprovalMatter.objects.filter(code__startswith="411722-")
    names = set(matters.values_list("name", flat=True))
    for name in ("企业投资项目备案", "建设用地规划许可证", "建设工程规划许可证", "施工图设计文件审查", "消防设计审查",
                 "人防工程设计审查", "建筑工程施工许可证", "环境影响评价审批", "节能审查", "水土保持方案审批"):  # fmt: skip
        assert name in names
    assert set(matters.values_list("stage", flat=True)) == {1, 2, 3, 4}
    assert matters.get(code="411722-103").prerequisites.get().code == "411722-102"
    assert ParallelGroup.objects.filter(code__startswith="411722-").count() == 3
    before = matters.count()
    call_command("approvals-catalog", "--region", "411722")
    assert ApprovalMatter.objects.filter(code__startswith="411722-").count() == before
    assert "窗口 0 个" in capsys.readouterr().out
