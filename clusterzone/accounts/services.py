"""Every write to regions, organisation units and users."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import instance_delete, instance_save

from .choices import Role, UnitKind
from .models import OrgUnit, Region, User


@transaction.atomic
def region_save(*, actor, region: Region, data: dict, reason: str | None = None) -> Region:
    old_path = region.path if region.pk else None
    region = instance_save(region, actor=actor, data=data, reason=reason)
    if old_path and old_path != region.path:
        # keep the subtree's paths in step (saved row by row so history sees it)
        for child in Region.objects.filter(path__startswith=old_path).exclude(pk=region.pk).order_by("path"):
            child.parent = Region.objects.get(pk=child.parent_id)
            child.save()
    return region


def region_delete(*, actor, region: Region) -> None:
    instance_delete(region, actor=actor)


def unit_save(*, actor, unit: OrgUnit, data: dict, reason: str | None = None) -> OrgUnit:
    return instance_save(unit, actor=actor, data=data, reason=reason)


def unit_delete(*, actor, unit: OrgUnit) -> None:
    instance_delete(unit, actor=actor)


@transaction.atomic
def user_save(
    *, actor, user: User, data: dict, password: str | None = None, reason: str | None = None
) -> User:
    data = dict(data)
    if "roles" in data:
        data["roles"] = list(dict.fromkeys(data["roles"] or []))
    roles = data.get("roles", user.roles) or []
    unit = data["unit"] if "unit" in data else user.unit
    if Role.BANK_STAFF in roles and (unit is None or unit.kind != UnitKind.BANK):
        raise DomainError(_("金融机构用户须属于“金融机构”类型的单位。"), field="unit")
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError("；".join(exc.messages), field="password")
        user.set_password(password)
    elif user.pk is None:
        user.set_unusable_password()
    return instance_save(user, actor=actor, data=data, reason=reason)


def user_delete(*, actor, user: User) -> None:
    if actor is not None and actor.pk == user.pk:
        raise DomainError(_("不能删除自己的账号。"))
    instance_delete(user, actor=actor)


def user_create(*, actor, data: dict, reason: str | None = None) -> User:
    """A new account (API, importer): the password is checked by the password policy."""
    data = dict(data)
    password = data.pop("password", None)
    return user_save(actor=actor, user=User(), data=data, password=password, reason=reason)


def user_update(*, actor, user: User, data: dict, reason: str | None = None) -> User:
    """Change an account (its unit, roles …); the change history records who and why."""
    data = dict(data)
    password = data.pop("password", None)
    return user_save(actor=actor, user=user, data=data, password=password, reason=reason)
