# ruff: noqa: F811  (fixtures imported from test_runs are used as arguments)
"""`clusterzone assess`, and the API of schemes, runs, results and the office's inputs
(permissions, errors, constant query counts)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.policy import SYSTEM
from clusterzone.assessment import services
from clusterzone.assessment.models import AssessmentInput, Run, Scheme

from .test_runs import SCHEME, catalog, monthly, year_data  # noqa: F401, F811 (fixtures)
from .test_schemes import EXAMPLE

A, A2, B = "41172201", "41170201", "41042301"
KEYS = ["cluster", "name", "score", "rank", "star", "below_threshold", "outcome", "flags", "points"]


def assess(*args):
    out = io.StringIO()
    call_command("assess", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_cli_assess_json_with_the_shipped_scheme(year_data):
    rows = json.loads(assess("--scheme-file", str(EXAMPLE), "--year", "2025", "--json"))
    assert [r["cluster"] for r in rows] == [A, A2, B]
    assert all(list(r)[: len(KEYS)] == KEYS for r in rows)
    a, a2, b = rows
    # revenue linear 30 + fai target 20×1.1 + yoy rank 20 + tax band 10 + employees linear 15
    assert a["points"] == {"revenue.value": 30, "fai.value": 22, "revenue.yoy": 20, "tax.value": 10, "employees.value": 15}  # fmt: skip
    assert (a["score"], a["rank"], a["star"], a["outcome"]) == (97, 1, 2, "优秀产业集聚区")
    assert (a2["score"], a2["rank"], a2["star"]) == (37.5, 2, 0)
    assert a2["outcome"] == "优秀产业集聚区、黄牌警告"  # top 5 of 3; fai missed 2024 and 2025
    assert (b["score"], b["rank"], b["below_threshold"], b["flags"]) == (28, 3, True, [])
    assert Run.objects.count() == 0 and Scheme.objects.count() == 0  # a dry run stores nothing


def test_cli_assess_save_then_by_scheme_id(year_data):
    text = assess("--scheme-file", str(EXAMPLE), "--save")
    assert "97" in text.splitlines()[0] and A in text.splitlines()[0]
    run = Run.objects.get()
    assert run.status == "draft" and run.results.count() == 3
    scheme = Scheme.objects.get()
    rows = json.loads(assess("--scheme", str(scheme.pk), "--json"))
    assert rows[0]["score"] == 97 and Run.objects.count() == 1


def test_cli_assess_errors(year_data, tmp_path):
    with pytest.raises(CommandError, match="不存在"):
        assess("--scheme-file", str(tmp_path / "none.yaml"))
    with pytest.raises(CommandError, match="不存在"):
        assess("--scheme", "999")
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("weight: 30", "weight: -30"), encoding="utf-8")
    with pytest.raises(CommandError, match="权重必须为正数"):
        assess("--scheme-file", str(bad))


# --- API ------------------------------------------------------------------------------------


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        resp = fn()
    return len(ctx.captured_queries), resp


def test_api_scheme_crud_and_validation(year_data, login):
    admin = login(year_data.users["province_admin"])
    resp = admin.post("/api/assessment/schemes/", {"definition": SCHEME}, content_type="application/json")
    assert resp.status_code == 201, resp.content
    pk = resp.json()["id"]
    bad = json.loads(json.dumps(SCHEME))
    bad["dimensions"][1]["indicators"][1]["bands"] = [[10, 1], [5, 2]]
    resp = admin.put(f"/api/assessment/schemes/{pk}/", {"definition": bad}, content_type="application/json")
    assert resp.status_code == 400
    assert resp.json() == {
        "dimensions[1].indicators[1].bands[1]": ["维度“质量效益”第2个指标：分档下限必须从小到大排列。"]
    }
    ok = {**SCHEME, "threshold": {"revenue": 1}}
    resp = admin.put(
        f"/api/assessment/schemes/{pk}/", {"definition": ok, "reason": "改"}, content_type="application/json"
    )
    assert resp.status_code == 200 and resp.json()["version"] == 2
    text = admin.get(f"/api/assessment/schemes/{resp.json()['id']}/export/?as=yaml").content.decode()
    assert "threshold:\n  revenue: 1\n" in text
    # a city office administrator may not set the province's scheme
    city = login(year_data.users["office_admin"])
    resp = city.post("/api/assessment/schemes/", {"definition": SCHEME}, content_type="application/json")
    assert resp.status_code == 403


def test_api_runs_create_publish_results_and_visibility(year_data, client):
    client.force_login(year_data.users["province_admin"])
    scheme = services.scheme_save(actor=SYSTEM, scheme=None, definition=SCHEME)
    resp = client.post(
        "/api/assessment/runs/", {"scheme": scheme.pk, "year": 2025}, content_type="application/json"
    )
    assert resp.status_code == 201
    run_id = resp.json()["id"]
    results = client.get(f"/api/assessment/runs/{run_id}/results/").json()
    assert [(r["cluster"], r["score"], r["rank"], r["star"]) for r in results] == [
        (A, 92, 1, 2),
        (A2, 35, 2, 1),
        (B, 28, 3, 0),
    ]
    assert results[0]["dimension_points"] == {"经济总量": 52, "质量效益": 40}
    client.force_login(year_data.users["cluster_reporter"])
    assert client.get(f"/api/assessment/runs/{run_id}/").status_code == 404
    assert client.get("/api/assessment/runs/").json()["count"] == 0
    client.force_login(year_data.users["office_staff"])
    # a draft of the province is not visible to a city office: not found, and so not publishable
    assert client.post(f"/api/assessment/runs/{run_id}/publish/").status_code == 404
    client.force_login(year_data.users["province_admin"])
    resp = client.post(f"/api/assessment/runs/{run_id}/publish/")
    assert resp.status_code == 200 and resp.json()["status"] == "published"
    assert client.post(f"/api/assessment/runs/{run_id}/publish/").status_code == 400
    assert client.get(f"/api/assessment/runs/{run_id}/verify/").json() == {
        "reproducible": True,
        "differences": [],
    }
    resp = client.post(f"/api/assessment/runs/{run_id}/recompute/")
    assert resp.status_code == 201 and resp.json()["recomputed_from"] == run_id
    client.force_login(year_data.users["cluster_reporter"])
    assert client.get(f"/api/assessment/runs/{run_id}/results/").status_code == 200
    assert [r["id"] for r in client.get("/api/assessment/runs/").json()["results"]] == [run_id]


def test_api_inputs(year_data, login):
    office = login(year_data.users["province_admin"])
    resp = office.post(
        "/api/assessment/inputs/",
        {
            "kind": "deduction",
            "cluster": A,
            "year": 2025,
            "name": "中央环保督察问题",
            "count": 2,
            "evidence": "督察反馈",
        },
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    resp = office.post(
        "/api/assessment/inputs/",
        {"kind": "manual", "cluster": A, "year": 2025, "name": "配套服务.value", "points": 4},
        content_type="application/json",
    )
    assert resp.status_code == 400 and resp.json()["reason"] == ["评议打分必须填写理由。"]
    listed = office.get("/api/assessment/inputs/?year=2025").json()
    assert listed["count"] == 1 and listed["results"][0]["cluster"] == A
    reporter = login(year_data.users["cluster_reporter"])
    resp = reporter.post(
        "/api/assessment/inputs/",
        {"kind": "veto", "cluster": A, "year": 2025, "name": "违法用地", "evidence": "x"},
        content_type="application/json",
    )
    assert resp.status_code == 403


def test_api_list_query_counts_are_constant(year_data, client):
    client.force_login(year_data.users["province_admin"])

    def add(start, stop):
        for i in range(start, stop):
            scheme = services.scheme_save(
                actor=SYSTEM, scheme=None, definition={**SCHEME, "name": f"方案{i}"}
            )
            services.run_create(actor=SYSTEM, scheme=scheme, year=2025)
            AssessmentInput.objects.create(
                kind="veto", cluster=year_data.cluster_a, year=2025, name=f"否决{i}", evidence="x"
            )

    def counts(n):
        out = {}
        for url in ("/api/assessment/schemes/", "/api/assessment/runs/", "/api/assessment/inputs/"):
            q, resp = _count(lambda url=url: client.get(url))
            assert resp.status_code == 200 and resp.json()["count"] == n
            out[url] = q
        run = Run.objects.first()
        out["results"], resp = _count(lambda: client.get(f"/api/assessment/runs/{run.pk}/results/"))
        assert len(resp.json()) == 3
        return out

    add(0, 1)
    small = counts(1)
    add(1, 8)
    assert counts(8) == small


def test_api_deletes(year_data, login):
    admin = login(year_data.users["province_admin"])
    scheme = services.scheme_save(actor=SYSTEM, scheme=None, definition=SCHEME)
    run = services.run_create(actor=SYSTEM, scheme=scheme, year=2025)
    resp = admin.delete(f"/api/assessment/schemes/{scheme.pk}/")
    assert resp.status_code == 400 and "已有考核结果" in resp.json()["detail"]
    assert admin.delete(f"/api/assessment/runs/{run.pk}/").status_code == 204
    assert admin.delete(f"/api/assessment/schemes/{scheme.pk}/").status_code == 204
    assert Scheme.objects.count() == 0
    other = login(year_data.users["other_admin"])  # 平顶山: the province's scheme is out of scope
    scheme = services.scheme_save(actor=SYSTEM, scheme=None, definition=SCHEME)
    assert other.get(f"/api/assessment/schemes/{scheme.pk}/").status_code == 404
    item = AssessmentInput.objects.create(
        kind="veto", cluster=year_data.cluster_b, year=2025, name="违法用地", evidence="x"
    )
    assert other.delete(f"/api/assessment/inputs/{item.pk}/").status_code == 204
    assert not AssessmentInput.objects.exists()
