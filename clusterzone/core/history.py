"""Change history read from django-simple-history: who, when, which fields, before, after.

`history_entries(obj)` returns the object's history newest first, each entry with its list
of field changes, in a fixed number of queries (one for the records, one per referenced
model to name foreign keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model
from django.utils.translation import gettext as _

from clusterzone.core import units

ACTION_LABELS = {"+": "创建", "~": "修改", "-": "删除"}
SKIP_FIELDS = {"id", "created_at", "updated_at", "path", "password", "last_login"}


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    user: str
    user_id: int | None
    action: str
    action_label: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    object_label: str = ""  # set when the entry concerns a related row ("园区：北区")

    def as_dict(self) -> dict:
        return {
            "when": units.datetime_iso(self.when),
            "user": self.user,
            "user_id": self.user_id,
            "action": self.action,
            "action_label": self.action_label,
            "reason": self.reason,
            "changes": [c.__dict__ for c in self.changes],
            "object": self.object_label,
        }


def _display(model: type[Model], fname: str, value, fk_names: dict) -> str:
    if value is None or value == "":
        return ""
    f = model._meta.get_field(fname)
    if f.is_relation:
        return fk_names.get((f.related_model, value), str(value))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def _row_name(model, rec, fields, fk_names) -> str:
    """A row's name from its historical record without touching other tables."""
    if hasattr(rec, "name"):
        return str(rec.name)
    for f in fields:
        if f.is_relation and f.name not in ("cluster", "project", "lead", "chain"):
            return _display(model, f.name, getattr(rec, f.attname), fk_names)
    return str(rec.id)


def history_entries(obj: Model, limit: int = 200) -> list[HistoryEntry]:
    """One object's history, newest first."""
    return _entries(type(obj), obj.history.all(), limit=limit)


def related_history(model: type[Model], label: str, limit: int = 200, **filters) -> list[HistoryEntry]:
    """The history of every row of `model` matching `filters` (deleted rows included), e.g.
    a cluster's sub-zones: related_history(SubZone, "园区", cluster_id=cluster.pk). Each entry
    names the row it concerns ("园区：北区")."""
    return _entries(model, model.history.filter(**filters), limit=limit, label=label)


def merged(*lists: list[HistoryEntry]) -> list[HistoryEntry]:
    return sorted((e for entries in lists for e in entries), key=lambda e: e.when, reverse=True)


def _entries(model: type[Model], history_qs, *, limit: int, label: str = "") -> list[HistoryEntry]:
    records = list(
        history_qs.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    fields = (
        [
            f
            for f in model._meta.concrete_fields
            if f.name not in SKIP_FIELDS and f.attname in records[0].__dict__
        ]
        if records
        else []
    )
    # name the foreign keys in one query per referenced model
    fk_ids: dict[type[Model], set] = {}
    for f in fields:
        if f.is_relation:
            for r in records:
                v = getattr(r, f.attname)
                if v is not None:
                    fk_ids.setdefault(f.related_model, set()).add(v)
    fk_names = {}
    for rel_model, ids in fk_ids.items():
        for o in rel_model._default_manager.filter(pk__in=ids):
            fk_names[(rel_model, o.pk)] = str(o)
    # the previous record of the same row (records are newest first)
    previous: dict[int, object] = {}
    later_first = {}
    for rec in reversed(records):
        later_first[id(rec)] = previous.get(rec.id)
        previous[rec.id] = rec
    entries = []
    for rec in records[:limit]:
        prev = later_first[id(rec)]
        changes = []
        for f in fields:
            new = getattr(rec, f.attname)
            old = getattr(prev, f.attname) if prev is not None else None
            if rec.history_type == "~" and prev is not None and old == new:
                continue
            if rec.history_type == "+" and new in (None, "", False):
                continue
            if rec.history_type == "-":
                continue
            changes.append(
                FieldChange(
                    field=f.name,
                    label=str(f.verbose_name),
                    old=_display(model, f.name, old, fk_names) if rec.history_type == "~" else "",
                    new=_display(model, f.name, new, fk_names),
                )
            )
        user = rec.history_user
        entries.append(
            HistoryEntry(
                when=rec.history_date,
                user=str(user) if user else _("系统"),
                user_id=user.pk if user else None,
                action=rec.history_type,
                action_label=_(ACTION_LABELS[rec.history_type]),
                reason=rec.history_change_reason or "",
                changes=changes,
                object_label=f"{label}：{_row_name(model, rec, fields, fk_names)}" if label else "",
            )
        )
    return entries
