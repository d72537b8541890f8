"""core.bulk: inserts near the speed of a raw write (COPY on PostgreSQL) that still give every
column its value: the text is escaped, NULLs stay NULL, defaults and timestamps are filled,
and the new primary keys come back in order — on both engines."""

import datetime as dt

from clusterzone.core.bulk import analyze, insert_objects, insert_rows
from clusterzone.core.models import HolidayOverride


def test_rows_with_awkward_text_and_defaults_round_trip(db):
    rows = [
        {"day": dt.date(2031, 1, 1), "is_workday": False, "name": "元旦\t假期\\一\n二"},
        {"day": dt.date(2031, 1, 2), "is_workday": True, "name": ""},
    ]
    ids = insert_rows(HolidayOverride, rows, want_ids=True)
    got = {h.pk: h for h in HolidayOverride.objects.filter(pk__in=ids)}
    assert [got[i].day for i in ids] == [dt.date(2031, 1, 1), dt.date(2031, 1, 2)]
    first = got[ids[0]]
    assert first.name == "元旦\t假期\\一\n二" and first.is_workday is False
    assert first.created_at is not None and first.updated_at is not None
    assert got[ids[1]].name == "" and got[ids[1]].is_workday is True


def test_objects_get_their_keys_and_nothing_without_want_ids(db):
    objs = [HolidayOverride(day=dt.date(2032, 5, d), is_workday=False, name=f"假{d}") for d in (1, 2, 3)]
    insert_objects(HolidayOverride, objs)
    assert all(o.pk for o in objs)
    assert HolidayOverride.objects.get(pk=objs[2].pk).name == "假3"
    assert insert_rows(HolidayOverride, [{"day": dt.date(2033, 1, 1), "is_workday": True}]) is None
    assert HolidayOverride.objects.get(day=dt.date(2033, 1, 1)).name == ""
    analyze(HolidayOverride)  # a no-op on SQLite, ANALYZE on PostgreSQL: must not fail
