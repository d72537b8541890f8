"""A department's liaison records a project's case from acceptance through a 补正 pause to
completion, and sees it on the project's approval timeline."""

from decimal import Decimal

import pytest

from clusterzone.accounts.policy import SYSTEM
from clusterzone.approvals.models import ApprovalMatter
from clusterzone.projects import services as project_services

from ..factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def live_project(transactional_db, world):
    ApprovalMatter.objects.create(
        code="411722-101",
        name="企业投资项目备案",
        stage=1,
        department=world.dept,
        statutory_days=20,
        promised_days=10,
    )
    return project_services.project_create(
        actor=SYSTEM,
        data={
            "name": "力量新材料金刚石微粉项目",
            "total_investment": Decimal(50000),
            "cluster": world.cluster_a,
        },
    )


def test_case_from_acceptance_through_pause_to_completion(live_server, live_project, page, shot):
    page.goto(f"{live_server.url}/approvals/projects/{live_project.pk}/")
    page.fill("#id_username", "department_liaison")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector('[data-testid="plan-summary"]')
    page.click('[data-testid="add-case"]')
    page.select_option("#id_matter", label="411722-101 企业投资项目备案")
    page.fill("#id_accepted_on", "2026-09-28")
    page.click("button[type=submit]")
    page.wait_for_selector('[data-testid="case-facts"]')
    assert page.inner_text('[data-testid="case-due"]').startswith("2026年10月16日")
    assert page.inner_text('[data-testid="case-status"]') == "办理中"

    page.select_option("#id_pause-kind", "correction")
    page.fill("#id_pause-on", "2026-10-12")
    page.fill("#id_pause-reason", "补正：缺少项目选址红线图")
    page.click('[data-testid="act-pause"] button[type=submit]')
    page.wait_for_selector('[data-testid="act-resume"]')
    assert page.inner_text('[data-testid="case-status"]') == "暂停计时"
    page.fill("#id_resume-on", "2026-10-15")
    page.click('[data-testid="act-resume"] button[type=submit]')
    page.wait_for_selector('[data-testid="act-complete"]')
    assert page.inner_text('[data-testid="case-due"]').startswith("2026年10月21日")
    assert "3个工作日" in page.inner_text('[data-testid="case-paused"]')

    page.fill("#id_complete-on", "2026-10-21")
    page.select_option("#id_complete-result", "approved")
    page.click('[data-testid="act-complete"] button[type=submit]')
    page.wait_for_selector('[data-testid="on-time"]')
    assert "10个工作日" in page.inner_text('[data-testid="case-used"]')
    assert "补录" in page.inner_text('[data-testid="events"]')
    shot("approval-case")

    page.click('[data-testid="plan-link"]')
    page.wait_for_selector('[data-testid="timeline-chart"] canvas')
    assert "已办结 1" in page.inner_text('[data-testid="stage-1"]')
    series = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById('timeline-chart')).getOption().series
              .map(s => [s.name, s.data.length])"""
    )
    named = dict(series)
    assert named["立项用地规划许可"] == 1  # the case's bar, coloured by its stage
    assert named["暂停计时"] == 1  # its 补正 pause drawn over it
    shot("approval-timeline")
