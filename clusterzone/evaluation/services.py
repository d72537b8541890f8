"""Writes of the service-unit evaluation: criteria (the office) and ratings (committees for
themselves or on behalf of enterprises, and the office). Every write asks the policy first,
runs the model's validation and records the history (core.services.instance_save)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import instance_delete, instance_save

from .models import Criterion, Rating


@transaction.atomic
def criterion_save(*, actor, criterion: Criterion, data: dict, reason: str | None = None) -> Criterion:
    return instance_save(criterion, actor=actor, data=data, reason=reason)


@transaction.atomic
def criterion_delete(*, actor, criterion: Criterion) -> None:
    instance_delete(criterion, actor=actor)


def check_rating(rating: Rating) -> None:
    """The rules of a rating beyond the model's fields: a member department is rated, by a
    committee or an office of its region or below it, on a criterion of the department's
    region; an enterprise rates through a committee (its own cluster's) or the office."""
    unit, rater = rating.unit, rating.rater_unit
    if unit.kind != UnitKind.DEPARTMENT:
        raise DomainError(_("只能评议成员单位，“%(u)s”不是成员单位。") % {"u": unit.name}, field="unit")
    if rater.kind not in (UnitKind.COMMITTEE, UnitKind.JOINT_OFFICE):
        raise DomainError(
            _("评议单位应为集聚区管委会或联席会议办公室，“%(u)s”不是。") % {"u": rater.name},
            field="rater_unit",
        )
    if not rater.region.path.startswith(unit.region.path):
        raise DomainError(
            _("“%(r)s”不在“%(u)s”的服务区域内，不能评议该单位。") % {"r": rater.name, "u": unit.name},
            field="unit",
        )
    if rating.criterion.region_id != unit.region_id:
        raise DomainError(
            _("评议项目“%(c)s”不是%(region)s的评议项目。")
            % {"c": rating.criterion.name, "region": unit.region.name},
            field="criterion",
        )
    if not rating.criterion.active:
        raise DomainError(_("评议项目“%(c)s”已停用。") % {"c": rating.criterion.name}, field="criterion")
    enterprise = rating.rater_enterprise
    if (
        enterprise is not None
        and rater.kind == UnitKind.COMMITTEE
        and (enterprise.cluster_id is None or enterprise.cluster.committee_id != rater.pk)
    ):
        raise DomainError(
            _("“%(e)s”不属于%(r)s管理的集聚区，不能由其代为评议。") % {"e": enterprise.name, "r": rater.name},
            field="rater_enterprise",
        )


@transaction.atomic
def rating_save(*, actor, rating: Rating, data: dict, reason: str | None = None) -> Rating:
    """Create or correct one rating (rater × unit × month × criterion)."""
    for name, value in data.items():
        setattr(rating, name, value)
    if rating.unit_id and rating.rater_unit_id and rating.criterion_id:
        check_rating(rating)
    if rating._state.adding and getattr(actor, "pk", None):
        rating.entered_by = actor
    return instance_save(rating, actor=actor, data={}, reason=reason)


@transaction.atomic
def rating_delete(*, actor, rating: Rating) -> None:
    instance_delete(rating, actor=actor)


@transaction.atomic
def ratings_enter(
    *, actor, month: str, unit, rater_unit, rater_enterprise=None, values: dict, comment: str = ""
):
    """One rater's sheet for one unit and month: {criterion: score or level}; an existing
    rating of the same natural key is corrected. Returns the ratings saved."""
    if not values:
        raise DomainError(_("请至少填写一个评议项目。"))
    existing = {
        r.criterion_id: r
        for r in Rating.objects.select_for_update().filter(
            month=month, unit=unit, rater_unit=rater_unit, rater_enterprise=rater_enterprise
        )
    }
    saved = []
    for criterion, value in values.items():
        data = {"criterion": criterion, "comment": comment}
        if criterion.scale == "level":
            data.update(level=value, score=None)
        else:
            data.update(score=value, level="")
        rating = existing.get(criterion.pk) or Rating(
            month=month, unit=unit, rater_unit=rater_unit, rater_enterprise=rater_enterprise
        )
        saved.append(rating_save(actor=actor, rating=rating, data=data))
    return saved


def check_rater_in_scope(actor, rater_unit) -> None:
    """The rater a user enters ratings as: a committee its own unit; the office any
    committee or office of its region subtree."""
    if not policy.can(actor, "add", Rating(rater_unit=rater_unit)):
        raise DomainError(_("您不能以“%(r)s”的名义录入评议。") % {"r": rater_unit.name}, field="rater_unit")
