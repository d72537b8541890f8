"""Statistics per unit and month (received, closed, on time, average working days,
satisfaction, escalations), the page with its chart, constant queries, and the monthly
督查通报 naming the red items."""

import io
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.periods import Period
from clusterzone.supervision import services, statistics

from .. import factories as f


def _closed(raise_problem, world, *, raised, closed, satisfaction, days=5, title="问题"):
    p = raise_problem(actor=SYSTEM, raised_on=raised, deadline_days=days, title=title)
    services.problem_assign(actor=SYSTEM, problem=p, on=raised)
    services.problem_feedback(actor=SYSTEM, problem=p, comment="已办理", on=closed)
    services.problem_close(actor=SYSTEM, problem=p, satisfaction=satisfaction, on=closed)
    return p


def test_unit_statistics_of_a_month(world, raise_problem):
    # 2026-11-02 (Mon) + 5 working days = 11-09
    _closed(
        raise_problem, world, raised=date(2026, 11, 2), closed=date(2026, 11, 6), satisfaction="satisfied"
    )
    _closed(
        raise_problem, world, raised=date(2026, 11, 2), closed=date(2026, 11, 13), satisfaction="basically"
    )
    late = raise_problem(actor=SYSTEM, raised_on=date(2026, 11, 3), deadline_days=3, title="超期问题")
    services.problem_assign(actor=SYSTEM, problem=late, on=date(2026, 11, 3))
    services.problem_escalate(actor=SYSTEM, problem=late, reason="县级无法解决", on=date(2026, 11, 20))
    raise_problem(actor=SYSTEM, raised_on=date(2026, 10, 30), title="上月问题")
    rows = statistics.unit_statistics(user=world.users["office_admin"], period=Period.parse("2026-11"))
    assert len(rows) == 1
    r = rows[0]
    assert r.unit == world.dept
    assert (r.received, r.closed, r.on_time, r.escalated) == (3, 2, 1, 1)
    assert str(r.on_time_rate) == "50.0" and str(r.satisfaction_rate) == "100.0"
    assert str(r.average_days) == "6.5"  # 4 and 9 working days
    other = statistics.unit_statistics(user=world.users["other_admin"], period=Period.parse("2026-11"))
    assert other == []  # outside the 平顶山 office's scope


def test_statistics_page_and_bulletin(world, raise_problem, client):
    late = raise_problem(
        actor=SYSTEM, raised_on=date(2026, 11, 2), deadline_days=3, title="标准化厂房用地超期"
    )
    services.problem_assign(actor=SYSTEM, problem=late, on=date(2026, 11, 2))
    _closed(
        raise_problem, world, raised=date(2026, 11, 2), closed=date(2026, 11, 6), satisfaction="unsatisfied"
    )
    client.force_login(world.users["office_staff"])
    url = reverse("supervision:statistics")
    page = client.get(url, {"period": "2026-11"}).content.decode()
    assert "驻马店市发改委" in page and 'data-testid="unit-chart"' in page
    response = client.get(reverse("supervision:bulletin"), {"period": "2026-11"})
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "关于2026年11月问题办理和督办事项落实情况的通报" in text
    assert "标准化厂房用地超期" in text and "超期未办结" in text
    assert "共受理问题2件" in text


def test_statistics_queries_constant(world, raise_problem, client):
    client.force_login(world.users["office_staff"])
    counts = []
    for n in (2, 8):
        for i in range(n):
            unit = f.OrgUnitFactory(name=f"统计单位{n}-{i}", region=world.zmd)
            _closed(raise_problem, world, raised=date(2026, 11, 2), closed=date(2026, 11, 6),
                    satisfaction="satisfied")  # fmt: skip
            raise_problem(actor=SYSTEM, raised_on=date(2026, 11, 4), responsible_unit=unit)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("supervision:statistics"), {"period": "2026-11"}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
