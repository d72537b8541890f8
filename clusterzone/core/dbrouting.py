"""Read replicas: the heavy read-only selectors (progress readings, overview tables, rankings)
may read from a PostgreSQL streaming replica while every write, and every read inside a
transaction that may have written, stays on the primary.

Configure with REPLICA_DATABASE_URL (settings adds the "replica" alias and this router); without
it the router sends everything to "default". Selectors opt in with the decorator:

    @replica_read
    def progress_table(...): ...

A replica lags the primary by a little (streaming replication, usually well under a second), so
only readings that tolerate that lag — statistics of approved figures — are marked.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
_reading = ContextVar("clusterzone_replica_read", default=False)


@contextmanager
def read_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_read(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with read_replica():
            return fn(*args, **kwargs)

    return wrapper


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _reading.get() or not replica_configured():
            return None
        if connections["default"].in_atomic_block:  # read your own writes
            return None
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary
