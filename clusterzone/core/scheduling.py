"""The periodic jobs: each app registers the background tasks (django-tasks) that the
scheduler (`clusterzone schedule`, from cron or with --loop) enqueues on every round.

A registered task takes one optional argument, `as_of` (an ISO date or None for today),
so that a round can be replayed for a given day."""

from __future__ import annotations

_JOBS: list = []


def periodic(task):
    """Register `task` (a django-tasks Task) as a periodic job; returns it unchanged."""
    if task not in _JOBS:
        _JOBS.append(task)
    return task


def jobs() -> list:
    return list(_JOBS)
