"""Workbench sections as declarations.

A section is a function returning what it shows (a dict for its template, or None to leave
it out), declared with the roles that see it::

    @section("supervision_due", _("督办事项"), roles=("department_liaison",), order=30,
             template="workbench/_supervision.html")
    def supervision_due(user, today):
        items = selectors.due_items(user=user, today=today)
        return {"count": len(items), "items": items[:10]} if items else None

The workbench calls each section its user's roles reach, in `order`. A section's query
count must not grow with the number of clusters (tests/workbench asserts it at 10 and 200).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    roles: tuple[str, ...]
    template: str
    build: Callable
    order: int = 100


SECTIONS: dict[str, Section] = {}


def section(key: str, title, *, roles: tuple[str, ...], template: str, order: int = 100):
    def register(fn):
        SECTIONS[key] = Section(key, title, tuple(roles), template, fn, order)
        return fn

    return register


def sections_for(user) -> list[Section]:
    roles = set(getattr(user, "roles", None) or [])
    everyone = getattr(user, "is_superuser", False)
    return sorted(
        (s for s in SECTIONS.values() if everyone or roles & set(s.roles)), key=lambda s: (s.order, s.key)
    )


def build(user, today) -> list[dict]:
    """The sections the user sees, each with what it shows (empty ones are dropped)."""
    out = []
    for s in sections_for(user):
        data = s.build(user, today)
        if data is not None:
            out.append({"key": s.key, "title": s.title, "template": s.template, "data": data})
    return out
