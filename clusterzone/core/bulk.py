"""Bulk inserts near the speed of a raw write: PostgreSQL's COPY where the ORM's per-object
work is the bottleneck, the ORM's bulk_create elsewhere.

    ids = insert_rows(Value, [{"cluster_id": 1, "indicator_id": 2, ...}, ...], want_ids=True)

Rows are dicts of column attnames (``cluster_id``, not ``cluster``) to Python values, already
valid (the caller validated them: no model validation, no signals). A column a row leaves out
takes the field's default (``auto_now``/``auto_now_add`` fields: the time of the call), as a
save would give it. With ``want_ids`` the primary keys are returned in the order of the rows; on
PostgreSQL they are taken from the table's sequence first (one statement), then written by
COPY with the rows, so a bulk load is: one nextval query + one COPY per table.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from decimal import Decimal

from django.db import connections, router
from django.utils import timezone


def _escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


_TEXT = {
    int: str,
    Decimal: str,
    float: repr,
    bool: lambda v: "t" if v else "f",
    str: _escape,
    dt.date: dt.date.isoformat,
    dt.datetime: dt.datetime.isoformat,
    type(None): lambda v: "\\N",
}


def _copy_text(value) -> str:
    """One cell in COPY's text format (NULL as \\N; backslash, tab and newlines escaped)."""
    fmt = _TEXT.get(type(value))
    if fmt is not None:
        return fmt(value)
    if isinstance(value, (dict, list)):
        return _escape(json.dumps(value, ensure_ascii=False))
    return _escape(str(value))


CHUNK = 10000  # rows per COPY of insert_objects


def insert_objects(model, objs: list, *, want_ids: bool = True) -> list:
    """insert_rows for unsaved model instances (their primary keys are set when `want_ids`)."""
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    auto = {
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    if not _is_postgres(model):  # the ORM's bulk insert sets the keys and times on objs itself
        model._default_manager.db_manager(router.db_for_write(model)).bulk_create(objs, batch_size=1000)
        return objs
    now = timezone.now()
    for start in range(0, len(objs), CHUNK):  # the rows' dicts of one chunk at a time: flat memory
        chunk = objs[start : start + CHUNK]
        for o in chunk:  # stamped here so that the instances (and their history rows) carry the times
            for a in auto:
                if getattr(o, a) is None:
                    setattr(o, a, now)
        rows = [{a: getattr(o, a) for a in fields} for o in chunk]
        ids = insert_rows(model, rows, want_ids=want_ids)
        if want_ids:
            for o, pk in zip(chunk, ids, strict=True):
                o.pk = pk
                o._state.adding = False
    return objs


def _is_postgres(model) -> bool:
    return connections[router.db_for_write(model)].vendor == "postgresql"


def insert_rows(model, rows: list[dict], *, want_ids: bool = False) -> list[int] | None:
    if not rows:
        return [] if want_ids else None
    using = router.db_for_write(model)
    if connections[using].vendor == "sqlite" and not want_ids:
        _sqlite_insert(model, rows, using)
        return None
    if not _is_postgres(model):
        objs = model._default_manager.db_manager(using).bulk_create(
            [model(**row) for row in rows], batch_size=1000
        )
        return [o.pk for o in objs] if want_ids else None
    meta = model._meta
    table = meta.db_table
    pk = meta.pk.column
    now = timezone.now()
    defaults = {}
    for f in meta.concrete_fields:
        if f.primary_key or f.attname in rows[0]:
            continue
        defaults[f.attname] = (
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        )
    if defaults:
        rows = [{**defaults, **row} for row in rows]
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
        sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
        with cur.cursor.copy(sql) as copy:
            buf = []
            for k, row in enumerate(rows):
                cells = [row[c] for c in columns]
                if want_ids:
                    cells.insert(0, ids[k])
                buf.append("\t".join(map(_copy_text, cells)))
                if len(buf) >= 5000:
                    copy.write("\n".join(buf) + "\n")
                    buf = []
            if buf:
                copy.write("\n".join(buf) + "\n")
    return ids


def _sqlite_insert(model, rows: list[dict], using: str) -> None:
    """SQLite: one prepared INSERT run over all rows (executemany), values adapted per column
    type only where the driver needs it — the ORM's bulk_create compiles every row's SQL
    and costs several times the write itself."""
    from django.db import models

    connection = connections[using]
    meta = model._meta
    now = timezone.now()
    defaults = {}
    for f in meta.concrete_fields:
        if f.primary_key or f.attname in rows[0]:
            continue
        defaults[f.attname] = (
            now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        )
    columns = list(rows[0]) + list(defaults)
    fields = {f.attname: f for f in meta.concrete_fields}
    adapt = []
    for c in columns:
        f = fields[c]
        if isinstance(f, models.DateTimeField):
            adapt.append(connection.ops.adapt_datetimefield_value)
        elif isinstance(f, models.DateField):
            adapt.append(connection.ops.adapt_datefield_value)
        elif isinstance(f, models.DecimalField):
            adapt.append(lambda v, f=f: None if v is None else connection.ops.adapt_decimalfield_value(v))
        elif isinstance(f, models.JSONField):
            adapt.append(lambda v, f=f: f.get_db_prep_save(v, connection))
        else:
            adapt.append(None)
    names = ", ".join(connection.ops.quote_name(fields[c].column) for c in columns)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({names}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    params = []
    for row in rows:
        values = [row[c] if c in row else defaults[c] for c in columns]
        params.append([v if a is None else a(v) for v, a in zip(values, adapt, strict=True)])
    with connection.cursor() as cur:
        cur.executemany(sql, params)


def analyze(*models) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load (the tables of `models`, or
    the whole database); other engines need nothing."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        if not models:
            cur.execute("ANALYZE")
        for model in models:
            cur.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@contextmanager
def deferred_indexes(*models):
    """PostgreSQL, inside the caller's transaction: drop the secondary indexes of the models'
    tables (those backing no constraint: the primary key and unique constraints stay and keep
    checking) for a bulk load and build them again when the block ends without error — one
    sort per index instead of a B-tree insertion per row, as pg_restore does. The tables stay
    locked until the transaction ends; on an error the rollback restores the indexes. Other
    engines: nothing changes."""
    connection = connections["default"]
    if connection.vendor != "postgresql" or not connection.in_atomic_block or not models:
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = ANY(%s::regclass[])"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
            " ORDER BY 1",
            [tables],
        )
        indexes = cur.fetchall()
        for name, _definition in indexes:
            cur.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cur:
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cur.execute(definition)


def trust_foreign_keys() -> bool:
    """For generated data that is consistent by construction (the synthetic province): skip
    PostgreSQL's per-row foreign-key triggers for the rest of the current transaction, as
    pg_restore --disable-triggers does. Needs a role allowed to set session_replication_role
    (a superuser); elsewhere, or on other engines, nothing changes and False is returned."""
    connection = connections["default"]
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return False
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return False
    return True
