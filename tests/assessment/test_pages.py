"""Assessment pages: the scheme editor (validation beside the offending part, file import and
export), the run page (ranked table, dimension subtotals, stars, changes, vetoed apart,
charts), publish from the page, a cluster's history, the office's inputs; query counts of
the lists."""

import io
from decimal import Decimal

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.assessment import schemes, services
from clusterzone.assessment.models import AssessmentInput, Run, Scheme
from clusterzone.assessment.views.schemes_runs import definition_from_post
from clusterzone.core.periods import Period
from clusterzone.reporting.models import Indicator, Submission, Value
from tests import factories as f
from tests.reporting.conftest import catalog, monthly  # noqa: F401  (fixtures)

SCHEME = {
    "name": "2025年度考核（测试）",
    "year": 2025,
    "region": "410000",
    "dimensions": [
        {
            "name": "经济总量",
            "indicators": [{"indicator": "revenue", "measure": "value", "weight": 60, "method": "linear"}],
        },
        {
            "name": "质量效益",
            "indicators": [
                {
                    "indicator": "tax",
                    "measure": "value",
                    "method": "bands",
                    "bands": [[0, 0], [10000, 20], [30000, 40]],
                }
            ],
        },
    ],
    "stars": [{"level": 2, "min_score": 80}, {"level": 1, "min_score": 50}],
    "threshold": {"revenue": 120000},
    "vetoes": [{"name": "违法用地"}],
    "outcomes": {"top": {"count": 1, "label": "优秀产业集聚区"}},
}


def put(ds, cluster, code, period, value):
    p = Period.parse(period)
    sub, _ = Submission.objects.get_or_create(
        dataset=ds, cluster=cluster, period=str(p),
        defaults={"period_end": p.end, "due_date": ds.due_date(p), "status": "approved"},
    )  # fmt: skip
    Value.objects.update_or_create(
        cluster=cluster, indicator=Indicator.objects.get(code=code), period=str(p),
        defaults={"submission": sub, "year": p.year, "value": Decimal(value)},
    )  # fmt: skip


@pytest.fixture
def year_data(world, monthly):  # noqa: F811
    # December cumulative: revenue 上蔡 200000, 驻马店 150000, 鲁山 100000; tax 30000/12000/5000
    for cluster, revenue, tax in [
        (world.cluster_a, 200000, 30000),
        (world.cluster_a2, 150000, 12000),
        (world.cluster_b, 100000, 5000),
    ]:
        put(monthly, cluster, "revenue", "2025-12", revenue)
        put(monthly, cluster, "tax", "2025-12", tax)
    return world


def post_data(definition):
    """The editor's fields for a definition (what the page posts)."""
    data = {"name": definition["name"], "year": str(definition["year"]), "region": definition["region"]}
    dims = definition["dimensions"]
    data["dimension_count"] = str(len(dims))
    for i, dim in enumerate(dims):
        data[f"dimensions[{i}].name"] = dim["name"]
        data[f"dimensions[{i}].indicator_count"] = str(len(dim["indicators"]))
        for j, it in enumerate(dim["indicators"]):
            p = f"dimensions[{i}].indicators[{j}]"
            for k in ("indicator", "measure", "method", "direction", "cap", "floor", "benchmark"):
                if k in it:
                    data[f"{p}.{k}"] = str(it[k])
            if "weight" in it:
                data[f"{p}.weight"] = str(it["weight"])
            if "bands" in it:
                data[f"{p}.bands"] = "; ".join(f"{a},{b}" for a, b in it["bands"])
    levels = definition.get("stars", [])
    data["star_count"] = str(len(levels))
    for k, s in enumerate(levels):
        data[f"stars[{k}].level"] = str(s["level"])
        data[f"stars[{k}].min_score"] = str(s["min_score"])
    data["threshold"] = ", ".join(f"{k}={v}" for k, v in definition.get("threshold", {}).items())
    data["vetoes_count"] = str(len(definition.get("vetoes", [])))
    for n, v in enumerate(definition.get("vetoes", [])):
        data[f"vetoes[{n}].name"] = v["name"]
    for key, o in definition.get("outcomes", {}).items():
        data[f"outcomes.{key}.count"] = str(o["count"])
        data[f"outcomes.{key}.label"] = o["label"]
    return data


def test_editor_fields_describe_the_definition(catalog):  # noqa: F811
    d, errors = definition_from_post(post_data(SCHEME))
    assert errors == {}
    assert schemes.normalize(d) == schemes.normalize(SCHEME)


def test_editor_keeps_the_shipped_scheme_unchanged(catalog):  # noqa: F811
    """Every option of the shipped example survives the editor (direction: higher, cap …)."""
    from pathlib import Path

    import clusterzone.assessment as app
    from clusterzone.assessment.views.schemes_runs import editor_context

    text = (Path(app.__file__).parent / "data" / "scheme_2025.yaml").read_text(encoding="utf-8")
    shipped = schemes.load(text, "yaml")
    ctx = editor_context(shipped)
    data = {"name": shipped["name"], "year": str(shipped["year"]), "region": shipped["region"]}
    data["dimension_count"] = str(len(ctx["dims"]))
    for i, dim in enumerate(ctx["dims"]):
        data[f"dimensions[{i}].name"] = dim["name"]
        data[f"dimensions[{i}].indicator_count"] = str(len(dim["indicators"]))
        for j, it in enumerate(dim["indicators"]):
            for k in (
                "indicator",
                "measure",
                "method",
                "weight",
                "direction",
                "cap",
                "floor",
                "target",
                "benchmark",
            ):
                if it.get(k) is not None:
                    data[f"dimensions[{i}].indicators[{j}].{k}"] = str(it[k])
            data[f"dimensions[{i}].indicators[{j}].bands"] = it.get("bands_text", "")
    data["star_count"] = str(len(ctx["stars"]))
    for k, s in enumerate(ctx["stars"]):
        data[f"stars[{k}].level"] = str(s.get("level", ""))
        data[f"stars[{k}].min_score"] = str(s.get("min_score", ""))
        data[f"stars[{k}].require"] = s.get("require_text", "")
    data["threshold"] = ctx["threshold_text"]
    for key, o in ctx["outcomes"].items():
        n = "years" if key == "consecutive_missed_targets" else "count"
        data[f"outcomes.{key}.{n}"] = str(o[n])
        data[f"outcomes.{key}.label"] = o["label"]
    d, errors = definition_from_post(data)
    assert errors == {}
    assert schemes.dump(d, "yaml") == schemes.dump(shipped, "yaml")


def test_editor_creates_a_scheme(year_data, login):
    client = login(year_data.users["province_admin"])
    assert client.get(reverse("assessment:scheme_add")).status_code == 200
    r = client.post(reverse("assessment:scheme_add"), post_data(SCHEME))
    assert r.status_code == 302, r.content.decode()[:2000]
    scheme = Scheme.objects.get()
    assert schemes.normalize(scheme.definition) == schemes.normalize(SCHEME)
    page = client.get(reverse("assessment:scheme_edit", args=[scheme.pk])).content.decode()
    assert 'value="revenue"' in page and 'value="0,0; 10000,20; 30000,40"' in page


def test_editor_shows_messages_beside_the_offending_part(year_data, login):
    client = login(year_data.users["province_admin"])
    bad = post_data(SCHEME)
    bad["dimensions[0].indicators[0].weight"] = "-5"
    bad["dimensions[1].indicators[0].bands"] = "10000,20; 0,0"
    r = client.post(reverse("assessment:scheme_add"), bad)
    assert r.status_code == 400
    html = r.content.decode()
    assert not Scheme.objects.exists()
    assert 'data-testid="scheme-errors"' in html
    # the weight message sits in the row of dimension 0 / indicator 0, the bands one in 1/0
    row0 = html.split('data-testid="indicator-0-0"')[1].split("</tr>")[0]
    assert 'data-error="weight"' in row0 and "权重必须为正数" in row0
    row1 = html.split('data-testid="indicator-1-0"')[1].split("</tr>")[0]
    assert 'data-error="bands"' in row1
    # what was typed is kept
    assert 'value="-5"' in row0


def test_editor_refused_to_office_staff(year_data, login):
    client = login(year_data.users["office_staff"])
    assert client.get(reverse("assessment:scheme_add")).status_code == 403
    assert client.post(reverse("assessment:scheme_add"), post_data(SCHEME)).status_code == 403


def test_export_import_round_trip_from_the_page(year_data, login):
    client = login(year_data.users["province_admin"])
    scheme = services.scheme_save(actor=year_data.users["province_admin"], scheme=None, definition=SCHEME)
    text = client.get(
        reverse("assessment:scheme_edit", args=[scheme.pk]), {"export": "yaml"}
    ).content.decode()
    assert yaml.safe_load(text)["name"] == SCHEME["name"]
    js = client.get(reverse("assessment:scheme_edit", args=[scheme.pk]), {"export": "json"}).content.decode()
    assert schemes.load(js, "json") == schemes.load(text, "yaml")
    # import a changed file: a new version of the same scheme
    changed = text.replace("weight: 60", "weight: 50")
    upload = io.BytesIO(changed.encode())
    upload.name = "scheme.yaml"
    r = client.post(reverse("assessment:scheme_import"), {"file": upload, "reason": "调整权重"})
    assert r.status_code == 302
    new = Scheme.objects.get(is_active=True)
    assert new.version == 2 and new.key == scheme.key
    assert new.definition["dimensions"][0]["indicators"][0]["weight"] == 50
    # export of the new version, re-imported unchanged → no new version
    again = client.get(reverse("assessment:scheme_edit", args=[new.pk]), {"export": "yaml"}).content.decode()
    assert again == changed
    # an invalid file: the messages, nothing saved
    upload = io.BytesIO(text.replace("weight: 60", "weight: -1").encode())
    upload.name = "bad.yaml"
    r = client.post(reverse("assessment:scheme_import"), {"file": upload}, follow=True)
    assert "权重必须为正数" in r.content.decode()
    assert Scheme.objects.count() == 2


def test_run_page_from_creation_to_publication(year_data, login):
    admin = year_data.users["province_admin"]
    services.input_save(
        actor=admin,
        data={
            "kind": "veto",
            "cluster": year_data.cluster_b,
            "year": 2025,
            "name": "违法用地",
            "evidence": "国土督察通报",
        },
    )
    scheme = services.scheme_save(actor=admin, scheme=None, definition=SCHEME)
    client = login(admin)
    r = client.post(reverse("assessment:run_create", args=[scheme.pk]))
    assert r.status_code == 302
    run = Run.objects.get()
    html = client.get(reverse("assessment:run_detail", args=[run.pk])).content.decode()
    # 上蔡: revenue linear over 上蔡 and 驻马店 (鲁山 vetoed … still scored) — read the stored results
    results = {r.cluster.code: r for r in run.results.select_related("cluster")}
    a = results["41172201"]
    assert a.rank == 1 and a.outcome == "优秀产业集聚区"
    assert "经济总量" in html and "质量效益" in html
    row = html.split('data-cluster="41172201"')[1].split("</tr>")[0]
    assert str(a.score) in row and "优秀产业集聚区" in row
    assert f">{a.dimension_points['经济总量']}<" in row
    vetoed = html.split('data-testid="vetoed"')[1]
    assert "鲁山县产业集聚区" in vetoed and "违法用地（国土督察通报）" in vetoed
    assert 'data-testid="chart-scores"' in html and "echarts.min.js" in html
    assert 'data-testid="run-publish"' in html
    # drafts: hidden from a read-only user
    ro = login(year_data.users["readonly"])
    assert ro.get(reverse("assessment:run_detail", args=[run.pk])).status_code == 404
    client = login(admin)
    r = client.post(reverse("assessment:run_publish", args=[run.pk]))
    assert r.status_code == 302
    run.refresh_from_db()
    assert run.status == "published"
    ro = login(year_data.users["readonly"])
    assert ro.get(reverse("assessment:run_detail", args=[run.pk])).status_code == 200
    hist = ro.get(reverse("assessment:cluster_history", args=["41172201"])).content.decode()
    assert "2025年" in hist and str(a.score) in hist and "优秀产业集聚区" in hist


def test_inputs_page(year_data, login):
    client = login(year_data.users["office_admin"])
    url = reverse("assessment:input_list")
    assert client.get(url).status_code == 200
    data = {"kind": "deduction", "cluster": year_data.cluster_a.pk, "year": 2025, "name": "中央环保督察问题",
            "points": "0.3", "count": 2, "evidence": ""}  # fmt: skip
    r = client.post(url, data)
    assert r.status_code == 400 and 'data-field="evidence"' in r.content.decode()
    data["evidence"] = "督察反馈第3号"
    assert client.post(url, data).status_code == 302
    obj = AssessmentInput.objects.get()
    assert obj.count == 2 and obj.points == Decimal("0.3")
    # 鲁山 is outside 驻马店's scope: not offered
    data["cluster"] = year_data.cluster_b.pk
    assert client.post(url, data).status_code == 400
    assert client.post(reverse("assessment:input_delete", args=[obj.pk])).status_code == 302
    assert not AssessmentInput.objects.exists()
    # read-only: sees the page, no form
    ro = login(year_data.users["readonly"])
    assert 'data-testid="input-form"' not in ro.get(url).content.decode()
    assert ro.post(url, data).status_code == 403


@pytest.mark.parametrize(
    "url_name", ["assessment:scheme_list", "assessment:run_list", "assessment:input_list"]
)
def test_list_pages_query_count(year_data, login, url_name):
    admin = year_data.users["province_admin"]
    client = login(admin)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(url_name)).status_code == 200
        return len(ctx)

    def grow(n):
        for i in range(n):
            c = f.ClusterFactory(region=year_data.shangcai)
            services.input_save(
                actor=admin,
                data={"kind": "veto", "cluster": c, "year": 2025, "name": "违法用地", "evidence": "x"},
            )
            s = services.scheme_save(actor=admin, scheme=None, definition={**SCHEME, "name": f"方案{n}-{i}"})
            services.run_create(actor=admin, scheme=s)

    grow(1)
    small = count()
    grow(3)
    assert count() == small


def test_editor_picks_indicators_and_conditions_by_name(year_data, login):
    from clusterzone.reporting.models import Indicator

    name = Indicator.objects.get(code="revenue").name
    client = login(year_data.users["province_admin"])
    page = client.get(reverse("assessment:scheme_add")).content.decode()
    assert f'<option value="revenue">{name} · revenue</option>' in page  # a name, the code small
    assert 'placeholder="revenue=' not in page and "指标代码" not in page
    data = post_data(SCHEME)
    data["threshold"] = f"{name}=120000"  # the condition written with the indicator's name
    r = client.post(reverse("assessment:scheme_add"), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    scheme = Scheme.objects.get()
    assert scheme.definition["threshold"] == {"revenue": 120000}
    page = client.get(reverse("assessment:scheme_edit", args=[scheme.pk])).content.decode()
    assert f'value="{name}=120000"' in page and '<option value="revenue" selected>' in page


def test_run_page_is_paged_with_a_fixed_query_count(year_data, login):
    """A national-scale run shows its ranked results a page at a time (RESULT_PAGE_ROWS, in rank
    order over the whole run), the charts and the vetoed list over all results, in the same
    number of queries at 10 and 500 results; rank and star changes prepared in the view."""
    from clusterzone.assessment.models import Result
    from clusterzone.assessment.views.schemes_runs import RESULT_PAGE_ROWS
    from clusterzone.registry.models import Cluster

    admin = year_data.users["province_admin"]
    scheme = services.scheme_save(actor=admin, scheme=None, definition=SCHEME)
    run = services.run_create(actor=admin, scheme=scheme)
    run.results.all().delete()
    client = login(admin)
    url = reverse("assessment:run_detail", args=[run.pk])

    def grow(total):
        start = Cluster.objects.filter(code__startswith="R").count()
        Cluster.objects.bulk_create(
            [
                Cluster(code=f"R{i:05d}", name=f"考核集聚区{i}", region=year_data.shangcai)
                for i in range(start, total)
            ]
        )
        new = Cluster.objects.filter(code__startswith="R", code__gte=f"R{start:05d}").order_by("code")
        Result.objects.bulk_create(
            [
                Result(run=run, cluster=c, score=Decimal(90) - Decimal(start + k) / 100, rank=start + k + 1,
                       star=3, previous_rank=start + k + 2 if k % 2 else start + k, previous_star=3,
                       dimension_points={"经济总量": "50.00", "质量效益": "40.00"})
                for k, c in enumerate(new)
            ]
        )  # fmt: skip

    counts = []
    for n in (10, 500):
        grow(n)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url, {"page": 2} if n > RESULT_PAGE_ROWS else {})
        assert r.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert r.context["page"].paginator.count == 500
    ranks = [x["r"].rank for x in r.context["ranked"]]
    assert ranks == list(range(RESULT_PAGE_ROWS + 1, 2 * RESULT_PAGE_ROWS + 1))
    scores = r.context["charts"]["scores"]["series"][0]["data"]
    assert sum(scores) == 500  # the charts count every result
    html = r.content.decode()
    row = html.split('data-cluster="R00100"')[1].split("</tr>")[0]  # rank 101, was 100 → ↓1
    assert 'title="下降">↓1<' in row and ">50.00<" in row
    row = html.split('data-cluster="R00101"')[1].split("</tr>")[0]  # rank 102, was 103 → ↑1
    assert 'title="上升">↑1<' in row and "持平" in row  # the star did not change
    assert 'data-testid="pager"' in html and len(r.content) < 300 * 1024
