"""The shared chart renderer (static/js/charts.js) in a real browser: the progress page draws
the cumulative chart and, apart, the growth chart from the options built in Python, in the
palette's colours; an indicator without data shows its message instead of empty axes."""

import pytest
from django.urls import reverse

from clusterzone.core import charts

from ..factories import PASSWORD
from ..reporting.conftest import catalog, lushan_targets, monthly  # noqa: F401 (fixtures)
from ..reporting.test_progress import load_lushan

pytestmark = pytest.mark.browser


@pytest.fixture
def lushan(transactional_db, world, catalog, monthly, lushan_targets):  # noqa: F811
    return load_lushan(world, monthly)


def test_progress_charts_render_apart_and_empty_ones_say_why(live_server, lushan, world, page, shot):
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("#id_username", world.users["other_admin"].username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector('[data-testid="current-user"]')
    page.goto(base + reverse("reporting:cluster_progress", args=[lushan.code]) + "?period=2025-04")
    page.wait_for_selector('[data-testid="chart-fai"] canvas')
    page.wait_for_selector('[data-testid="chart-fai-growth"] canvas')
    cumulative = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById('chart-fai')).getOption().series
               .map(s => [s.name, s.itemStyle.color])"""
    )
    growth = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById('chart-fai-growth')).getOption().series
               .map(s => [s.name, s.type, s.itemStyle.color])"""
    )
    assert cumulative == [
        ["本年累计", charts.colour("current")],
        ["按时间进度应完成", charts.colour("schedule")],
    ]
    assert growth == [["同比增长（%）", "bar", charts.colour("yoy")]]
    # 税收 has this April but no figure last year: its growth chart is a message, no canvas
    tax_growth = page.locator('[data-testid="chart-tax-growth"]')
    assert tax_growth.locator("canvas").count() == 0
    assert "无法计算同比" in tax_growth.locator('[data-testid="chart-empty"]').inner_text()
    page.wait_for_selector('[data-testid="chart-tax"] canvas')  # its cumulative chart is drawn
    shot("progress-charts")
