"""A reporter raises a problem, the office assigns it, the department answers, the office
escalates it one level, it is closed with a satisfaction rating, and the department
liaison sees the result on the workbench."""

import pytest

from ..factories import PASSWORD

pytestmark = pytest.mark.browser


def _login(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/login/?next=/supervision/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_problem_loop_in_the_browser(live_server, transactional_db, world, page, shot):
    url = live_server.url
    _login(page, url, "cluster_reporter")
    page.goto(f"{url}/supervision/problems/add/")
    page.select_option("#id_cluster", str(world.cluster_a.pk))
    page.fill("#id_title", "园区道路断头路未打通")
    page.select_option("#id_category", "infrastructure")
    page.select_option("#id_responsible_unit", str(world.dept.pk))
    page.fill("#id_raised_on", "2026-02-12")
    page.fill("#id_deadline_days", "5")
    page.click("button[type=submit]")
    page.wait_for_selector('[data-testid="problem-facts"]')
    assert page.inner_text('[data-testid="problem-status"]') == "待交办"
    assert "2026年2月26日" in page.inner_text('[data-testid="problem-deadline"]')
    problem_url = page.url

    _login(page, url, "office_staff")
    page.goto(problem_url)
    page.fill('[data-testid="assign-form"] [name=responsible_person]', "刘科长")
    page.click('[data-testid="do-assign"]')
    page.wait_for_selector('[data-testid="problem-status"]:has-text("办理中")')

    _login(page, url, "department_liaison")
    page.goto(problem_url)
    page.fill('[data-testid="feedback-form"] [name=comment]', "已纳入年度道路建设计划")
    page.click('[data-testid="do-feedback"]')
    page.wait_for_selector('[data-testid="problem-status"]:has-text("已反馈")')

    _login(page, url, "office_staff")
    page.goto(problem_url)
    page.fill('[data-testid="escalate-form"] [name=reason]', "征迁资金需联席会议研究")
    page.click('[data-testid="do-escalate"]')
    page.wait_for_selector('[data-testid="problem-level"]:has-text("联席会议")')
    page.select_option('[data-testid="close-form"] [name=satisfaction]', "satisfied")
    page.click('[data-testid="do-close"]')
    page.wait_for_selector('[data-testid="problem-status"]:has-text("已办结")')
    assert page.inner_text('[data-testid="problem-satisfaction"]') == "满意"
    acts = page.inner_text('[data-testid="problem-acts"]')
    for step in ("登记", "交办", "反馈", "上报", "办结销号"):
        assert step in acts
    shot("problem-closed")

    _login(page, url, "department_liaison")
    page.goto(f"{url}/supervision/")
    closed = page.inner_text('[data-testid="closed"]')
    assert "园区道路断头路未打通" in closed and "联席会议" in closed and "满意" in closed
    shot("liaison-workbench")
