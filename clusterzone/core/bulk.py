"""Bulk inserts near the speed of a raw write: PostgreSQL's COPY where the ORM's per-object
work is the bottleneck, the ORM's bulk_create elsewhere.

    ids = insert_rows(Value, [{"cluster_id": 1, "indicator_id": 2, ...}, ...], want_ids=True)

Rows are dicts of column attnames (``cluster_id``, not ``cluster``) to Python values, already
valid (the caller validated them: no model validation, no signals, no auto_now — give every
column a value). With ``want_ids`` the primary keys are returned in the order of the rows; on
PostgreSQL they are taken from the table's sequence first (one statement), then written by
COPY with the rows, so a bulk load is: one nextval query + one COPY per table.
"""

from __future__ import annotations

from django.db import connections, router


def _is_postgres(model) -> bool:
    return connections[router.db_for_write(model)].vendor == "postgresql"


def insert_rows(model, rows: list[dict], *, want_ids: bool = False) -> list[int] | None:
    if not rows:
        return [] if want_ids else None
    using = router.db_for_write(model)
    if not _is_postgres(model):
        objs = model._default_manager.db_manager(using).bulk_create(
            [model(**row) for row in rows], batch_size=1000
        )
        return [o.pk for o in objs] if want_ids else None
    meta = model._meta
    table = meta.db_table
    pk = meta.pk.column
    columns = list(rows[0])
    connection = connections[using]
    with connection.cursor() as cur:
        ids = None
        if want_ids:
            cur.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, len(rows)],
            )
            ids = [r[0] for r in cur.fetchall()]
        names = ([pk] if want_ids else []) + [meta.get_field(c).column if c != pk else c for c in columns]
        quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        with cur.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
            if want_ids:
                for i, row in zip(ids, rows, strict=True):
                    copy.write_row((i, *(row[c] for c in columns)))
            else:
                for row in rows:
                    copy.write_row(tuple(row[c] for c in columns))
    return ids
