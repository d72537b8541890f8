"""A monthly form whose project counts arrive pre-filled from the project library: the reporter
overwrites one with a reason and submits; the review shows the difference."""

from datetime import date

import pytest

from clusterzone.projects.choices import Stage
from clusterzone.reporting.models import Submission, Value

from ..reporting.conftest import catalog  # noqa: F401 (fixtures)
from ..reporting.test_prefill import counts_ds, project  # noqa: F401 (fixtures)
from .test_reporting_browser import login

pytestmark = pytest.mark.browser


@pytest.fixture
def live(transactional_db, world, counts_ds):  # noqa: F811
    project(world.cluster_a, sign_date=date(2025, 4, 30))
    project(world.cluster_a, sign_date=date(2025, 5, 1))  # the next day: not in April
    project(world.cluster_a, stage=Stage.STARTED, sign_date=date(2025, 2, 1), start_date=date(2025, 4, 8))
    return world


def test_prefilled_counts_overwrite_one_with_a_reason_and_submit(live_server, live, page, shot):
    world = live
    base = live_server.url
    login(page, base, "cluster_reporter")
    page.goto(f"{base}/reporting/open/monthly_counts/{world.cluster_a.code}/2025-04/")
    page.wait_for_selector('[data-testid="entry-form"]')
    # the project counts arrive pre-filled, with their source named
    assert page.input_value("#id_v_projects_settled") == "2"
    assert page.input_value("#id_v_projects_started") == "1"
    assert page.input_value("#id_v_fai") == ""
    assert "签约日期" in page.inner_text('[data-testid="prefill-projects_settled"]')
    assert "已预填" in page.inner_text('[data-testid="prefill-projects_settled"]')
    shot("prefill-entry")

    page.fill("#id_v_fai", "15000")
    page.fill("#id_v_projects_started", "2")  # overwrite without a reason: refused
    page.click('[data-testid="save"]')
    page.wait_for_selector('[data-testid="form-errors"]')
    assert "改写须填写原因" in page.inner_text('[data-testid="form-errors"]')
    assert not Value.objects.filter(indicator__code="projects_started").exists()

    page.fill("#id_r_projects_started", "县里新开工项目尚未录入项目库")
    page.click('[data-testid="save"]')
    page.wait_for_selector("text=已保存")
    assert page.input_value("#id_v_projects_started") == "2"
    assert page.locator('[data-testid="differs-projects_started"]').count() == 1

    page.click('[data-testid="submit"]')
    page.wait_for_selector("text=已上报，等待联席办审核")
    detail_url = page.url
    page.click("text=退出")
    login(page, base, "office_staff")
    page.goto(detail_url)
    page.wait_for_selector('[data-testid="review-differences"]')
    diff = page.inner_text('[data-testid="review-differences"]')
    assert "新开工项目数" in diff and "县里新开工项目尚未录入项目库" in diff
    shot("prefill-review")

    sub = Submission.objects.get()
    assert sub.status == "submitted"
    v = Value.objects.get(indicator__code="projects_started")
    assert (v.value, v.prefill_value, v.override_reason) == (2, 1, "县里新开工项目尚未录入项目库")
    assert Value.objects.get(indicator__code="projects_settled").prefill_value == 2
