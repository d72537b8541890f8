"""The write path every app's services share: policy check, validation, save, history.

`instance_save` and `instance_delete` are the only places that write a registry-like row;
the app services (registry.services …) are thin named wrappers over them so that pages, the
API, the importers and the CLI all go through the same checks.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy

from .exceptions import DomainError


def stamp_history(instance: Model, *, actor, reason: str | None = None) -> None:
    """Tell django-simple-history who made the change and why (also outside a request)."""
    if actor is not None and getattr(actor, "pk", None):
        instance._history_user = actor
    if reason:
        instance._change_reason = reason


def bulk_history(model, objs, *, history_type: str, actor, reason: str | None = None, when=None) -> None:
    """Write django-simple-history rows for objects saved or deleted in bulk ("+" created,
    "~" changed, "-" deleted): one bulk insert for all of them (COPY on PostgreSQL), with the
    same who, when and why that a one-by-one save records (bulk_create and QuerySet.update
    bypass the signals). `objs` are model instances or dicts of column attnames."""
    if not objs:
        return
    from simple_history.utils import get_history_manager_for_model

    from .bulk import insert_rows

    hmodel = get_history_manager_for_model(model).model
    user_id = actor.pk if actor is not None and getattr(actor, "pk", None) else None
    when = when or timezone.now()
    tracked = [f.attname for f in hmodel.tracked_fields]
    stamp = {
        "history_date": when,
        "history_user_id": user_id,
        "history_change_reason": reason or "",
        "history_type": history_type,
    }
    rows = [
        {**{a: (obj[a] if isinstance(obj, dict) else getattr(obj, a)) for a in tracked}, **stamp}
        for obj in objs
    ]
    insert_rows(hmodel, rows)


def full_clean_or_raise(instance: Model, *, exclude=None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise DomainError.from_validation_error(exc)


def integrity_message(model, exc: Exception) -> str:
    """The Chinese message of the unique rule a database refusal broke (a concurrent writer
    saved the same natural key first), never the database's own text."""
    text = str(exc)
    lowered = text.lower()
    for constraint in getattr(model._meta, "constraints", []):
        fields = getattr(constraint, "fields", ()) or ()
        columns = [model._meta.get_field(f).column for f in fields]
        if constraint.name in text or (
            columns and all(f"{model._meta.db_table}.{c}".lower() in lowered for c in columns)
        ):
            message = getattr(constraint, "violation_error_message", None)
            if message and "%(name)s" not in str(message):
                return str(message)
    for f in model._meta.concrete_fields:
        if (
            f.unique
            and not f.primary_key
            and (
                f"{model._meta.db_table}_{f.column}" in text
                or f"{model._meta.db_table}.{f.column}" in lowered
            )
        ):
            return _("%(label)s已存在（可能他人刚刚保存了同样的记录）。") % {"label": f.verbose_name}
    return _("保存失败：与已有数据冲突（可能他人刚刚保存了同样的记录），请刷新后重试。")


def _field_values(instance: Model) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@transaction.atomic
def instance_save(
    instance: Model,
    *,
    actor,
    data: dict[str, Any] | None = None,
    reason: str | None = None,
    check_permission: bool = True,
) -> Model:
    """Create (instance.pk is None) or update an instance with `data`.

    For an update the actor needs "change" on the object both where it was and where it
    ends up (moving an enterprise to a cluster outside one's scope is refused).
    Returns the saved instance; raises DomainError on refusal or invalid data.
    """
    creating = instance.pk is None or instance._state.adding
    if check_permission and not creating:
        policy.require(actor, "change", instance)
    m2m = {}
    for name, value in (data or {}).items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
        else:
            setattr(instance, name, value)
    if check_permission:
        policy.require(actor, "add" if creating else "change", instance)
    full_clean_or_raise(instance)
    membership = m2m_changes(instance, m2m, creating=creating)
    if membership:
        reason = "；".join(part for part in (reason, *membership) if part)
    stamp_history(instance, actor=actor, reason=reason)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise DomainError(integrity_message(type(instance), exc), code="conflict")
    for name, value in m2m.items():
        getattr(instance, name).set(value)
    return instance


def m2m_changes(instance: Model, m2m: dict[str, Any], *, creating: bool) -> list[str]:
    """What a save changes in many-to-many memberships (a project's service team, …), one
    text per field: "服务团队成员：增加 张三；移除 李四" — kept in the history record's reason,
    since the history itself records only the row's own fields."""
    parts = []
    for name, value in m2m.items():
        field = instance._meta.get_field(name)
        new_ids = {getattr(v, "pk", v) for v in (value or [])}
        old_ids = set() if creating else set(getattr(instance, name).values_list("pk", flat=True))
        added, removed = new_ids - old_ids, old_ids - new_ids
        if not added and not removed:
            continue
        names = {o.pk: str(o) for o in field.related_model._default_manager.filter(pk__in=added | removed)}

        bits = []
        if added:
            bits.append(
                _("增加 %(names)s") % {"names": "、".join(sorted(names.get(i, str(i)) for i in added))}
            )
        if removed:
            bits.append(
                _("移除 %(names)s") % {"names": "、".join(sorted(names.get(i, str(i)) for i in removed))}
            )
        parts.append(f"{field.verbose_name}：{'，'.join(bits)}")
    return parts


def instance_changed(instance: Model, data: dict[str, Any]) -> bool:
    """Would applying `data` change any stored field? (idempotent re-imports)"""
    current = _field_values(instance)
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            continue
        key = field.attname
        new = value.pk if isinstance(value, Model) else value
        old = current.get(key)
        if field.get_internal_type() == "DecimalField" and old is not None and new is not None:
            if field.to_python(old) != field.to_python(new):
                return True
        elif old != new:
            return True
    return False


@transaction.atomic
def instance_delete(
    instance: Model, *, actor, reason: str | None = None, check_permission: bool = True
) -> None:
    if check_permission:
        policy.require(actor, "delete", instance)
    stamp_history(instance, actor=actor, reason=reason)
    try:
        instance.delete()
    except ProtectedError:
        raise DomainError(_("“%(obj)s”仍有关联数据，不能删除。请先处理关联记录。") % {"obj": instance})
