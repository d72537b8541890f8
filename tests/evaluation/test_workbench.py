"""The department liaison's workbench shows its unit's latest evaluation; the office's shows
the bottom-rated units; neither names a rater."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .test_api import _bulk


def test_liaison_sees_own_score_rank_and_flag(client, hand_made):
    client.force_login(hand_made.world.users["department_liaison"])
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="wb-unit-evaluation"' in html
    assert "97.50" in html and "第1名 / 共5个单位" in html
    assert 'data-testid="wb-flagged"' not in html
    assert "上蔡县产业集聚区管委会" not in html and "上蔡示例企业有限公司" not in html
    # the liaison's unit falls to the bottom: flagged
    hand_made.rate(hand_made.A, "2026-05", 10, "unsatisfied")
    hand_made.rate(hand_made.B, "2026-05", 90, "satisfied")
    hand_made.rate(hand_made.C, "2026-05", 80, "satisfied")
    hand_made.rate(hand_made.D, "2026-05", 85, "satisfied")
    html = client.get(reverse("home")).content.decode()
    assert "2026-05" in html and "第4名 / 共4个单位" in html and 'data-testid="wb-flagged"' in html


def test_office_sees_the_bottom_rated_units(client, hand_made):
    client.force_login(hand_made.world.users["office_staff"])
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="wb-bottom-units"' in html
    section = html.split('data-testid="wb-bottom-units"')[1].split("全部评议结果")[0]
    for name in ("驻马店市财政局", "驻马店市人社局", "驻马店市住建局"):
        assert name in section
    assert "驻马店市发改委" not in section


def test_workbench_query_count_constant(client, ev):
    for role in ("department_liaison", "office_staff"):
        client.force_login(ev.world.users[role])
        counts = []
        for n in (10, 490):
            _bulk(ev, n)
            client.get(reverse("home"))
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse("home")).status_code == 200
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], (role, counts)
