"""On a phone (390 px) and a desktop (1440 px): the menu behind a button on the phone, the
workbench readable, the entry form one column with its buttons reachable; the unsaved-change
guard stops 上报 until the typed value is saved, and 保存并上报 does both in one action.
Screenshots under test-results/."""

import pytest

from clusterzone.reporting.models import Submission

from ..reporting.conftest import catalog, monthly  # noqa: F401 (fixtures)
from .test_reporting_browser import login

pytestmark = pytest.mark.browser


@pytest.fixture
def live(transactional_db, world, monthly):  # noqa: F811
    return world


def _within_width(page, selector, width):
    box = page.locator(selector).bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_phone_and_desktop_layouts_and_the_unsaved_guard(live_server, live, page, shot):
    world, base = live, live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, "cluster_reporter")
    page.wait_for_selector('[data-testid="workbench"]')
    assert page.locator('[data-testid="menu-toggle"]').is_visible()
    assert not page.locator('[data-testid="app-menu"]').is_visible()
    assert _within_width(page, '[data-testid="workbench"]', 390)
    shot("phone-390-workbench")
    page.click('[data-testid="menu-toggle"]')
    page.wait_for_selector('[data-testid="app-menu"]', state="visible")
    shot("phone-390-menu-open")

    page.goto(f"{base}/reporting/open/monthly_test/{world.cluster_a.code}/2025-04/")
    page.wait_for_selector('[data-testid="entry-form"]')
    page.fill("#id_v_revenue", "17000")
    page.fill("#id_v_fai", "15000")
    # 上报 with unsaved changes: stopped, with the reason, nothing submitted
    page.locator('[data-testid="submit"]').scroll_into_view_if_needed()
    page.click('[data-testid="submit"]')
    page.wait_for_selector('[data-testid="unsaved-alert"]')
    assert "尚未保存" in page.inner_text('[data-testid="unsaved-alert"]')
    assert Submission.objects.get().status == "draft"
    # the buttons are reachable on the phone: inside the screen's width
    page.locator('[data-testid="save-submit"]').scroll_into_view_if_needed()
    assert _within_width(page, '[data-testid="save-submit"]', 390)
    assert _within_width(page, '[data-testid="save"]', 390)
    shot("phone-390-entry")
    page.click('[data-testid="save-submit"]')
    page.wait_for_selector("text=已保存并上报")
    assert Submission.objects.get().status == "submitted"

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{base}/")
    page.wait_for_selector('[data-testid="workbench"]')
    assert page.locator('[data-testid="app-menu"]').is_visible()
    assert not page.locator('[data-testid="menu-toggle"]').is_visible()
    shot("desktop-1440-workbench")
