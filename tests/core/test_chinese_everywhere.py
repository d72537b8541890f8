"""Chinese everywhere: times in Asia/Shanghai on pages, exports and the API; Chinese error
pages inside the layout with a way back; Simplified Chinese for an English browser."""

import datetime as dt
import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from clusterzone.core.periods import Period
from clusterzone.reporting.models import DataSet, Submission

# 2026-11-30 17:30 UTC is 2026-12-01 01:30 in 上海: a UTC page shows the wrong day
UTC_EVENING = dt.datetime(2026, 11, 30, 17, 30, tzinfo=dt.UTC)


def _submission(world):
    ds = DataSet.objects.create(
        code="tz_monthly", name="月度统计", period_kind="monthly", due_days=5, region=world.henan
    )
    p = Period.parse("2026-11")
    return Submission.objects.create(
        dataset=ds,
        cluster=world.cluster_a,
        period=str(p),
        period_end=p.end,
        due_date=ds.due_date(p),
        status="submitted",
        submitted_at=UTC_EVENING,
    )


def test_submission_time_in_shanghai_on_page_export_and_api(world, client):
    s = _submission(world)
    client.force_login(world.users["office_admin"])
    url = reverse("reporting:submission_list")
    text = client.get(url).content.decode()
    assert "2026年12月1日 01:30" in text and "2026-11-30 17:30" not in text
    wb = load_workbook(io.BytesIO(client.get(url + "?export=xlsx").content))
    cells = [c for row in wb.active.iter_rows(values_only=True) for c in row]
    assert dt.datetime(2026, 12, 1, 1, 30) in cells
    data = client.get(f"/api/submissions/{s.pk}/").json()
    assert data["submitted_at"] == "2026-12-01T01:30:00+08:00"


def test_404_is_chinese_inside_the_layout_with_a_way_back(world, client):
    client.force_login(world.users["office_admin"])
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 404
    text = response.content.decode()
    assert "页面不存在" in text and 'data-testid="error-home"' in text
    assert "主菜单" in text  # the layout's menu
    assert "Not Found" not in text


def test_403_and_500_pages_are_chinese(world, rf):
    from django.core.exceptions import PermissionDenied
    from django.views import defaults

    request = rf.get("/x/")
    request.user = world.users["readonly"]
    text = defaults.permission_denied(request, PermissionDenied()).content.decode()
    assert "没有权限" in text and "返回工作台" in text
    response = defaults.server_error(request)
    assert response.status_code == 500 and "系统出错" in response.content.decode()


def test_csrf_failure_is_chinese_inside_the_layout(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["office_admin"])
    response = client.post(reverse("logout"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    text = response.content.decode()
    assert "页面已过期" in text and "主菜单" in text and "CSRF verification failed" not in text


def test_an_english_browser_gets_chinese(world, client):
    client.force_login(world.users["office_admin"])
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response.headers["Content-Language"] == "zh-hans"
    assert "Log out" not in response.content.decode()
