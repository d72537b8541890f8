"""No lost update: row versions, their check under a row lock, and what changed meanwhile.

Every model users edit carries a version (`core.models.VersionedModel.lock_version`, or its
own field named by `version_field`). A write based on version N is accepted only if the row
is still at version N when it is locked:

    with transaction.atomic():
        obj = check_version(obj, expected)   # locks the row, raises StaleVersion if moved on
        service(actor=..., obj=obj, data=...)

Pages (`core.views.ServiceFormView`) carry the version in a hidden field and show a
StaleVersion as a form error listing what the other user changed, keeping what the user
typed; the API (`core.api.ScopedModelViewSet`) sends the version as the ETag and answers
412 Precondition Failed when If-Match names an older one. Models without a version field
get an ETag computed from their representation (`representation_etag`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import DomainError

FORM_FIELD = "lock_version"


def version_field(model_or_obj) -> str | None:
    name = getattr(model_or_obj, "version_field", None)
    if not name:
        return None
    try:
        model_or_obj._meta.get_field(name)
    except Exception:
        return None
    return name


def version_of(obj: Model) -> int | None:
    name = version_field(obj)
    return getattr(obj, name) if name else None


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str

    def as_dict(self) -> dict:
        return {"field": self.field, "label": self.label, "old": self.old, "new": self.new}


class StaleVersion(DomainError):
    """The row moved on since the version the write was based on. `changes` lists what the
    other user(s) changed; `current` is the version now stored."""

    def __init__(self, obj: Model, *, expected, current, changes: list[Change], who: str = "", when=None):
        self.obj = obj
        self.expected = expected
        self.current = current
        self.changes = changes
        self.who = who
        self.when = when
        super().__init__(self.describe(), code="stale", field=None)
        self.errors = {}

    def describe(self) -> str:
        head = _("保存未成功：在您编辑期间，此记录已被修改（版本%(old)s → %(new)s）。") % {
            "old": self.expected,
            "new": self.current,
        }
        if self.who or self.when:
            when = timezone.localtime(self.when).strftime("%Y-%m-%d %H:%M") if self.when else ""
            head += _("修改人：%(who)s %(when)s。") % {"who": self.who or _("系统"), "when": when}
        if self.changes:
            head += (
                _("修改内容：")
                + "；".join(
                    _("%(label)s：%(old)s → %(new)s")
                    % {"label": c.label, "old": c.old or "—", "new": c.new or "—"}
                    for c in self.changes
                )
                + "。"
            )
        return head

    def as_dict(self) -> dict:
        return {
            "detail": self.message,
            "code": "stale",
            "expected_version": self.expected,
            "current_version": self.current,
            "changes": [c.as_dict() for c in self.changes],
        }


def _display(model, name, value) -> str:
    if value is None:
        return ""
    try:
        field = model._meta.get_field(name)
    except Exception:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and field.related_model is not None:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target is not None else str(value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def changes_since(obj: Model, version) -> tuple[list[Change], str, object]:
    """What changed on `obj` after version `version`, read from its history (who, when, fields)."""
    history = getattr(obj, "history", None)
    name = version_field(obj)
    if history is None or name is None:
        return [], "", None
    try:
        records = list(history.order_by("-history_date", "-history_id")[:50])
    except Exception:  # pragma: no cover - a model without simple_history
        return [], "", None
    if not records:
        return [], "", None
    latest = records[0]
    base = next(
        (r for r in records if getattr(r, name, None) is not None and getattr(r, name) <= version), None
    )
    who = str(getattr(latest, "history_user", "") or "")
    if base is None or base is latest:
        return [], who, latest.history_date
    skip = {name, "updated_at", "created_at"}
    changes = []
    delta = latest.diff_against(base)
    for change in delta.changes:
        if change.field in skip:
            continue
        try:
            label = str(obj._meta.get_field(change.field).verbose_name)
        except Exception:
            label = change.field
        changes.append(
            Change(
                field=change.field,
                label=label,
                old=_display(type(obj), change.field, change.old),
                new=_display(type(obj), change.field, change.new),
            )
        )
    return changes, who, latest.history_date


def lock_row(obj: Model) -> Model:
    """Lock `obj`'s row for the rest of the transaction and return it fresh from the database."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def check_version(obj: Model, expected, *, lock: bool = True) -> Model:
    """Inside a transaction: lock the row and refuse (StaleVersion) if it is no longer at
    version `expected`. `expected` None means no check (last write wins, the caller's choice).
    Returns the locked, fresh row."""
    fresh = lock_row(obj) if lock else obj
    if expected in (None, ""):
        return fresh
    name = version_field(obj)
    if name is None:
        return fresh
    current = getattr(fresh, name)
    try:
        expected = int(expected)
    except (TypeError, ValueError):
        expected = -1
    if current != expected:
        changes, who, when = changes_since(fresh, expected)
        raise StaleVersion(fresh, expected=expected, current=current, changes=changes, who=who, when=when)
    return fresh


# --- ETags ---------------------------------------------------------------------------------


def representation_etag(data) -> str:
    raw = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
    return '"h' + hashlib.sha256(raw).hexdigest()[:20] + '"'


def etag_for(obj: Model, data=None) -> str:
    version = version_of(obj)
    if version is not None:
        return f'"{version}"'
    return representation_etag(data)


def parse_if_match(header: str | None) -> list[str] | None:
    """The entity tags of an If-Match header (None when absent; ["*"] for any)."""
    if header is None or not header.strip():
        return None
    tags = []
    for part in header.split(","):
        part = part.strip()
        if part.startswith("W/"):
            part = part[2:]
        if part:
            tags.append(part)
    return tags


def etag_version(tag: str):
    """The version an entity tag names ("7" → 7), or None for a representation tag."""
    tag = tag.strip().strip('"')
    return int(tag) if tag.isdigit() else None
