"""Data-entry pages: list with filters, the entry form (units, previous period, same period
last year, errors beside the field, warnings with a 说明), one view per transition, the
open link, scope (404) and constant query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.reporting import services
from clusterzone.reporting.choices import SubmissionStatus
from clusterzone.reporting.models import DataSetIndicator, Indicator, Submission, ValidationRule, Value

from .. import factories as f


def bulk(world, dataset, cluster, period, values, status=SubmissionStatus.APPROVED):
    sub = services.submission_open(actor=None, dataset=dataset, cluster=cluster, period=period)
    services.values_write_bulk(
        actor=None, submission=sub, values={k: Decimal(v) for k, v in values.items()}, reason="历史数据"
    )
    if status != SubmissionStatus.DRAFT:
        services.submission_force_status(actor=None, submission=sub, status=status, reason="历史数据")
    return sub


@pytest.fixture
def sub_a(world, monthly):
    return services.submission_open(actor=None, dataset=monthly, cluster=world.cluster_a, period="2025-04")


def test_open_link_creates_and_redirects(world, monthly, login):
    client = login(world.users["cluster_reporter"])
    url = reverse("reporting:submission_open", args=["monthly_test", world.cluster_a.code, "2025-04"])
    response = client.get(url)
    sub = Submission.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "reporting:submission_detail", args=[sub.pk]
    )
    assert client.get(url).url == response.url and Submission.objects.count() == 1
    # another cluster (outside the reporter's scope) and unknown data sets: 404
    assert client.get(reverse("reporting:submission_open", args=["monthly_test", world.cluster_b.code, "2025-04"])).status_code == 404  # fmt: skip
    assert client.get(reverse("reporting:submission_open", args=["nope", world.cluster_a.code, "2025-04"])).status_code == 404  # fmt: skip
    # a wrong period: back to the list with the reason
    response = client.get(reverse("reporting:submission_open", args=["monthly_test", world.cluster_a.code, "2025Q2"]), follow=True)  # fmt: skip
    assert "报送周期" in response.content.decode()


def test_entry_form_shows_units_previous_and_last_year(world, monthly, login, catalog):
    bulk(world, monthly, world.cluster_a, "2025-03", {"revenue": 114000, "fai": 102000})
    bulk(world, monthly, world.cluster_a, "2024-04", {"revenue": 130769, "fai": 92994})
    sub = bulk(world, monthly, world.cluster_a, "2025-04", {"revenue": 170000, "fai": 150000}, status="draft")
    intensity = Indicator.objects.create(code="fai_share", name="工业投资占比", unit="%", kind="stock",
                                         formula="fai_industrial / fai * 100")  # fmt: skip
    DataSetIndicator.objects.create(dataset=monthly, indicator=intensity, order=50)
    services.values_write_bulk(
        actor=None, submission=sub, values={"fai_industrial": Decimal(90000)}, reason="x"
    )
    client = login(world.users["cluster_reporter"])
    html = client.get(reverse("reporting:submission_detail", args=[sub.pk])).content.decode()
    assert "2025年4月" in html and "上期" in html and "2025年3月" in html and "2024年4月" in html
    assert 'name="v_revenue"' in html and 'value="170000"' in html and "114000" in html and "130769" in html
    assert "万元" in html and "从业人员" in html and "人</td>" in html
    assert "+30.0%" in html and "+61.3%" in html  # 同比 beside the figures
    assert 'name="v_fai_share"' not in html and 'data-testid="value-fai_share">60<' in html  # computed
    assert 'name="version" value="3"' in html
    assert (
        'data-testid="save"' in html
        and 'data-testid="submit"' in html
        and 'data-testid="approve"' not in html
    )


def test_save_error_beside_the_field_and_nothing_written(world, sub_a, login):
    bulk(world, sub_a.dataset, world.cluster_a, "2025-03", {"revenue": 114000})
    client = login(world.users["cluster_reporter"])
    url = reverse("reporting:submission_save", args=[sub_a.pk])
    response = client.post(url, {"version": 1, "v_revenue": "110000", "v_fai": "abc", "v_tax": "-1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-revenue"' in html and "累计数不能减少" in html
    assert 'data-testid="error-fai"' in html and "固定资产投资 的值“abc”不是有效的数字。" in html
    assert "税收收入 不能为负数" in html
    assert 'value="abc"' in html  # the input is kept for correction
    assert not Value.objects.filter(period="2025-04").exists()


def test_save_then_conflict_from_a_stale_page(world, sub_a, login):
    client = login(world.users["cluster_reporter"])
    url = reverse("reporting:submission_save", args=[sub_a.pk])
    response = client.post(url, {"version": 1, "v_revenue": "1,200"})
    assert response.status_code == 302
    assert Value.objects.get(period="2025-04").value == Decimal(1200)
    office = login(world.users["office_staff"])
    response = office.post(url, {"version": 1, "v_revenue": "999"})
    assert (
        response.status_code == 400
        and "该报表已被他人修改（版本2），请刷新后重新填写。" in response.content.decode()
    )
    assert Value.objects.get(period="2025-04").value == Decimal(1200)


def test_warning_needs_a_comment_then_submit_approve_reopen(world, sub_a, login):
    bulk(world, sub_a.dataset, world.cluster_a, "2024-04", {"revenue": 50000})
    reporter = login(world.users["cluster_reporter"])
    detail = reverse("reporting:submission_detail", args=[sub_a.pk])
    reporter.post(
        reverse("reporting:submission_save", args=[sub_a.pk]), {"version": 1, "v_revenue": "170000"}
    )
    html = reporter.get(detail).content.decode()
    assert 'data-testid="warnings"' in html and "超过 ±100%" in html
    response = reporter.post(
        reverse("reporting:submission_submit", args=[sub_a.pk]), {"comment": ""}, follow=True
    )
    assert "需要填写说明" in response.content.decode()
    assert Submission.objects.get(pk=sub_a.pk).status == "draft"
    reporter.post(reverse("reporting:submission_submit", args=[sub_a.pk]), {"comment": "两家企业投产"})
    assert Submission.objects.get(pk=sub_a.pk).status == "submitted"
    # the reporter cannot approve (403); the office can
    assert reporter.post(reverse("reporting:submission_approve", args=[sub_a.pk])).status_code == 403
    office = login(world.users["office_staff"])
    html = office.get(detail).content.decode()
    assert (
        'data-testid="approve"' in html and 'data-testid="return"' in html and 'name="v_revenue"' not in html
    )
    office.post(reverse("reporting:submission_approve", args=[sub_a.pk]))
    html = office.get(detail).content.decode()
    assert "已审核" in html and 'data-testid="reopen"' in html
    response = office.post(
        reverse("reporting:submission_reopen", args=[sub_a.pk]), {"reason": ""}, follow=True
    )
    assert "必须填写原因" in response.content.decode()
    office.post(reverse("reporting:submission_reopen", args=[sub_a.pk]), {"reason": "数据更正"})
    html = office.get(detail).content.decode()
    assert "退回" in html and "数据更正" in html and "重新打开" in html  # event log
    assert "170000" in html and "（空）" in html  # value history: (空) → 170000


def test_return_with_reason(world, sub_a, login):
    services.submission_save_values(actor=None, submission=sub_a, values={"revenue": "5"}, version=1)
    services.submission_submit(actor=None, submission=sub_a)
    office = login(world.users["office_admin"])
    url = reverse("reporting:submission_return", args=[sub_a.pk])
    assert "必须填写退回原因" in office.post(url, {"reason": ""}, follow=True).content.decode()
    office.post(url, {"reason": "税收未填"})
    sub_a.refresh_from_db()
    assert sub_a.status == "returned" and sub_a.return_reason == "税收未填"


def test_outside_scope_is_404_and_readonly_sees_no_buttons(world, monthly, login):
    sub_b = services.submission_open(actor=None, dataset=monthly, cluster=world.cluster_b, period="2025-04")
    client = login(world.users["cluster_reporter"])
    assert client.get(reverse("reporting:submission_detail", args=[sub_b.pk])).status_code == 404
    assert (
        client.post(reverse("reporting:submission_save", args=[sub_b.pk]), {"version": 1}).status_code == 404
    )
    sub_a = services.submission_open(actor=None, dataset=monthly, cluster=world.cluster_a, period="2025-04")
    ro = login(world.users["readonly"])
    html = ro.get(reverse("reporting:submission_detail", args=[sub_a.pk])).content.decode()
    assert 'data-testid="save"' not in html and 'data-testid="submit"' not in html
    assert ro.post(reverse("reporting:submission_save", args=[sub_a.pk]), {"version": 1, "v_revenue": "1"}).status_code == 403  # fmt: skip


def test_list_filters(world, monthly, login):
    for period in ("2025-03", "2025-04"):
        for cluster in (world.cluster_a, world.cluster_a2):
            services.submission_open(actor=None, dataset=monthly, cluster=cluster, period=period)
    client = login(world.users["office_staff"])
    url = reverse("reporting:submission_list")
    html = client.get(url).content.decode()
    assert "共 4 条" in html and "2025年4月" in html and "草稿" in html
    html = client.get(url, {"period": "2025-04", "cluster": world.cluster_a.code, "dataset": "monthly_test"}).content.decode()  # fmt: skip
    assert "共 1 条" in html
    assert "共 0 条" in client.get(url, {"status": "approved"}).content.decode()
    # the reporter sees only their own cluster
    assert "共 2 条" in login(world.users["cluster_reporter"]).get(url).content.decode()


# Queries per page (kept as data: a change that raises a count shows in the diff).
# Measured with 5 and 65 submissions (list) and with 6 and 36 indicators and 150 value
# changes (detail: + indicators, rules, neighbouring values, events, value history).
QUERY_BUDGET = {"list": 8, "detail": 10}  # list: one of them fills the cluster picker (by name)


def _more(world, monthly, start, n):
    from clusterzone.registry.models import Cluster

    clusters = Cluster.objects.bulk_create(
        [Cluster(code=f"Z{start + i:05d}", name=f"查询集聚区{start + i}", region=world.shangcai,
                 planned_area=1, built_area=1) for i in range(n)]
    )  # fmt: skip
    monthly.clusters.add(*clusters)
    for c in clusters:
        sub = services.submission_open(actor=None, dataset=monthly, cluster=c, period="2025-04")
        services.values_write_bulk(actor=None, submission=sub, values={"revenue": Decimal(1)}, reason="x")


def test_list_page_query_count_is_constant(world, monthly, login):
    client = login(world.users["province_admin"])
    counts = []
    for start, n in ((0, 5), (5, 60)):
        _more(world, monthly, start, n)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("reporting:submission_list"), {"period": "2025-04"})
        assert response.status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1] == QUERY_BUDGET["list"], counts


def test_detail_page_query_count_is_constant(world, monthly, login):
    ValidationRule.objects.create(code="r1", left="fai_industrial", operator="<=", right="fai", message="x")
    sub = services.submission_open(actor=None, dataset=monthly, cluster=world.cluster_a, period="2025-04")
    client = login(world.users["office_staff"])
    url = reverse("reporting:submission_detail", args=[sub.pk])

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    services.values_write_bulk(actor=None, submission=sub, values={"revenue": Decimal(1)}, reason="x")
    small = measure()
    for i in range(30):
        ind = Indicator.objects.create(code=f"more_{i}", name=f"指标{i}", unit="个", kind="flow")
        DataSetIndicator.objects.create(dataset=monthly, indicator=ind, order=100 + i)
    for k in range(5):
        services.values_write_bulk(
            actor=f.UserFactory(username=f"u{k}", roles=["office_admin"], unit=world.zmd_office),
            submission=sub,
            values={f"more_{i}": Decimal(k + 1) for i in range(30)},
            reason=f"第{k}次",
        )
    assert measure() == small == QUERY_BUDGET["detail"]


def test_save_and_submit_in_one_action(world, sub_a, login):
    client = login(world.users["cluster_reporter"])
    html = client.get(reverse("reporting:submission_detail", args=[sub_a.pk])).content.decode()
    assert 'data-testid="save-submit"' in html and "保存并上报" in html
    assert "data-unsaved-guard" in html and "js/unsaved-guard.js" in html
    url = reverse("reporting:submission_save", args=[sub_a.pk])
    response = client.post(
        url, {"version": 1, "v_revenue": "170000", "v_fai": "150000", "and_submit": "1"}, follow=True
    )
    sub_a.refresh_from_db()
    assert sub_a.status == SubmissionStatus.SUBMITTED
    assert Value.objects.get(submission=sub_a, indicator__code="fai").value == Decimal(150000)
    assert "已保存并上报" in response.content.decode()


def test_failed_save_keeps_everything_typed(world, sub_a, login):
    client = login(world.users["cluster_reporter"])
    long_note = "本月新增海亮工业园项目投资，" * 20
    response = client.post(
        reverse("reporting:submission_save", args=[sub_a.pk]),
        {"version": 1, "v_revenue": "170000", "v_fai": "abc", "comment": long_note, "reason": "补录"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert long_note in html and 'value="补录"' in html and 'value="abc"' in html
    sub_a.refresh_from_db()
    assert sub_a.comment == "" and not Value.objects.filter(submission=sub_a).exists()


def test_review_marks_outliers_against_last_year(world, sub_a, login, settings):
    bulk(world, sub_a.dataset, world.cluster_a, "2024-04", {"revenue": 50000, "fai": 90000})
    services.submission_save_values(
        actor=None, submission=sub_a, values={"revenue": "170000", "fai": "92000"}, version=1
    )
    services.submission_submit(actor=None, submission=sub_a, comment="两家企业投产")
    office = login(world.users["office_staff"])
    detail = reverse("reporting:submission_detail", args=[sub_a.pk])
    html = office.get(detail).content.decode()
    assert 'data-testid="review-outliers"' in html and "超过上年同期的3倍" in html
    assert 'data-testid="outlier-revenue"' in html and 'data-testid="outlier-fai"' not in html
    settings.REPORTING_OUTLIER_FACTOR = 4  # configurable: 3.4 times is no longer an outlier
    html = office.get(detail).content.decode()
    assert 'data-testid="review-outliers"' not in html


def test_review_queue_approve_and_return_in_place(world, monthly, login):
    subs = []
    for period in ("2025-04", "2025-05", "2025-06"):
        s = services.submission_open(actor=None, dataset=monthly, cluster=world.cluster_a, period=period)
        services.submission_save_values(actor=None, submission=s, values={"revenue": "5"}, version=1)
        services.submission_submit(actor=None, submission=s)
        subs.append(s)
    assert login(world.users["cluster_reporter"]).get(reverse("reporting:review_queue")).status_code == 403
    office = login(world.users["office_staff"])
    queue = reverse("reporting:review_queue")
    html = office.get(queue).content.decode()
    assert html.count('data-testid="queue-row"') == 3 and "2025年4月" in html
    response = office.post(reverse("reporting:submission_approve", args=[subs[0].pk]), {"next": queue})
    assert response.status_code == 302 and response.url == queue
    office.post(
        reverse("reporting:submission_return", args=[subs[1].pk]), {"next": queue, "reason": "税收未填"}
    )
    statuses = [Submission.objects.get(pk=s.pk).status for s in subs]
    assert statuses == ["approved", "returned", "submitted"]
    html = office.get(queue).content.decode()
    assert html.count('data-testid="queue-row"') == 1 and "税收未填" in html
    # an outside address is never followed
    response = office.post(
        reverse("reporting:submission_approve", args=[subs[2].pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("reporting:submission_detail", args=[subs[2].pk])


def test_review_queue_query_count_is_constant(world, monthly, login):
    office = login(world.users["office_staff"])
    counts = []
    for months in (("2025-01",), ("2025-02", "2025-03", "2025-04", "2025-05", "2025-06")):
        for period in months:
            for cluster in (world.cluster_a, world.cluster_a2):
                s = services.submission_open(actor=None, dataset=monthly, cluster=cluster, period=period)
                services.submission_save_values(actor=None, submission=s, values={"revenue": "5"}, version=1)
                services.submission_submit(actor=None, submission=s)
        with CaptureQueriesContext(connection) as ctx:
            assert office.get(reverse("reporting:review_queue")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
