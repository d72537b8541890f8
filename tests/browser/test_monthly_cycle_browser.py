"""The monthly cycle of a county office with ten clusters, walked in a real browser and counted
(page loads, clicks, fields typed per step; docs/monthly-cycle.md records the figures): the
office sees the open period, each of the ten reporters enters and submits (保存并上报), the
office reviews in the 待审核 queue, approves nine and returns one, the reporter corrects and
resubmits, the office approves it and sees progress, then publishes the month's ranking
(考核结果: compute, 发布) and issues the bulletin (通报起草与印发: 印发通报). Goal: the
office's part under 40 clicks."""

import json
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from clusterzone.accounts.choices import Role, UnitKind
from clusterzone.accounts.policy import SYSTEM
from clusterzone.assessment import services as scheme_services
from clusterzone.assessment.models import Run
from clusterzone.core.models import IssuedDocument
from clusterzone.reporting.models import DataSet, DataSetIndicator, Indicator, Submission
from clusterzone.workbench.selectors import open_period

from .. import factories as f
from ..factories import PASSWORD
from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser


@dataclass
class Counter:
    steps: dict = field(default_factory=dict)
    step: str = ""

    def _add(self, key, n=1):
        s = self.steps.setdefault(self.step, {"page_loads": 0, "clicks": 0, "fields": 0})
        s[key] += n

    def load(self, page, url):
        self._add("page_loads")
        page.goto(url)

    def click(self, page, selector, navigates=True):
        self._add("clicks")
        if navigates:
            self._add("page_loads")
            with page.expect_navigation():
                page.click(selector)
        else:
            page.click(selector)

    def fill(self, page, selector, value):
        self._add("fields")
        page.fill(selector, value)


@pytest.fixture
def county(transactional_db, world):
    office_unit = f.OrgUnitFactory(name="上蔡县产业集聚区发展联席会议办公室", region=world.shangcai)
    # the county office's administrator: reviews, publishes the ranking and issues the bulletin
    office = f.UserFactory(username="sc_office", unit=office_unit, roles=[Role.OFFICE_ADMIN])
    ds = DataSet.objects.create(
        code="cycle",
        name="月度统计",
        period_kind="monthly",
        due_days=5,
        region=world.henan,
        scope_rule="explicit",  # the county's ten clusters, added below
    )
    for order, (code, name) in enumerate([("revenue", "主营业务收入"), ("fai", "固定资产投资")]):
        ind, _ = Indicator.objects.get_or_create(
            code=code, defaults={"name": name, "unit": "万元", "kind": "flow"}
        )
        DataSetIndicator.objects.create(dataset=ds, indicator=ind, order=order)
    password = make_password(PASSWORD)
    reporters = []
    for i in range(10):
        committee = f.OrgUnitFactory(
            name=f"上蔡第{i + 1}集聚区管委会", region=world.shangcai, kind=UnitKind.COMMITTEE
        )
        cluster = f.ClusterFactory(
            code=f"4117229{i}", name=f"上蔡第{i + 1}集聚区", region=world.shangcai, committee=committee
        )
        ds.clusters.add(cluster)
        user = f.UserFactory(username=f"sc_rep{i}", unit=committee, roles=[Role.CLUSTER_REPORTER])
        user.password = password
        user.save()
        reporters.append((user, cluster))
    # the county's monthly ranking (月评比), set up beforehand (not part of the month): it ranks
    # on the cumulative figures to the month being closed (its `period`), not on year-end ones
    month = open_period(ds, timezone.localdate())
    year = month.year
    scheme_services.scheme_save(
        actor=SYSTEM,
        scheme=None,
        definition={
            "name": f"{year}年度上蔡县产业集聚区考核评价",
            "year": year,
            "region": world.shangcai.code,
            "period": str(month),
            "dimensions": [
                {
                    "name": "经济总量",
                    "indicators": [
                        {"indicator": "revenue", "measure": "value", "weight": 60, "method": "linear"},
                        {"indicator": "fai", "measure": "value", "weight": 40, "method": "linear"},
                    ],
                }
            ],
        },
    )
    return office, ds, reporters


def _login(c, page, base, username):
    c.load(page, f"{base}/login/")
    c.fill(page, "#id_username", username)
    c.fill(page, "#id_password", PASSWORD)
    c.click(page, "button[type=submit]")


def _logout(page):
    page.context.clear_cookies()


def _report(c, page, base, username, period_label, revenue, fai):
    _login(c, page, base, username)  # lands on the workbench
    # the row of the period itself (a due date of the month before may carry the same text)
    c.click(page, f'[data-testid="my-form"]:has(td:text-is("{period_label}")) [data-testid="open-form"]')
    c.fill(page, "#id_v_revenue", revenue)
    c.fill(page, "#id_v_fai", fai)
    c.click(page, '[data-testid="save-submit"]')
    page.wait_for_selector("text=已保存并上报")
    _logout(page)


def test_a_county_office_month_in_few_steps(live_server, county, page, shot):
    office, ds, reporters = county
    base, c = live_server.url, Counter()
    period = open_period(ds, timezone.localdate())

    c.step = "1 联席办看本期报送"
    _login(c, page, base, office.username)
    text = page.inner_text('[data-testid="wb-open_periods"]')
    assert period.label in text and "0/10" in page.inner_text(
        '[data-testid="wb-open_periods"] [data-testid="wb-period"]'
    ).replace(" ", "")
    _logout(page)

    c.step = "2 十个集聚区填报并上报"
    for i, (user, _cluster) in enumerate(reporters):
        _report(c, page, base, user.username, period.label, str(10000 + i * 1000), str(8000 + i * 500))
    assert Submission.objects.filter(status="submitted").count() == 10

    c.step = "3 联席办审核：通过九份、退回一份"
    _login(c, page, base, office.username)
    c.click(page, '[data-testid="wb-submitted"]')
    assert page.locator('[data-testid="queue-row"]').count() == 10
    c.fill(
        page,
        '[data-testid="queue-row"] >> nth=0 >> [data-testid="queue-reason"]',
        "固定资产投资请按统计局口径核实",
    )
    c.click(page, '[data-testid="queue-row"] >> nth=0 >> [data-testid="queue-return"]')
    for _ in range(9):
        c.click(page, '[data-testid="queue-row"] >> nth=0 >> [data-testid="queue-approve"]')
    assert Submission.objects.filter(status="approved").count() == 9
    returned = Submission.objects.get(status="returned")
    _logout(page)

    c.step = "4 填报员按退回原因修改后重报"
    user = next(u for u, cl in reporters if cl.pk == returned.cluster_id)
    _login(c, page, base, user.username)
    assert "固定资产投资请按统计局口径核实" in page.inner_text('[data-testid="wb-my_forms"]')
    c.click(page, '[data-testid="wb-returned-forms"] a')
    c.fill(page, "#id_v_fai", "8100")
    c.click(page, '[data-testid="save-submit"]')
    page.wait_for_selector("text=已保存并上报")
    _logout(page)

    c.step = "5 联席办审核重报并查看进度"
    _login(c, page, base, office.username)
    c.click(page, '[data-testid="wb-submitted"]')
    c.click(page, '[data-testid="queue-row"] >> nth=0 >> [data-testid="queue-approve"]')
    assert Submission.objects.filter(status="approved").count() == 10
    c.click(page, 'a.nav-link:has-text("进度总览")')
    assert "上蔡第1集聚区" in page.content()
    shot("monthly-cycle-progress")

    c.step = "6 联席办发布排名并印发通报"
    c.click(page, 'a.nav-link:has-text("考核方案")')
    c.click(page, '[data-testid="scheme-table"] a:has-text("上蔡县产业集聚区考核评价")')
    c.click(page, '[data-testid="run-create"]')
    c.click(page, '[data-testid="run-publish"]')
    assert page.inner_text('[data-testid="run-status"]').strip() == "已发布"
    run = Run.objects.get(status="published", region__code=office.unit.region.code)
    # the month's ranking has figures: every cluster ranked on its 1-N月 cumulative figures
    assert run.period == str(period) and run.period_label in page.inner_text("body")
    top = run.results.get(rank=1)
    assert top.score > 0 and run.results.filter(rank__isnull=False).count() == 10
    assert top.cluster.name in page.inner_text('[data-testid="result-table"]')
    c.click(page, 'a.nav-link:has-text("通报起草与印发")')
    assert period.label.split("年")[0] in page.inner_text('[data-testid="draft-title"]')
    assert run.title in page.content()  # 根据……（YYYY年1-N月），参加排名的……
    c.click(page, '[data-testid="issue-bulletin"]')
    page.wait_for_selector('[data-testid="document-row"]')
    issued = IssuedDocument.objects.get(kind="bulletin")
    assert issued.number in page.inner_text('[data-testid="document-table"]')
    c.click(page, 'a.nav-link:has-text("工作台")')
    assert issued.number in page.inner_text('[data-testid="wb-bulletin"]')
    shot("monthly-cycle-bulletin")

    office_steps = [s for s in c.steps if s.startswith(("1", "3", "5", "6"))]
    office_clicks = sum(c.steps[s]["clicks"] for s in office_steps)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "monthly-cycle-counts.json").write_text(
        json.dumps({"steps": c.steps, "office_clicks": office_clicks}, ensure_ascii=False, indent=2)
    )
    assert office_clicks < 40, c.steps
