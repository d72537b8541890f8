"""Constant query counts at 10 and 500 rows for the supervision lists not covered beside their
features: the statistics page and the 督查通报 preview, the supervision workbench (liaison and
office), a problem's acts, and the notification inbox."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.notifications.models import Notification
from clusterzone.supervision.ladder import ladder_for
from clusterzone.supervision.models import (
    ActionItem,
    ActionProgress,
    Interview,
    Meeting,
    Problem,
    ProblemAct,
    WorkMilestone,
    WorkProgress,
    WorkTask,
)

SIZES = (10, 490)  # 10 rows, then 500


def _counts(client, url, fill, world):
    counts = []
    for n in SIZES:
        fill(world, n)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        assert r.status_code == 200, url
        counts.append(len(ctx.captured_queries))
    return counts


def _problems_of_many_units(world, n):
    """n units, each with a problem closed on time in November 2026 and one still open and red."""
    start = OrgUnit.objects.count()
    units = OrgUnit.objects.bulk_create(
        [OrgUnit(name=f"统计单位{start + i}", kind=UnitKind.DEPARTMENT, region=world.zmd) for i in range(n)]
    )
    level = ladder_for(world.shangcai)[0]
    common = {"cluster": world.cluster_a, "category": "other", "level": level, "raised_on": date(2026, 11, 2)}
    Problem.objects.bulk_create(
        [Problem(title=f"已办结{u.pk}", responsible_unit=u, deadline=date(2026, 11, 9), status="closed",
                 closed_on=date(2026, 11, 6), satisfaction="satisfied", **common) for u in units]
        + [Problem(title=f"超期{u.pk}", responsible_unit=u, deadline=date(2026, 11, 9), **common) for u in units]
    )  # fmt: skip


@pytest.mark.parametrize("url", ["/supervision/statistics/?period=2026-11",
                                 "/supervision/statistics/bulletin.docx?period=2026-11"])  # fmt: skip
def test_statistics_and_bulletin_preview(world, client, url):
    client.force_login(world.users["office_staff"])
    counts = _counts(client, url, _problems_of_many_units, world)
    assert counts[0] == counts[1], counts


def _unit_items(world, n):
    meeting = Meeting.objects.create(
        region=world.zmd, kind="weekly", title="周例会", held_on=date(2026, 11, 2)
    )
    items = ActionItem.objects.bulk_create(
        [ActionItem(meeting=meeting, content=f"督办{i}", owner_unit=world.dept, deadline=date(2026, 12, 1))
         for i in range(n)]
    )  # fmt: skip
    through = ActionItem.participants.through
    through.objects.bulk_create([through(actionitem_id=a.pk, orgunit_id=world.zmd_office.pk) for a in items])
    ActionProgress.objects.bulk_create(
        [ActionProgress(item=a, reported_on=date(2026, 11, 20), share=30, content="x") for a in items]
    )
    start = WorkTask.objects.count()
    tasks = WorkTask.objects.bulk_create(
        [WorkTask(region=world.zmd, year=2026, number=str(start + i), position=start + i, title=f"分工{i}",
                  lead_unit=world.dept) for i in range(n)]
    )  # fmt: skip
    WorkMilestone.objects.bulk_create(
        [WorkMilestone(task=t, due=date(2026, 10, 31), planned_share=80) for t in tasks]
    )
    WorkProgress.objects.bulk_create(
        [WorkProgress(task=t, reported_on=date(2026, 11, 1), share=20, content="x") for t in tasks]
    )
    start = OrgUnit.objects.count()
    units = OrgUnit.objects.bulk_create(
        [OrgUnit(name=f"约谈单位{start + i}", kind=UnitKind.DEPARTMENT, region=world.zmd) for i in range(n)]
    )
    Interview.objects.bulk_create([Interview(unit=u, period="2026-11", red_items=[]) for u in units])
    level = ladder_for(world.shangcai)[0]
    Problem.objects.bulk_create(
        [Problem(cluster=world.cluster_a, category="other", level=level, raised_on=date(2026, 11, 2),
                 title=f"本单位问题{i}", responsible_unit=world.dept, deadline=date(2026, 11, 20)) for i in range(n)]
    )  # fmt: skip


@pytest.mark.parametrize("role", ["department_liaison", "office_staff"])
def test_supervision_workbench(world, client, role):
    client.force_login(world.users[role])
    counts = _counts(client, "/supervision/?as_of=2026-12-04", _unit_items, world)
    assert counts[0] == counts[1], counts


def test_problem_acts(world, client):
    level = ladder_for(world.shangcai)[0]
    problem = Problem.objects.create(
        cluster=world.cluster_a, category="other", level=level, raised_on=date(2026, 11, 2), title="问题",
        responsible_unit=world.dept, deadline=date(2026, 11, 20),
    )  # fmt: skip

    def fill(world, n):
        ProblemAct.objects.bulk_create(
            [ProblemAct(problem=problem, kind="assign", actor=world.users["office_staff"], on=date(2026, 11, 3),
                        to_status="in_progress", level=level, unit=world.dept) for _ in range(n)]
        )  # fmt: skip

    client.force_login(world.users["office_staff"])
    counts = _counts(client, f"/api/problems/{problem.pk}/acts/", fill, world)
    assert counts[0] == counts[1], counts


def test_notification_inbox(world, client):
    user = world.users["department_liaison"]

    def fill(world, n):
        start = Notification.objects.count()
        Notification.objects.bulk_create(
            [Notification(recipient=user, event="problem.assigned", key=f"k{start + i}", title=f"通知{i}")
             for i in range(n)]
        )  # fmt: skip

    client.force_login(user)
    counts = _counts(client, "/notifications/", fill, world)
    assert counts[0] == counts[1], counts
