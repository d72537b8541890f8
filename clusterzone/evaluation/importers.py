"""Importer of monthly ratings (行风评议打分).

    clusterzone import unit-ratings FILE
        月份, 被评单位, 评议单位, <one column per active rated criterion>, 意见 (评议企业 optional)

One row is one rater's sheet for one unit and month. 被评单位 and 评议单位 are matched by
full name or short name (the 简称 in the unit's notes, as the division-of-work table does)
among the units the user may rate and rate as; 评议企业 (an enterprise rating, entered by the
评议单位 on its behalf) by name or credit code. A criterion cell holds 1–100 for a 百分制
criterion, 满意/基本满意/不满意 for a 满意度 one; an empty cell leaves that criterion unrated.
Every row and cell is checked before anything is written; one error and nothing is written.
Upsert key: rater × unit × month × criterion (re-importing the same file changes nothing).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from clusterzone.core.exceptions import DomainError
from clusterzone.core.importing import Importer, RowError, register
from clusterzone.core.importing import columns as c
from clusterzone.supervision.worktasks import _SHORT_NAME, UnitMatcher, _squash

from . import services
from .choices import Level, Scale, Source
from .forms import rated_units, rater_enterprises, rater_units
from .models import Criterion, Rating

LEVELS = {str(label): value for value, label in Level.choices}


class _Matcher(UnitMatcher):
    """UnitMatcher over a given set of units (those the user may rate, or rate as), of
    several regions: an exact full name wins, then the name without its region's prefix or
    the short name when only one unit answers to it."""

    def __init__(self, units):
        self.prefixes = sorted({"市", "县", "区"} | {u.region.name for u in units}, key=len, reverse=True)
        self.by_name, self.by_short, self.exact = {}, {}, {}
        for unit in units:
            self.exact.setdefault(_squash(unit.name), []).append(unit)
            self.by_name.setdefault(self.key(unit.name), []).append(unit)
            for short in _SHORT_NAME.findall(unit.notes or ""):
                self.by_short.setdefault(self.key(short), []).append(unit)

    def find(self, name: str):
        exact = self.exact.get(_squash(name)) or []
        if len(exact) == 1:
            return exact[0]
        return super().find(name)


@register
class RatingImporter(Importer):
    kind = "unit-ratings"
    title = _("评议打分")
    model = Rating
    key_fields = ()
    FIXED = ("月份", "被评单位", "评议单位", "评议企业", "意见")

    def __init__(self):
        self.criteria = list(
            Criterion.objects.filter(active=True, source=Source.RATING)
            .select_related("region")
            .order_by("position", "id")
        )
        names = []
        for cr in self.criteria:
            if cr.name not in names:
                names.append(cr.name)
        self.columns = [
            c.code("月份", None, required=True, example="2026-04"),
            c.text("被评单位", None, required=True, example="市发改委"),
            c.text("评议单位", None, required=True, example="上蔡县产业集聚区管委会"),
            c.text("评议企业", None, example=""),
            *[c.text(name, None, example="95") for name in names],
            c.text("意见", None, example=""),
        ]

    notes = (
        _("每行为一个评议单位（或其代录的企业）对一个被评单位一个月的评议；各评议项目一列。"),
        _("百分制项目填1–100分，满意度项目填“满意”“基本满意”或“不满意”；留空表示该项未评。"),
        _("单位按全称或简称匹配；评议企业按名称或统一社会信用代码匹配。"),
    )

    def run(self, source, *, filename=None, actor=None, dry_run=False):
        from clusterzone.accounts import policy

        result, plans, present = self.read(source, filename=filename, dry_run=dry_run)
        if plans is None:
            return result
        user = actor if actor is not None else policy.SYSTEM
        units = _Matcher(list(rated_units(user)))
        raters = _Matcher(list(rater_units(user).select_related("region")))
        enterprises = {}
        for e in rater_enterprises(user).select_related("cluster"):
            enterprises[e.name] = e
            enterprises[e.credit_code] = e
        by_region: dict[tuple[int, str], Criterion] = {(cr.region_id, cr.name): cr for cr in self.criteria}
        criterion_headers = [h for h in present if h not in self.FIXED]
        sheets = []
        seen: dict[tuple, int] = {}
        for plan in plans:
            if plan.errors:
                continue
            month = plan.values["月份"]
            try:
                from .selectors import parse_month

                month = parse_month(month)
            except DomainError as exc:
                self.error(plan, "月份", exc.message)
            unit = units.find(plan.values["被评单位"])
            if unit is None:
                self.error(plan, "被评单位", _gettext("没有名为“%(n)s”的成员单位，或您不能评议该单位（按全称或简称匹配）。")
                           % {"n": plan.values["被评单位"]})  # fmt: skip
            rater = raters.find(plan.values["评议单位"])
            if rater is None:
                self.error(plan, "评议单位", _gettext("没有名为“%(n)s”的评议单位，或您不能以其名义录入（按全称或简称匹配）。")
                           % {"n": plan.values["评议单位"]})  # fmt: skip
            enterprise = None
            if plan.values.get("评议企业"):
                enterprise = enterprises.get(plan.values["评议企业"].strip())
                if enterprise is None:
                    self.error(plan, "评议企业", _gettext("没有名称或信用代码为“%(n)s”的企业，或不在您的范围内。")
                               % {"n": plan.values["评议企业"]})  # fmt: skip
            values = {}
            for header in criterion_headers:
                text = plan.values.get(header)
                if text is None:
                    continue
                criterion = by_region.get((unit.region_id, header)) if unit is not None else None
                if criterion is None:
                    if unit is not None:
                        self.error(
                            plan,
                            header,
                            _gettext("%(r)s没有启用的评议项目“%(h)s”。")
                            % {"r": unit.region.name, "h": header},
                        )
                    continue
                value = self._value(plan, header, criterion, text)
                if value is not None:
                    values[criterion] = value
            if not plan.errors and not values:
                self.error(plan, "被评单位", _gettext("本行没有填写任何评议项目。"), value="")
            if plan.errors:
                continue
            key = (month, unit.pk, rater.pk, enterprise.pk if enterprise else None)
            if key in seen:
                self.error(
                    plan,
                    "被评单位",
                    _gettext("与第%(r)d行重复（同一评议单位同月对同一单位只评一次）。") % {"r": seen[key]},
                )
                continue
            seen[key] = plan.row
            sheets.append((plan, month, unit, rater, enterprise, values, plan.values.get("意见") or ""))
        for plan in plans:
            result.errors.extend(plan.errors)
        if result.errors:
            result.errors.sort(key=lambda e: e.row)
            return result
        self._write(sheets, result, actor=user)
        return result

    def _value(self, plan, header, criterion, text):
        text = str(text).strip()
        if criterion.scale == Scale.LEVEL:
            level = LEVELS.get(text)
            if level is None:
                self.error(plan, header, _gettext("应填“满意”“基本满意”或“不满意”。"))
            return level
        try:
            score = Decimal(text)
        except InvalidOperation:
            score = None
        if score is None or not score.is_finite() or not Decimal(1) <= score <= Decimal(100):
            self.error(plan, header, _gettext("应为1–100之间的分数。"))
            return None
        return score

    def _write(self, sheets, result, *, actor):
        with transaction.atomic():
            for plan, month, unit, rater, enterprise, values, comment in sheets:
                existing = {
                    r.criterion_id: r
                    for r in Rating.objects.filter(
                        month=month, unit=unit, rater_unit=rater, rater_enterprise=enterprise
                    )
                }
                for criterion, value in values.items():
                    old = existing.get(criterion.pk)
                    if (
                        old is not None
                        and old.comment == comment
                        and (old.level == value if criterion.scale == Scale.LEVEL else old.score == value)
                    ):
                        result.unchanged += 1
                        continue
                    try:
                        with transaction.atomic():
                            services.ratings_enter(
                                actor=actor, month=month, unit=unit, rater_unit=rater, rater_enterprise=enterprise,
                                values={criterion: value}, comment=comment,
                            )  # fmt: skip
                    except DomainError as exc:
                        result.errors.append(RowError(plan.row, "", "", exc.message))
                        break
                    if old is None:
                        result.created += 1
                    else:
                        result.updated += 1
                if result.errors:
                    break
            if result.errors or result.dry_run:
                transaction.set_rollback(True)
        if result.errors:
            result.created = result.updated = result.unchanged = 0
