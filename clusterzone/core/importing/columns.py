"""Column declarations and cell parsers.

A `Column` names one column of an import file: its Chinese header (with aliases and an
optional unit shown in the template as "注册资本（万元）"), the parser turning a cell into a
Python value, whether a value is required, and the model field it fills (or `None` when the
importer handles it itself, e.g. 主导产业). A `ref` column holds a code looked up in another
table (or among the rows accepted earlier in the same file).

Parsers take the raw cell as the reader gives it (str from CSV; str/float/int/bool/date/
datetime from calamine) and return a value or raise `ParseError` with a Chinese reason.
Empty cells never reach a parser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _


class ParseError(ValueError):
    """A cell that cannot be read; the message is the Chinese reason shown to the user."""


# --- header matching ----------------------------------------------------------------------

_SUFFIX_RE = re.compile(r"^(?P<base>.*?)\s*[（(](?P<unit>[^（）()]*)[)）]\s*$")
_UNIT_SYNONYMS = {
    "km2": "平方公里",
    "km²": "平方公里",
    "平方千米": "平方公里",
    "平方公里": "平方公里",
    "万元": "万元",
    "万": "万元",
    "亩": "亩",
    "人": "人",
    "个": "个",
}


def _squash(text: str) -> str:
    return re.sub(r"[\s*＊:：]", "", str(text or "")).replace("\u3000", "")


def split_header(text) -> tuple[str, str | None]:
    """'注册资本（万元）' → ('注册资本', '万元'); '注册资本' → ('注册资本', None)."""
    raw = str(text or "").strip()
    m = _SUFFIX_RE.match(raw)
    if m and m.group("base").strip():
        return _squash(m.group("base")), _squash(m.group("unit"))
    return _squash(raw), None


def normalize_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    u = _squash(unit).lower()
    return _UNIT_SYNONYMS.get(u, u)


# --- cell helpers -------------------------------------------------------------------------


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """A cell as the user would read it: 410000.0 → '410000', dates ISO, booleans 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# --- parsers ------------------------------------------------------------------------------


def parse_text(value) -> str:
    return cell_text(value)


def make_code_parser(
    *, digits: int | None = None, pad: int | None = None, pattern: str | None = None, message: str = ""
) -> Callable[[Any], str]:
    """A code that Excel may have turned into a number: 410000.0 → '410000'; with pad=2,
    1.0 or '1' → '01'. `digits` (exact length of an all-digit code) or `pattern` (regex)
    validate the result."""

    def parse(value) -> str:
        if isinstance(value, bool):
            raise ParseError(message or _("代码格式不正确。"))
        if isinstance(value, float):
            if not value.is_integer():
                raise ParseError(message or _("代码格式不正确。"))
            if abs(value) >= 1e15:
                raise ParseError(_("代码被Excel存成了数字，可能已丢失精度；请把该列设为文本格式后重新填写。"))
            text = str(int(value))
        elif isinstance(value, int):
            text = str(value)
        else:
            text = re.sub(r"\s", "", str(value))
            if re.fullmatch(r"\d+\.0+", text):
                text = text.split(".")[0]
        if pad and text.isdigit() and len(text) < pad:
            text = text.zfill(pad)
        if digits and not re.fullmatch(rf"\d{{{digits}}}", text):
            raise ParseError(message or _("应为%(n)d位数字。") % {"n": digits})
        if pattern and not re.fullmatch(pattern, text):
            raise ParseError(message or _("代码格式不正确。"))
        return text

    return parse


def parse_decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise ParseError(_("应为数字。"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ParseError(_("应为数字。"))
        return Decimal(repr(value))
    text = re.sub(r"[\s,，]", "", str(value))
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ParseError(_("应为数字。"))
    if not result.is_finite():
        raise ParseError(_("应为数字。"))
    return result


def parse_int(value) -> int:
    if isinstance(value, bool):
        raise ParseError(_("应为整数。"))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ParseError(_("应为整数。"))
        return int(value)
    text = re.sub(r"[\s,，]", "", str(value))
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(text.split(".")[0])
    raise ParseError(_("应为整数。"))


_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "有"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "✘", "无"}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = cell_text(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ParseError(_("应填“是”或“否”。"))


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_RES = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # an Excel serial date in a cell not formatted as a date
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ParseError(_("日期格式不正确，应如 2025-04-01、2025/4/1 或 2025年4月1日。"))
    text = re.sub(r"\s+", " ", str(value).strip())
    for pattern in _DATE_RES:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise ParseError(_("日期不存在。"))
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return parse_date(float(text))
    raise ParseError(_("日期格式不正确，应如 2025-04-01、2025/4/1 或 2025年4月1日。"))


def make_choice_parser(choices, *, aliases: dict[str, str] | None = None) -> Callable[[Any], str]:
    """Accept a choice's Chinese label or its stored value (and extra aliases)."""
    mapping: dict[str, Any] = {}
    for value, label in choices:
        mapping[_squash(str(label))] = value
        mapping[_squash(str(value)).lower()] = value
    for alias, value in (aliases or {}).items():
        mapping[_squash(alias)] = value
    labels = "、".join(str(label) for _v, label in choices)

    def parse(value):
        text = _squash(cell_text(value))
        if text in mapping:
            return mapping[text]
        if text.lower() in mapping:
            return mapping[text.lower()]
        raise ParseError(_("应为以下之一：%(labels)s。") % {"labels": labels})

    parse.labels = labels  # type: ignore[attr-defined]
    return parse


_LIST_SPLIT = re.compile(r"[、,，;；/\n]+")


def parse_name_list(value) -> list[str]:
    """'装备制造、食品加工；电子信息' → ['装备制造', '食品加工', '电子信息']."""
    names = [n.strip() for n in _LIST_SPLIT.split(cell_text(value))]
    return list(dict.fromkeys(n for n in names if n))


# --- declarations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A column whose value is a code of a row in another table (or of the same table)."""

    model: Any  # model class, or a callable returning it (to avoid import cycles)
    to_field: str = "code"
    label: str = ""  # what the code names, for messages: "行政区划", "集聚区"
    filters: dict = field(default_factory=dict)

    def get_model(self):
        from django.db.models import Model

        if isinstance(self.model, type) and issubclass(self.model, Model):
            return self.model
        return self.model()


@dataclass
class Column:
    header: str
    field: str | None = None
    parser: Callable[[Any], Any] = parse_text
    required: bool = False
    aliases: tuple[str, ...] = ()
    unit: str | None = None
    ref: Ref | None = None
    fmt: str = ""  # format description for 填写说明
    example: str = ""
    help: str = ""
    text_format: bool = False  # template column formatted as text (codes keep leading zeros)
    choices: tuple[str, ...] = ()  # template dropdown values

    @property
    def display_header(self) -> str:
        return f"{self.header}（{self.unit}）" if self.unit else self.header

    def names(self) -> set[str]:
        return {split_header(n)[0] for n in (self.header, *self.aliases)}

    def parse(self, value):
        """Empty → None; otherwise the parsed value (ParseError on a bad cell)."""
        if is_empty(value):
            return None
        return self.parser(value)


def text(header, field=None, **kw) -> Column:
    kw.setdefault("fmt", _("文本"))
    return Column(header, field, parse_text, **kw)


def code(header, field=None, *, digits=None, pad=None, pattern=None, message="", **kw) -> Column:
    kw.setdefault("fmt", _("%(n)d位数字") % {"n": digits} if digits else _("文本"))
    kw.setdefault("text_format", True)
    parser = make_code_parser(digits=digits, pad=pad, pattern=pattern, message=message)
    return Column(header, field, parser, **kw)


def decimal(header, field=None, **kw) -> Column:
    kw.setdefault("fmt", _("数字，可带小数"))
    return Column(header, field, parse_decimal, **kw)


def integer(header, field=None, **kw) -> Column:
    kw.setdefault("fmt", _("整数"))
    return Column(header, field, parse_int, **kw)


def boolean(header, field=None, **kw) -> Column:
    kw.setdefault("fmt", _("是/否（也可填 Y/N、1/0、√）；留空视为“否”"))
    kw.setdefault("example", "是")
    kw.setdefault("choices", ("是", "否"))
    return Column(header, field, parse_bool, **kw)


def date(header, field=None, **kw) -> Column:
    kw.setdefault("fmt", _("日期，如 2025-04-01、2025/4/1、2025年4月1日"))
    kw.setdefault("example", "2025-04-01")
    return Column(header, field, parse_date, **kw)


def choice(header, field=None, *, choices, aliases=None, **kw) -> Column:
    parser = make_choice_parser(choices, aliases=aliases)
    kw.setdefault("fmt", _("以下之一：%(labels)s") % {"labels": parser.labels})
    kw.setdefault("choices", tuple(str(label) for _v, label in choices))
    return Column(header, field, parser, **kw)
