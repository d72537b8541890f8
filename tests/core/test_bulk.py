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


def test_objects_in_several_chunks_keep_their_order_and_keys(db, monkeypatch):
    from clusterzone.core import bulk

    monkeypatch.setattr(bulk, "CHUNK", 2)
    objs = [HolidayOverride(day=dt.date(2034, 3, d), is_workday=False, name=f"块{d}") for d in range(1, 6)]
    insert_objects(HolidayOverride, objs)
    assert [HolidayOverride.objects.get(pk=o.pk).name for o in objs] == [f"块{d}" for d in range(1, 6)]


def _indexes(table):
    from django.db import connection

    with connection.cursor() as cur:
        return sorted(
            c["columns"].__repr__() + str(c["unique"])
            for c in connection.introspection.get_constraints(cur, table).values()
            if c["index"]
        )


def test_deferred_indexes_are_built_again_after_the_load(db):
    """On PostgreSQL the secondary indexes are dropped for the block and built again after it
    (the unique ones stay and keep checking); on SQLite nothing changes. Either way the table
    ends with the same indexes and the rows loaded."""
    from django.db import IntegrityError, connection, transaction

    from clusterzone.core.bulk import deferred_indexes
    from clusterzone.reporting.models import Value

    table = Value._meta.db_table
    before = _indexes(table)
    with transaction.atomic():
        with deferred_indexes(Value):
            during = _indexes(table)
            insert_rows(HolidayOverride, [{"day": dt.date(2035, 1, 1), "is_workday": True}])
    assert _indexes(table) == before
    assert HolidayOverride.objects.filter(day=dt.date(2035, 1, 1)).exists()
    if connection.vendor == "postgresql":
        assert len(during) < len(before)  # the secondary ones were gone during the load
        unique = [i for i in before if i.endswith("True")]
        assert all(i in during for i in unique)
    else:
        assert during == before
    try:  # an error inside the block: the rollback restores the indexes
        with transaction.atomic():
            with deferred_indexes(Value):
                raise IntegrityError("stop")
    except IntegrityError:
        pass
    assert _indexes(table) == before
