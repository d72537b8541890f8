"""Every write to regions, organisation units and users."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import instance_delete, instance_save

from .choices import Role, UnitKind
from .models import OrgUnit, Region, User


def _require_structure_reason(reason, message) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(message, code="reason_required", field="reason")
    return reason


def _within_actor_scope(actor, region: Region | None) -> bool:
    """The target region lies in the actor's own region subtree (global actors: anywhere)."""
    if actor is None or policy.is_global(actor):
        return True
    own = policy._region_path(actor)
    return bool(own and region is not None and region.path.startswith(own))


@transaction.atomic
def region_save(*, actor, region: Region, data: dict, reason: str | None = None) -> Region:
    """A region's parent changes only with a reason and within the actor's own scope."""
    if region.pk:
        old = Region.objects.select_related("parent").get(pk=region.pk)
        new_parent = data.get("parent", old.parent)
        if (new_parent.pk if new_parent else None) != old.parent_id:
            reason = _require_structure_reason(reason, _("更改上级区划必须填写原因。"))
            if not _within_actor_scope(actor, new_parent):
                raise DomainError(_("不能把区划移到您的管辖范围之外。"), field="parent")
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


@transaction.atomic
def unit_save(*, actor, unit: OrgUnit, data: dict, reason: str | None = None) -> OrgUnit:
    """A unit's region or kind changes only with a reason, never out of the actor's own scope,
    and never so that its users lose (part of) the scope they have: move them first."""
    if unit.pk:
        old = OrgUnit.objects.select_related("region").get(pk=unit.pk)
        new_region = data.get("region", old.region)
        new_kind = data.get("kind", old.kind)
        if new_region.pk != old.region_id or new_kind != old.kind:
            reason = _require_structure_reason(reason, _("更改单位的所属区划或类型必须填写原因。"))
        if new_region.pk != old.region_id:
            if not _within_actor_scope(actor, new_region):
                raise DomainError(_("不能把单位移到您的管辖范围之外。"), field="region")
            users = User.objects.filter(unit=old, is_active=True).count()
            if users and not old.region.path.startswith(new_region.path):
                raise DomainError(
                    _(
                        "该单位有 %(n)d 名用户，改到“%(r)s”会使他们失去原有的管辖范围（%(old)s）；"
                        "请先把这些用户调到其他单位。"
                    )
                    % {"n": users, "r": new_region.name, "old": old.region.name},
                    field="region",
                )
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
