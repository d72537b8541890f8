"""The API contract of the problem ledger, and constant query counts for 10 and 500 rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.supervision.ladder import ladder_for
from clusterzone.supervision.models import Problem


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_create_with_deadline_days_answers_the_contract(world, client):
    client.force_login(world.users["cluster_reporter"])
    r = _post(client, "/api/problems/?as_of=2026-02-12", {
        "cluster": "41172201", "title": "双回路供电未接入", "category": "power",
        "responsible_unit": world.dept.pk, "raised_on": "2026-02-12", "deadline_days": 5,
    })  # fmt: skip
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "pending"
    assert body["level"] == "管委会"
    assert body["deadline"] == "2026-02-26"
    assert body["light"] == "green"
    assert isinstance(body["id"], int)
    pid = body["id"]
    assert client.get(f"/api/problems/{pid}/?as_of=2026-02-24").json()["light"] == "yellow"
    assert client.get(f"/api/problems/{pid}/?as_of=2026-02-27").json()["light"] == "red"
    assert client.get(f"/api/problems/{pid}/?as_of=2026-02-27").json()["should_escalate"] is True
    assert client.get(f"/api/problems/{pid}/?as_of=bad").status_code == 400


def test_create_with_a_date_and_a_project_code(world, client):
    from clusterzone.projects.models import Project

    project = Project.objects.create(code="2026-411722-30-01-000001", name="年产10万吨新型建材项目",
                                     cluster=world.cluster_a, total_investment=50000)  # fmt: skip
    client.force_login(world.users["office_staff"])
    r = _post(client, "/api/problems/", {
        "cluster": "41172201", "project": project.code, "title": "融资缺口", "category": "financing",
        "responsible_unit": world.dept.pk, "deadline": "2099-01-05",
    })  # fmt: skip
    assert r.status_code == 201, r.content
    assert r.json()["project"] == project.code
    assert r.json()["deadline"] == "2099-01-05"
    assert "2099" in r.json()["deadline_warning"]


def test_create_errors_are_400_in_chinese(world, client):
    client.force_login(world.users["office_staff"])
    base = {"cluster": "41172201", "title": "t", "category": "land", "responsible_unit": world.dept.pk}
    assert _post(client, "/api/problems/", base).status_code == 400  # no deadline
    r = _post(client, "/api/problems/", {**base, "cluster": "41042301", "deadline_days": 3})
    assert r.status_code == 400 and "权限范围" in r.json()["cluster"][0]
    assert _post(client, "/api/problems/", {**base, "category": "x", "deadline_days": 3}).status_code == 400


def test_the_whole_loop_through_the_api(world, client):
    u = world.users
    client.force_login(u["cluster_reporter"])
    pid = _post(client, "/api/problems/", {
        "cluster": "41172201", "title": "招工难", "category": "labour", "responsible_unit": world.dept.pk,
        "raised_on": "2026-02-12", "deadline_days": 5,
    }).json()["id"]  # fmt: skip
    client.force_login(u["office_staff"])
    r = _post(client, f"/api/problems/{pid}/assign/", {"responsible_person": "李主任", "comment": "请办理"})
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    client.force_login(u["department_liaison"])
    assert _post(client, f"/api/problems/{pid}/close/", {"satisfaction": "satisfied"}).status_code == 403
    r = _post(client, f"/api/problems/{pid}/feedback/", {"comment": "已组织专场招聘会"})
    assert r.json()["status"] == "answered"
    client.force_login(u["office_staff"])
    r = _post(client, f"/api/problems/{pid}/return/", {"reason": "缺口仍有200人"})
    assert r.json()["status"] == "returned"
    client.force_login(u["department_liaison"])
    _post(client, f"/api/problems/{pid}/feedback/", {"comment": "再招200人"})
    client.force_login(u["office_staff"])
    for level in ("联席会议", "县政府常务会", "县委常委会"):
        r = _post(client, f"/api/problems/{pid}/escalate/", {"reason": "需上级协调"})
        assert r.status_code == 200 and r.json()["level"] == level
    r = _post(client, f"/api/problems/{pid}/escalate/", {"reason": "再报"})
    assert r.status_code == 400 and "最高层级" in str(r.json())
    r = _post(client, f"/api/problems/{pid}/close/", {"satisfaction": "basically"})
    assert r.json()["status"] == "closed" and r.json()["light"] is None
    acts = client.get(f"/api/problems/{pid}/acts/").json()
    assert [a["kind"] for a in acts] == ["raise", "assign", "feedback", "return", "feedback",
                                         "escalate", "escalate", "escalate", "close"]  # fmt: skip
    assert client.get(f"/api/problems/{pid}/history/").status_code == 200


def test_step_actions_honour_if_match(world, client):
    """Each step refuses (412, naming what changed) when If-Match names an older version; the
    current version or none at all lets it through, and the refused step records nothing."""
    u = world.users
    client.force_login(u["cluster_reporter"])
    pid = _post(client, "/api/problems/", {
        "cluster": "41172201", "title": "用电报装慢", "category": "power", "responsible_unit": world.dept.pk,
        "raised_on": "2026-02-12", "deadline_days": 5,
    }).json()["id"]  # fmt: skip

    def step(user, verb, data, etag=None):
        client.force_login(u[user])
        headers = {"If-Match": etag} if etag else {}
        return client.post(f"/api/problems/{pid}/{verb}/", data, content_type="application/json",
                           headers=headers)  # fmt: skip

    def etag():
        client.force_login(u["office_staff"])
        return client.get(f"/api/problems/{pid}/")["ETag"]

    stale = etag()
    client.force_login(u["office_staff"])
    assert client.patch(f"/api/problems/{pid}/", {}, content_type="application/json").status_code == 405
    assert step("office_staff", "assign", {"responsible_person": "张科长"}, stale).status_code == 200
    # another user's step based on the version before the assignment is refused
    r = step("office_staff", "assign", {"responsible_person": "李科长"}, stale)
    assert r.status_code == 412, r.content
    assert r.json()["code"] == "stale" and "张科长" in str(r.json()["changes"])
    assert Problem.objects.get(pk=pid).responsible_person == "张科长"
    assert step("department_liaison", "feedback", {"comment": "已协调"}, stale).status_code == 412
    r = step("department_liaison", "feedback", {"comment": "已协调供电公司"}, etag())
    assert r.status_code == 200 and r.json()["status"] == "answered"
    stale = etag()
    assert step("office_staff", "return", {"reason": "未落实"}, etag()).status_code == 200
    assert step("office_staff", "close", {"satisfaction": "satisfied"}, stale).status_code == 412
    assert step("office_staff", "escalate", {"reason": "需协调"}, stale).status_code == 412
    r = step("office_staff", "escalate", {"reason": "需协调"}, etag())
    assert r.status_code == 200 and r.json()["level"] == "联席会议"
    assert step("department_liaison", "feedback", {"comment": "已接通"}, "*").status_code == 200
    assert step("office_staff", "close", {"satisfaction": "satisfied"}).status_code == 200
    kinds = [a["kind"] for a in client.get(f"/api/problems/{pid}/acts/").json()]
    assert kinds == ["raise", "assign", "feedback", "return", "escalate", "feedback", "close"]


def test_schema_names_the_contract(client, world):
    client.force_login(world.users["office_admin"])
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for p in ("/api/problems/", "/api/problems/{id}/", "/api/problems/{id}/escalate/",
              "/api/problems/{id}/assign/", "/api/problems/{id}/feedback/", "/api/problems/{id}/close/",
              "/api/problems/{id}/return/"):  # fmt: skip
        assert p in paths, p
    props = schema["components"]["schemas"]["ProblemCreateRequest"]["properties"]
    assert {"cluster", "project", "title", "category", "responsible_unit", "raised_on", "deadline",
            "deadline_days"} <= set(props)  # fmt: skip
    out = schema["components"]["schemas"]["Problem"]["properties"]
    assert {"id", "status", "level", "deadline", "light"} <= set(out)
    for verb in ("assign", "feedback", "close", "return", "escalate"):
        params = paths[f"/api/problems/{{id}}/{verb}/"]["post"].get("parameters", [])
        assert any(p["name"] == "If-Match" and p["in"] == "header" for p in params), verb


def _bulk(world, n):
    level = ladder_for(world.shangcai)[0]
    Problem.objects.bulk_create([
        Problem(cluster=world.cluster_a, title=f"问题{i}", category="other", raised_on=date(2026, 2, 12),
                responsible_unit=world.dept, deadline=date(2026, 2, 26), level=level,
                raised_by=world.users["cluster_reporter"])
        for i in range(n)
    ])  # fmt: skip


@pytest.mark.parametrize("url", ["/api/problems/?as_of=2026-02-20&page_size=1000",
                                 "/supervision/problems/?as_of=2026-02-20",
                                 "/supervision/problems/?as_of=2026-02-20&export=xlsx"])  # fmt: skip
def test_list_query_counts_are_constant(world, client, url):
    client.force_login(world.users["office_staff"])
    counts = []
    for n in (10, 490):
        _bulk(world, n)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        assert r.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
