"""Validation of a submission's values: built-in rules plus the ValidationRule rows (data).

`validate(submission, values)` takes the complete set of values the submission would hold
(indicator code → Decimal or None) and returns a ValidationReport:

- errors (blocking: nothing is saved, nothing is submitted):
  * a negative value where `Indicator.non_negative`;
  * a flow's YTD cumulative below the previous period's cumulative in the same year
    (monthly: previous month; half-monthly: previous half-month; quarterly: previous quarter);
  * a ValidationRule of severity "error" that does not hold;
- warnings (submitting needs a 说明):
  * a change against the same period last year beyond ±`Indicator.yoy_warning_pct` %
    (skipped when there is no last-year value or it is 0);
  * a ValidationRule of severity "warning" that does not hold.

A rule whose operands are missing is skipped: missing data is never read as zero.
Non-numeric input is refused earlier, when the raw values are parsed (`parse_values`).

Queries: a fixed number whatever the size of the data set — the data set's indicators,
the active rules, and one read of the cluster's stored values of this period, the previous
period and the same period last year.
"""

from __future__ import annotations

import ast
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils.translation import gettext as _

from clusterzone.core.periods import Period

from . import formulas
from .choices import IndicatorKind, Operator, Severity
from .models import DataSetIndicator, Indicator, Submission, ValidationRule, Value

MAX_ABS = Decimal("1e15")
PLACES = 4  # Value.value has 4 decimal places


@dataclass
class ValidationReport:
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, code: str, message: str) -> None:
        self.errors.setdefault(code, []).append(str(message))

    def add_warning(self, code: str, message: str) -> None:
        self.warnings.setdefault(code, []).append(str(message))

    def merge(self, other: ValidationReport) -> None:
        for code, msgs in other.errors.items():
            for m in msgs:
                self.add_error(code, m)
        for code, msgs in other.warnings.items():
            for m in msgs:
                self.add_warning(code, m)

    def error_messages(self) -> list[str]:
        return [m for msgs in self.errors.values() for m in msgs]

    def warning_messages(self) -> list[str]:
        return [m for msgs in self.warnings.values() for m in msgs]

    def as_dict(self) -> dict:
        return {"errors": self.errors, "warnings": self.warnings}


def fmt(value: Decimal | None, unit: str = "") -> str:
    """A figure as typed in messages: 150000 → '150000万元', 12.50 → '12.5万元'."""
    if value is None:
        return "—"
    text = format(Decimal(value).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"


# --- parsing raw input --------------------------------------------------------------------


def parse_number(raw) -> Decimal | None:
    """'1,234.5' → Decimal('1234.5'); '' / None → None; raises ValueError when not a number."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int | float):
        value = Decimal(str(raw))
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip()
        text = text.replace(",", "").replace(" ", "").replace("\u3000", "")
        if text == "":
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(raw)
    if not value.is_finite():
        raise ValueError(raw)
    return value


def parse_values(
    raw: Mapping[str, object], indicators: Mapping[str, Indicator], dataset_name: str = ""
) -> tuple[dict[str, Decimal | None], ValidationReport]:
    """Parse raw input keyed by indicator code into Decimals; every problem is a blocking
    error keyed by the code (non-numeric, unknown or derived indicator, too many decimals)."""
    report = ValidationReport()
    parsed: dict[str, Decimal | None] = {}
    for code, raw_value in raw.items():
        ind = indicators.get(code)
        if ind is None:
            report.add_error(
                code,
                _("报表“%(ds)s”不包含指标“%(code)s”。") % {"ds": dataset_name, "code": code},
            )
            continue
        if ind.is_derived:
            report.add_error(code, _("%(name)s 是计算指标，由公式自动计算，不能填报。") % {"name": ind.name})
            continue
        try:
            value = parse_number(raw_value)
        except ValueError:
            report.add_error(
                code,
                _("%(name)s 的值“%(raw)s”不是有效的数字。") % {"name": ind.name, "raw": raw_value},
            )
            continue
        if value is not None:
            if abs(value) >= MAX_ABS:
                report.add_error(code, _("%(name)s 的数值过大。") % {"name": ind.name})
                continue
            if value.as_tuple().exponent < -PLACES and value != value.quantize(Decimal(1).scaleb(-PLACES)):
                report.add_error(
                    code,
                    _("%(name)s 最多保留%(n)s位小数。") % {"name": ind.name, "n": PLACES},
                )
                continue
        parsed[code] = value
    return parsed, report


# --- context: indicators, rules, neighbouring values ---------------------------------------


@dataclass
class Context:
    """What validation and the entry page read, in a fixed number of queries."""

    submission: Submission
    period: Period
    indicators: dict[str, Indicator]  # the data set's indicators, in order
    stored: dict[str, Decimal]  # this period's stored values
    previous: dict[str, Decimal]  # period.previous (display)
    previous_in_year: dict[str, Decimal]  # the previous period in the same year (validation)
    last_year: dict[str, Decimal]  # the same period last year
    rules: list[ValidationRule] | None = None

    @property
    def reported(self) -> dict[str, Indicator]:
        return {c: i for c, i in self.indicators.items() if not i.is_derived}

    @property
    def derived(self) -> dict[str, Indicator]:
        return {c: i for c, i in self.indicators.items() if i.is_derived}


def load_context(submission: Submission, *, with_rules: bool = True, extra_codes=()) -> Context:
    period = submission.period_obj
    items = DataSetIndicator.objects.filter(dataset_id=submission.dataset_id).select_related("indicator")
    indicators = {it.indicator.code: it.indicator for it in items if it.indicator.is_active}
    rules = None
    codes = set(indicators) | set(extra_codes)
    if with_rules:
        rules = list(
            ValidationRule.objects.filter(is_active=True).filter(
                Q(dataset__isnull=True) | Q(dataset_id=submission.dataset_id)
            )
        )
        for rule in rules:
            for text in (rule.left, rule.right):
                try:
                    f = formulas.parse(text)
                except formulas.FormulaError:
                    continue
                codes |= set(f.names) | {c for _, c in f.shifted}
    # derived indicators' operands
    for ind in list(indicators.values()):
        if ind.is_derived:
            try:
                f = formulas.parse(ind.formula)
            except formulas.FormulaError:
                continue
            codes |= set(f.names)
    prev = period.previous
    prev_in_year = period.same_year_previous()
    last = period.last_year
    wanted = {str(period), str(prev), str(last)}
    rows = Value.objects.filter(
        cluster_id=submission.cluster_id, period__in=wanted, indicator__code__in=codes
    ).values_list("period", "indicator__code", "value")
    by_period: dict[str, dict[str, Decimal]] = {p: {} for p in wanted}
    for p, code, v in rows:
        by_period[p][code] = v
    return Context(
        submission=submission,
        period=period,
        indicators=indicators,
        stored=by_period[str(period)],
        previous=by_period[str(prev)],
        previous_in_year=by_period[str(prev)] if prev_in_year is not None else {},
        last_year=by_period[str(last)],
        rules=rules,
    )


def compute_derived(ctx: Context, values: Mapping[str, Decimal | None]) -> dict[str, Decimal | None]:
    """Values of the data set's derived indicators, computed from `values` (never entered)."""
    parsed = {}
    for code, ind in ctx.derived.items():
        try:
            parsed[code] = formulas.parse(ind.formula)
        except formulas.FormulaError:
            continue
    try:
        order = formulas.dependency_order(parsed)
    except formulas.FormulaError:
        order = sorted(parsed)
    env = dict(ctx.stored)
    env.update(values)
    out: dict[str, Decimal | None] = {}
    for code in order:
        out[code] = parsed[code].evaluate(env, _shifted(ctx))
        env[code] = out[code]
    return out


def _shifted(ctx: Context):
    def shifted(fn: str, code: str) -> Decimal | None:
        source = ctx.previous_in_year if fn == "prev" else ctx.last_year
        return source.get(code)

    return shifted


_COMPARE = {
    Operator.LE: lambda a, b: a <= b,
    Operator.LT: lambda a, b: a < b,
    Operator.GE: lambda a, b: a >= b,
    Operator.GT: lambda a, b: a > b,
    Operator.EQ: lambda a, b: a == b,
    Operator.NE: lambda a, b: a != b,
}


def _first_name(text: str, candidates) -> str | None:
    """The first indicator code of an expression, in the order it is written."""
    try:
        tree = ast.parse(text.replace("×", "*").replace("÷", "/"), mode="eval")
    except SyntaxError:
        return None
    names = sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in candidates),
        key=lambda n: n.col_offset,
    )
    return names[0].id if names else None


# --- the validation ------------------------------------------------------------------------


def validate(
    submission: Submission, values: Mapping[str, Decimal | None], *, context: Context | None = None
) -> ValidationReport:
    """Evaluate every rule on `values` (the complete set: code → Decimal or None)."""
    ctx = context or load_context(submission)
    report = ValidationReport()
    values = {c: (None if v is None else Decimal(v)) for c, v in values.items()}

    for code, ind in ctx.reported.items():
        v = values.get(code)
        if v is None:
            continue
        unit = ind.unit
        if ind.non_negative and v < 0:
            report.add_error(
                code,
                _("%(name)s 不能为负数（填报值 %(v)s）。") % {"name": ind.name, "v": fmt(v, unit)},
            )
        if ind.kind == IndicatorKind.FLOW:
            prev = ctx.previous_in_year.get(code)
            if prev is not None and v < prev:
                report.add_error(
                    code,
                    _("%(name)s 本期累计（%(v)s）小于上期累计（%(p)s），累计数不能减少。")
                    % {"name": ind.name, "v": fmt(v, unit), "p": fmt(prev, unit)},
                )
        limit = ind.yoy_warning_pct
        ly = ctx.last_year.get(code)
        if limit is not None and ly is not None and ly != 0:
            change = (v - ly) / abs(ly) * 100
            if abs(change) > Decimal(limit):
                report.add_warning(
                    code,
                    _(
                        "%(name)s 与上年同期（%(ly)s）相比变动 %(chg)s%%，超过 ±%(lim)s%%，"
                        "请核实并在上报时填写说明。"
                    )
                    % {
                        "name": ind.name,
                        "ly": fmt(ly, unit),
                        "chg": f"{change:+.1f}",
                        "lim": fmt(Decimal(limit)),
                    },
                )

    env = dict(ctx.stored)
    env.update(values)
    env.update(compute_derived(ctx, values))
    shifted = _shifted(ctx)
    for rule in ctx.rules or []:
        try:
            left = formulas.parse(rule.left).evaluate(env, shifted)
            right = formulas.parse(rule.right).evaluate(env, shifted)
        except formulas.FormulaError:
            continue
        if left is None or right is None:
            continue
        if _COMPARE[rule.operator](left, right):
            continue
        key = _first_name(rule.left, ctx.indicators) or _first_name(rule.right, ctx.indicators) or "__all__"
        message = _("%(msg)s（%(l)s = %(lv)s，%(r)s = %(rv)s）") % {
            "msg": rule.message,
            "l": rule.left,
            "lv": fmt(left),
            "r": rule.right,
            "rv": fmt(right),
        }
        if rule.severity == Severity.ERROR:
            report.add_error(key, message)
        else:
            report.add_warning(key, message)
    return report
