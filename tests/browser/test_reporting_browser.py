"""A reporter enters and submits a monthly report; the joint-meeting office approves it."""

import pytest

from clusterzone.reporting.models import Submission, Value

from ..factories import PASSWORD
from ..reporting.conftest import catalog, monthly  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture
def live(transactional_db, world, monthly):  # noqa: F811
    return world


def login(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector('[data-testid="current-user"]')


def test_reporter_enters_and_submits_office_approves(live_server, live, page, shot):
    world = live
    base = live_server.url
    login(page, base, "cluster_reporter")
    # the due-list's link: opens (creates) the April report and lands on its entry form
    page.goto(f"{base}/reporting/open/monthly_test/{world.cluster_a.code}/2025-04/")
    page.wait_for_selector('[data-testid="entry-form"]')
    assert page.inner_text('[data-testid="status"]') == "草稿"
    assert "2025年4月" in page.inner_text('[data-testid="submission-facts"]')

    # a typing mistake first: refused beside the field, nothing written
    page.fill("#id_v_revenue", "17,000")
    page.fill("#id_v_fai", "abc")
    page.click('[data-testid="save"]')
    page.wait_for_selector('[data-testid="error-fai"]')
    assert "不是有效的数字" in page.inner_text('[data-testid="error-fai"]')
    assert not Value.objects.exists()

    page.fill("#id_v_fai", "15000")
    page.fill("#id_v_fai_industrial", "9000")
    page.fill("#id_v_fai_infrastructure", "6000")
    page.fill("#id_v_tax", "800")
    page.fill("#id_v_employees", "5200")
    page.click('[data-testid="save"]')
    page.wait_for_selector("text=已保存")
    assert page.input_value("#id_v_revenue") == "17000"
    assert "17000" in page.inner_text('[data-testid="value-history"]')
    shot("reporting-entry-saved")

    page.click('[data-testid="submit"]')
    page.wait_for_selector("text=已上报，等待联席办审核")
    assert page.inner_text('[data-testid="status"]') == "已上报"
    assert page.locator("#id_v_revenue").count() == 0  # no longer editable
    detail_url = page.url

    page.click("text=退出")
    login(page, base, "office_staff")
    page.goto(detail_url)
    page.wait_for_selector('[data-testid="approve"]')
    assert "17000" in page.inner_text('[data-testid="entry-table"]')
    page.click('[data-testid="approve"]')
    page.wait_for_selector("text=已审核通过，数据已锁定")
    assert page.inner_text('[data-testid="status"]') == "已审核"
    events = page.inner_text('[data-testid="events"]')
    assert "审核通过" in events and "上报" in events and "保存数据" in events
    assert page.locator('[data-testid="reopen"]').count() == 1
    shot("reporting-entry-approved")

    sub = Submission.objects.get()
    assert sub.status == "approved" and sub.is_locked
    assert Value.objects.get(indicator__code="revenue").value == 17000
