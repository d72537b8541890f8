"""A user logs in, filters the cluster list, opens a cluster and reads its Chinese facts."""

from decimal import Decimal

import pytest

from clusterzone.registry.models import SubZone

from ..factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(transactional_db, world):
    c = world.cluster_b
    c.planned_area = Decimal("16.33")
    c.built_area = Decimal("5.2")
    c.star = 1
    c.save()
    SubZone.objects.create(cluster=c, name="北区", area=Decimal("9.65"), focus="新型建材")
    SubZone.objects.create(cluster=c, name="南区", area=Decimal("6.68"), focus="轻纺、旅游产品加工")
    return world


def test_login_filter_open_cluster(live_server, live_world, page, shot):
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    page.fill("#id_username", "province_admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector('[data-testid="count-clusters"]')
    assert page.inner_text('[data-testid="count-clusters"]') == "3"

    page.click("text=集聚区名录")
    page.wait_for_selector('[data-testid="list-table"]')
    assert "上蔡县产业集聚区" in page.inner_text('[data-testid="list-table"]')
    page.select_option("select[name=region]", "410400")  # 平顶山市: only 鲁山
    page.click('[data-testid="filter-form"] button[type=submit]')
    page.wait_for_url("**region=410400**")
    table = page.inner_text('[data-testid="list-table"]')
    assert "鲁山县产业集聚区" in table and "上蔡县产业集聚区" not in table
    shot("cluster-list-filtered")

    page.click("text=鲁山县产业集聚区")
    page.wait_for_selector('[data-testid="cluster-facts"]')
    facts = page.inner_text('[data-testid="cluster-facts"]')
    assert "规划面积" in facts and "16.33平方公里" in facts
    assert "一星级" in facts and "省定产业集聚区" in facts and "平顶山市 鲁山县" in facts
    zones = page.inner_text('[data-testid="subzones"]')
    assert "北区" in zones and "9.65平方公里" in zones and "合计" in zones
    shot("cluster-detail")
