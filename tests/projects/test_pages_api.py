"""Project pages and API: permissions, transitions, query counts at 10 and 500 rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.policy import SYSTEM
from clusterzone.projects import services
from clusterzone.projects.choices import Stage, band_of
from clusterzone.projects.models import Project, ProjectInvestment, ProjectMilestone, Quota

from ..api import api_client

# queries per request, kept as data: a change raising a count changes this table
QUERY_BUDGET = {"page": 9, "api": 6}  # page: +3 for the pickers' names (regions, clusters, leaders)


def bulk_projects(world, start, stop, leader=None):
    projects = Project.objects.bulk_create(
        Project(
            code=f"XM-41172201-2025-{i:04d}", name=f"批量项目{i}", cluster=world.cluster_a,
            total_investment=Decimal(1000 * (i + 1)), band=band_of(1000 * (i + 1)),
            stage=Stage.STARTED, leader=leader, start_date=dt.date(2025, 3, 1),
        )
        for i in range(start, stop)
    )  # fmt: skip
    ProjectMilestone.objects.bulk_create(
        ProjectMilestone(project=p, name="主体封顶", planned_date=dt.date(2025, 1, 1)) for p in projects
    )
    ProjectInvestment.objects.bulk_create(
        ProjectInvestment(project=p, period=f"2025-{m:02d}", year=2025, month=m, amount=100)
        for p in projects
        for m in (1, 2)
    )


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("kind,url,params", [
    ("page", "/projects/", {}),
    ("page", "/projects/", {"stage": "started", "sort": "-invested"}),
    ("api", "/api/projects/", {"page_size": 500}),
])  # fmt: skip
def test_list_query_count_is_constant(world, client, kind, url, params):
    user = world.users["office_admin"]
    c = api_client(user) if kind == "api" else client
    if kind == "page":
        client.force_login(user)
        params = {**params}
    bulk_projects(world, 0, 10)
    small, r1 = count_queries(c, url, **params)
    bulk_projects(world, 10, 500)
    large, r2 = count_queries(c, url, **params)
    if kind == "api":
        assert r2.json()["count"] == 500 and len(r2.json()["results"]) == 500
        assert r2.json()["results"][0]["invested"] == "200.00"
        assert r2.json()["results"][0]["overdue_count"] == 1
    else:
        assert "共 500 条" in r2.content.decode()
    assert small == large == QUERY_BUDGET[kind], (small, large)


def test_list_export_xlsx(world, client):
    bulk_projects(world, 0, 5)
    client.force_login(world.users["office_admin"])
    r = client.get("/projects/", {"export": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_detail_page_shows_intensity_warning_stages_milestones(world, client, make_project):
    p = make_project(total_investment=Decimal(20000), land_area=Decimal(100), stage=Stage.SIGNED,
                     sign_date=dt.date(2025, 1, 2))  # fmt: skip
    services.milestone_save(
        actor=SYSTEM, milestone=ProjectMilestone(project=p, name="土地摘牌", planned_date=dt.date(2025, 2, 1))
    )
    services.investment_record(actor=SYSTEM, project=p, period="2025-03", amount=5000)
    client.force_login(world.users["cluster_reporter"])
    html = client.get(f"/projects/{p.pk}/").content.decode()
    assert 'data-testid="intensity-warning"' in html and "低于下限 216 万元/亩" in html
    assert 'data-testid="overdue"' in html
    assert "2亿元" in html and "25.0%" in html
    assert 'data-testid="to-started"' in html


def test_transition_page_and_refusal(world, client, make_project):
    p = make_project(stage=Stage.SIGNED, stage_date=dt.date(2025, 1, 2))
    client.force_login(world.users["cluster_reporter"])
    r = client.post(f"/projects/{p.pk}/transition/", {"to_stage": "producing", "date": "2025-02-01"})
    assert r.status_code == 400  # not a choice from 签约
    r = client.post(f"/projects/{p.pk}/transition/", {"to_stage": "started", "date": "2024-12-01"})
    assert r.status_code == 400 and "不能早于" in r.content.decode()
    r = client.post(f"/projects/{p.pk}/transition/", {"to_stage": "started", "date": "2025-02-01"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.stage == Stage.STARTED and p.start_date == dt.date(2025, 2, 1)


def test_reporter_cannot_touch_other_cluster_pages(world, client, make_project):
    other = make_project(cluster=world.cluster_b)
    client.force_login(world.users["cluster_reporter"])
    assert client.get(f"/projects/{other.pk}/").status_code == 404
    assert client.get(f"/projects/{other.pk}/edit/").status_code == 404
    assert (
        client.post(
            f"/projects/{other.pk}/transition/", {"to_stage": "negotiating", "date": "2025-01-01"}
        ).status_code
        == 404
    )
    api = api_client(world.users["cluster_reporter"])
    assert api.patch(f"/api/projects/{other.pk}/", {"name": "x"}, format="json").status_code == 404
    own = make_project(cluster=world.cluster_a2)  # same city, not the reporter's cluster
    office = api_client(world.users["office_admin"])
    assert office.get(f"/api/projects/{own.pk}/").status_code == 200
    r = api.post(
        "/api/projects/", {"name": "x", "cluster": "41042301", "total_investment": "1"}, format="json"
    )
    assert r.status_code == 400


def test_leader_sees_and_changes_own_projects(world, client, make_project):
    leader = world.users["project_leader"]
    mine = make_project(leader=leader, name="奇瑞发动机零部件项目", total_investment=Decimal(250000))
    other = make_project(name="别人的项目")
    services.investment_record(actor=SYSTEM, project=mine, period=f"{dt.date.today():%Y-%m}", amount=3000)
    services.milestone_save(
        actor=SYSTEM,
        milestone=ProjectMilestone(project=mine, name="设备调试", planned_date=dt.date(2024, 1, 1)),
    )
    client.force_login(leader)
    html = client.get("/projects/mine/").content.decode()
    assert "奇瑞发动机零部件项目" in html and "别人的项目" not in html
    assert "设备调试" in html and "3,000万元" in html
    api = api_client(leader)
    r = api.post(f"/api/projects/{mine.pk}/transition/", {"to_stage": "negotiating"}, format="json")
    assert r.status_code == 200 and r.json()["stage"] == "negotiating"
    r = api.post(f"/api/projects/{other.pk}/transition/", {"to_stage": "negotiating"}, format="json")
    assert r.status_code == 403
    assert api.get(f"/api/projects/?leader={leader.pk}").json()["count"] == 1


def test_api_create_milestones_investments_history(world, make_project):
    api = api_client(world.users["cluster_reporter"])
    r = api.post("/api/projects/", {"name": "德兴纺织", "cluster": "41172201", "total_investment": "12000",
                                    "kind": "industrial", "land_area": "60"}, format="json")  # fmt: skip
    assert r.status_code == 201, r.json()
    pid = r.json()["id"]
    assert r.json()["code"].startswith("XM-41172201-") and r.json()["band_label"] == "1–5亿"
    r = api.post(
        f"/api/projects/{pid}/milestones/", {"name": "开工", "planned_date": "2025-01-01"}, format="json"
    )
    assert r.status_code == 201 and r.json()["overdue"] is True
    r = api.post(f"/api/projects/{pid}/investments/", {"period": "2025-04", "amount": "3000"}, format="json")
    assert r.status_code == 201
    assert api.get(f"/api/projects/{pid}/").json()["invested_share"] == 25.0
    r = api.post(f"/api/projects/{pid}/transition/", {"to_stage": "producing"}, format="json")
    assert r.status_code == 400 and "尚未开工" in str(r.json())
    assert len(api.get(f"/api/projects/{pid}/history/").json()) >= 1
    bad = api.post("/api/projects/", {"name": "x", "cluster": "41172201", "total_investment": "1",
                                      "code": "2503-999999-04-01-123456"}, format="json")  # fmt: skip
    assert bad.status_code == 400 and "code" in bad.json()


def test_quota_api_and_page(world, client, make_project):
    services.quota_save(actor=SYSTEM, quota=Quota(region=world.lushan, year=2025, min_amount=100000, count=1))
    make_project(
        cluster=world.cluster_b, total_investment=3000000, stage=Stage.SIGNED, sign_date=dt.date(2025, 2, 1)
    )
    api = api_client(world.users["province_admin"])
    data = api.get("/api/quotas/check/", {"region": "410423", "year": 2025}).json()
    assert data["bands"][0]["achieved"] == 1 and data["bands"][0]["missing"] == 0
    assert api.get("/api/quotas/").json()["count"] == 1
    client.force_login(world.users["province_admin"])
    html = client.get("/projects/quotas/check/", {"region": "410423", "year": 2025}).content.decode()
    assert 'data-testid="quota-bands"' in html and "10亿元以上" in html


def test_cluster_projects_page(world, client, make_project):
    make_project(cluster=world.cluster_b, total_investment=30000, stage=Stage.STARTED,
                 sign_date=dt.date(2025, 1, 1), start_date=dt.date(dt.date.today().year, 1, 2))  # fmt: skip
    client.force_login(world.users["province_admin"])
    r = client.get(f"/projects/clusters/{world.cluster_b.pk}/")
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="new-starts"' in html and "3亿元" in html
    client.force_login(world.users["cluster_reporter"])
    assert client.get(f"/projects/clusters/{world.cluster_b.pk}/").status_code == 404


def test_cluster_projects_chart_by_stage_and_band(world, client, make_project):
    make_project(cluster=world.cluster_b, name="海亮工业园", total_investment=500000, stage=Stage.STARTED,
                 sign_date=dt.date(2025, 1, 1), start_date=dt.date(2025, 2, 1))  # fmt: skip
    make_project(cluster=world.cluster_b, name="海威特种布", total_investment=30000)
    client.force_login(world.users["province_admin"])
    html = client.get(f"/projects/clusters/{world.cluster_b.pk}/").content.decode()
    assert 'data-testid="cluster-chart"' in html and "echarts.min.js" in html
    from clusterzone.projects.selectors import cluster_summary
    from clusterzone.projects.views.pages import cluster_chart

    option = cluster_chart(
        cluster_summary(user=world.users["province_admin"], cluster=world.cluster_b, year=2025)
    )
    stage_amounts = dict(zip(option["xAxis"][0]["data"], option["series"][0]["data"], strict=True))
    band_counts = dict(zip(option["xAxis"][1]["data"], option["series"][3]["data"], strict=True))
    assert stage_amounts["开工"] == 50.0 and stage_amounts["谋划"] == 3.0  # 亿元
    assert band_counts["10亿以上"] == 1 and band_counts["1–5亿"] == 1


def test_project_team_through_api(world, make_project):
    project = make_project(leader=world.users["project_leader"])
    api = api_client(world.users["cluster_reporter"])
    staff = world.users["office_staff"]
    r = api.put(
        f"/api/projects/{project.pk}/team/",
        {"users": [staff.pk], "units": [world.committee_a.pk]},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert [u["id"] for u in r.json()["users"]] == [staff.pk] and r.json()["units"][0][
        "name"
    ] == "上蔡县产业集聚区管委会"
    # PATCH with units only leaves the users
    r = api.patch(f"/api/projects/{project.pk}/team/", {"units": []}, format="json")
    assert r.json()["units"] == [] and len(r.json()["users"]) == 1
    # a unit outside the caller's scope reads as unknown
    r = api.put(f"/api/projects/{project.pk}/team/", {"units": [world.committee_b.pk]}, format="json")
    assert r.status_code == 400
    # the leader in charge may edit the team of a project they lead; readonly may not
    leader = api_client(world.users["project_leader"])
    assert leader.patch(f"/api/projects/{project.pk}/team/", {"users": []}, format="json").status_code == 200
    ro = api_client(world.users["readonly"])
    assert ro.get(f"/api/projects/{project.pk}/team/").status_code == 200
    assert (
        ro.put(f"/api/projects/{project.pk}/team/", {"users": [staff.pk]}, format="json").status_code == 403
    )
    other = make_project(cluster=world.cluster_b)
    assert api.get(f"/api/projects/{other.pk}/team/").status_code == 404
    # shown on the detail page
    from django.test import Client

    c = Client()
    c.force_login(world.users["cluster_reporter"])
    api.put(f"/api/projects/{project.pk}/team/", {"users": [staff.pk]}, format="json")
    assert str(staff) in c.get(f"/projects/{project.pk}/").content.decode()


def test_team_membership_changes_are_recorded_in_history(world, make_project, client):
    project = make_project(leader=world.users["project_leader"])
    staff, readonly = world.users["office_staff"], world.users["readonly"]
    api = api_client(world.users["cluster_reporter"])
    api.put(f"/api/projects/{project.pk}/team/", {"users": [staff.pk]}, format="json")
    api.put(f"/api/projects/{project.pk}/team/", {"users": [readonly.pk]}, format="json")
    latest = project.history.first()
    assert latest.history_user == world.users["cluster_reporter"]
    assert f"增加 {readonly}" in latest.history_change_reason
    assert f"移除 {staff}" in latest.history_change_reason
    api.patch(f"/api/projects/{project.pk}/team/", {"units": [world.committee_a.pk]}, format="json")
    assert f"增加 {world.committee_a}" in project.history.first().history_change_reason
    # the page's history shows it
    client.force_login(world.users["cluster_reporter"])
    assert f"移除 {staff}" in client.get(f"/projects/{project.pk}/").content.decode()


def test_filters_pick_clusters_and_leaders_by_name(world, client):
    leader = world.users["project_leader"]
    leader.full_name = "陈卫东"
    leader.save()
    bulk_projects(world, 0, 2, leader=leader)
    client.force_login(world.users["office_admin"])
    html = client.get("/projects/").content.decode()
    assert "分包领导编号" not in html and "集聚区代码" not in html
    assert f'<option value="{world.cluster_a.code}">{world.cluster_a.name}</option>' in html
    assert world.cluster_b.name not in html  # 平顶山's cluster: outside the office's scope
    assert f'<option value="{leader.pk}">陈卫东（' in html
    html = client.get("/projects/", {"leader": leader.pk, "cluster": world.cluster_a.code}).content.decode()
    assert "共 2 条" in html and f'<option value="{leader.pk}" selected>' in html
