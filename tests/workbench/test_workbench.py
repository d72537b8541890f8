"""Each role's workbench (工作台): its items equal the selectors' readings, 催报 is recorded and
reaches the reporter's workbench, and the query count does not grow from 10 to 200 clusters."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.periods import Period
from clusterzone.projects import services as project_services
from clusterzone.projects.models import ProjectMilestone
from clusterzone.registry.models import Cluster
from clusterzone.reporting.models import DataSet, ReportReminder, Submission
from clusterzone.workbench import selectors

from .. import factories as f


def _dataset(world, clusters):
    ds = DataSet.objects.create(
        scope_rule="explicit",
        code="wb_monthly",
        name="月度统计",
        period_kind="monthly",
        due_days=5,
        region=world.henan,
    )
    ds.clusters.set(clusters)
    return ds


def _sub(ds, cluster, period, status, **kw):
    p = Period.parse(str(period))
    return Submission.objects.create(
        dataset=ds,
        cluster=cluster,
        period=str(p),
        period_end=p.end,
        due_date=ds.due_date(p),
        status=status,
        **kw,
    )


def _open(ds):
    return selectors.open_period(ds, timezone.localdate())


def _text(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_office_workbench_counts_equal_the_selectors(world, client):
    ds = _dataset(world, [world.cluster_a, world.cluster_a2, world.cluster_b])
    p = _open(ds)
    _sub(ds, world.cluster_a2, p, "submitted")
    _sub(ds, world.cluster_a, p.previous, "returned", return_reason="数据有误")
    _sub(ds, world.cluster_b, p, "submitted")  # 平顶山: outside the 驻马店 office's scope
    office = world.users["office_admin"]
    counts = selectors.review_counts(user=office)
    assert counts == {"submitted": 1, "returned": 1}
    [item] = selectors.open_periods(user=office, today=timezone.localdate())
    assert (item.expected, item.received, [c.code for c in item.missing]) == (2, 1, [world.cluster_a.code])
    text = _text(client, office)
    assert 'data-testid="wb-submitted"><div class="stat-number">1<' in text
    assert 'data-testid="wb-returned"><div class="stat-number">1<' in text
    assert '<span data-testid="wb-received">1</span>/2' in text
    assert '<span data-testid="wb-missing-count">1</span>' in text
    assert p.label in text


def test_remind_is_recorded_and_reaches_the_reporter(world, client):
    ds = _dataset(world, [world.cluster_a, world.cluster_a2])
    p = _open(ds)
    _sub(ds, world.cluster_a2, p, "submitted")
    client.force_login(world.users["office_staff"])
    response = client.post(reverse("workbench_remind"), {"dataset": ds.code, "period": str(p)})
    assert response.status_code == 302
    [reminder] = ReportReminder.objects.all()
    assert (reminder.cluster, reminder.period, reminder.sent_by) == (
        world.cluster_a,
        str(p),
        world.users["office_staff"],
    )
    assert reminder.recipients == 1  # the committee's one reporter
    text = _text(client, world.users["cluster_reporter"])
    assert 'data-testid="wb-reminded"' in text and "联席办已于" in text
    # a reporter may not remind; an old period is refused
    client.force_login(world.users["cluster_reporter"])
    client.post(reverse("workbench_remind"), {"dataset": ds.code, "period": str(p)})
    client.force_login(world.users["office_staff"])
    client.post(reverse("workbench_remind"), {"dataset": ds.code, "period": str(p.shift(-3))})
    assert ReportReminder.objects.count() == 1


def test_reporter_sees_owed_forms_older_ones_collapsed(world, client):
    ds = _dataset(world, [world.cluster_a])
    p = _open(ds)
    start = p.shift(-7)
    _sub(ds, world.cluster_a, start, "draft")  # the cluster's reporting start
    _sub(ds, world.cluster_a, p.shift(-2), "returned", return_reason="请补充说明")
    _sub(ds, world.cluster_a, p.shift(-1), "approved")
    reporter = world.users["cluster_reporter"]
    forms = selectors.reporter_forms(user=reporter, today=timezone.localdate())
    periods = {str(x.period) for x in forms.current}
    assert str(start.previous) not in periods  # before the reporting start: not owed
    assert [str(r.period) for r in forms.returned] == [str(p.shift(-2))]
    assert len(forms.current) == 2
    owed_unfilled = 8 - 2  # start … p, less the returned and the approved one
    assert forms.older[0]["count"] == owed_unfilled - 2
    assert forms.count == owed_unfilled
    text = _text(client, reporter)
    assert "请补充说明" in text
    assert f"更早还有 {owed_unfilled - 2} 期未填" in text
    assert text.count('data-testid="my-form"') == 2


def test_leader_sees_projects_with_overdue_milestones_and_month_investment(world, client):
    leader = world.users["project_leader"]
    project = project_services.project_create(
        actor=SYSTEM,
        data={
            "name": "分包项目甲",
            "total_investment": Decimal(20000),
            "cluster": world.cluster_a2,
            "leader": leader,
        },
    )
    ProjectMilestone.objects.create(
        project=project, name="开工", planned_date=timezone.localdate() - dt.timedelta(days=3)
    )
    text = _text(client, leader)
    assert "分包项目甲" in text
    assert 'data-testid="wb-overdue">1<' in text


@pytest.mark.parametrize("role", ["department_liaison", "readonly"])
def test_liaison_and_readonly_see_the_summary(world, client, role):
    text = _text(client, world.users[role])
    assert 'data-testid="wb-summary"' in text
    assert 'data-testid="wb-review"' not in text


def _grow(world, ds, n):
    have = Cluster.objects.filter(code__startswith="WB").count()
    new = [
        Cluster(
            code=f"WB{i:05d}",
            name=f"工作台测试集聚区{i}",
            region=world.shangcai,
            planned_area=1,
            built_area=1,
        )
        for i in range(have, n)
    ]
    Cluster.objects.bulk_create(new)
    ds.clusters.add(*Cluster.objects.filter(code__startswith="WB"))
    p = _open(ds)
    for c in Cluster.objects.filter(code__startswith="WB", submissions__isnull=True)[: (n - have) // 2]:
        _sub(ds, c, p, "submitted")


@pytest.mark.parametrize(
    "role", ["office_admin", "cluster_reporter", "project_leader", "department_liaison", "readonly"]
)
def test_workbench_query_count_constant_for_10_and_200_clusters(world, client, role):
    ds = _dataset(world, [world.cluster_a, world.cluster_a2])
    f.EnterpriseFactory(cluster=world.cluster_a)
    client.force_login(world.users[role])
    counts = []
    for n in (10, 200):
        _grow(world, ds, n)
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def _approved_fai(world, ds, cluster, period, value):
    from clusterzone.reporting.models import Indicator, Value

    fai, _ = Indicator.objects.get_or_create(
        code="fai", defaults={"name": "固定资产投资", "unit": "万元", "kind": "flow"}
    )
    sub = _sub(ds, cluster, period, "approved")
    p = Period.parse(period)
    Value.objects.create(
        submission=sub, cluster=cluster, indicator=fai, period=period, year=p.year, value=Decimal(value)
    )
    return fai


def test_office_sees_lagging_clusters_with_the_gap_in_yi(world, client):
    from clusterzone.reporting.models import Target

    ds = _dataset(world, [world.cluster_a, world.cluster_a2])
    fai = _approved_fai(world, ds, world.cluster_a, "2025-06", 100000)  # 10亿 by June
    _approved_fai(world, ds, world.cluster_a2, "2025-06", 400000)  # 40亿: ahead
    Target.objects.create(cluster=world.cluster_a, indicator=fai, year=2025, value=Decimal(600000))  # 60亿
    Target.objects.create(cluster=world.cluster_a2, indicator=fai, year=2025, value=Decimal(600000))
    period, items = selectors.lagging_clusters(user=world.users["office_admin"])
    assert str(period) == "2025-06"
    assert [(x.cluster.code, x.gap) for x in items] == [
        (world.cluster_a.code, Decimal(200000))
    ]  # 30亿 − 10亿
    text = _text(client, world.users["office_admin"])
    assert "差 20亿元" in text
    assert "按2025年6月已审核数据" in text


def test_reporter_sees_the_cluster_progress_sentence(world, client):
    from clusterzone.reporting.models import Target

    ds = _dataset(world, [world.cluster_a])
    fai = _approved_fai(world, ds, world.cluster_a, "2025-06", 150000)
    Target.objects.create(cluster=world.cluster_a, indicator=fai, year=2025, value=Decimal(600000))
    text = _text(client, world.users["cluster_reporter"])
    assert "截至2025年6月底，完成固定资产投资15亿元，占全年目标的25%。" in text


def test_office_sees_the_latest_bulletin(world, client):
    from clusterzone.core.documents import document_issue
    from clusterzone.core.models import DocumentKind

    office = world.users["office_admin"]
    assert "尚未印发通报" in _text(client, office)
    doc = document_issue(
        actor=office,
        unit=office.unit,
        kind=DocumentKind.BULLETIN,
        title="关于2026年10月产业集聚区运行情况的通报",
        signed_on=dt.date(2026, 11, 20),
        render=lambda number: (b"docx", None),
    )
    text = _text(client, office)
    assert doc.number in text and "关于2026年10月产业集聚区运行情况的通报" in text
    assert "2026年11月20日" in text
