"""The supervision workbench: a department liaison sees its unit's problems, action items
and division-of-work tasks by light; the office sees all in scope; constant queries."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.supervision.models import ActionItem, Meeting, WorkTask

from .. import factories as f


def _fill(world, n, start=0):
    other = f.OrgUnitFactory(name=f"驻马店市其他局{start}", region=world.zmd)
    meeting = Meeting.objects.create(
        region=world.zmd, kind="weekly", title="周例会", held_on=date(2026, 11, 2)
    )
    for i in range(start, start + n):
        mine = ActionItem.objects.create(meeting=meeting, content=f"本单位督办{i}", owner_unit=world.dept,
                                         deadline=date(2026, 12, 1))  # fmt: skip
        mine.participants.set([other])
        ActionItem.objects.create(
            meeting=meeting, content=f"他单位督办{i}", owner_unit=other, deadline=date(2026, 12, 31)
        )
        t = WorkTask.objects.create(region=world.zmd, year=2026, number=str(i), title=f"本单位分工{i}",
                                    lead_unit=world.dept)  # fmt: skip
        t.milestones.create(due=date(2026, 10, 31), planned_share=80)
        t.reports.create(reported_on=date(2026, 11, 1), share=20, content="x")
        WorkTask.objects.create(
            region=world.zmd, year=2026, number=f"9{i}", title=f"他单位分工{i}", lead_unit=other
        )


def test_liaison_sees_its_units_items_and_office_sees_all(world, client):
    _fill(world, 2)
    client.force_login(world.users["department_liaison"])
    page = client.get(reverse("supervision:workbench"), {"as_of": "2026-12-04"}).content.decode()
    assert "本单位督办0" in page and "他单位督办0" not in page
    assert "本单位分工1" in page and "他单位分工1" not in page
    assert "红灯" in page  # overdue action items and tasks 60 points behind
    client.force_login(world.users["office_staff"])
    page = client.get(reverse("supervision:workbench"), {"as_of": "2026-12-04"}).content.decode()
    assert "他单位督办0" in page and "他单位分工1" in page


def test_workbench_queries_constant(world, client):
    client.force_login(world.users["department_liaison"])
    counts = []
    for n, start in ((3, 0), (12, 100)):
        _fill(world, n, start)
        client.get(reverse("supervision:workbench"))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("supervision:workbench"), {"as_of": "2026-12-04"}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
