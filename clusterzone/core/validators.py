"""Identifier checks: unified social credit code (GB 32100-2015) and organisation code
(GB 11714). python-stdnum checks the credit code's last character; the GB 11714 check of
characters 9-17 (the embedded organisation code) is ours, since stdnum does not do it."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import uscc

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def org_code_check_char(body: str) -> str:
    """GB 11714 check character for the 8-character body."""
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def normalize_org_code(value: str) -> str:
    """'77943225-2' or '779432252' → '77943225-2' (no check)."""
    v = re.sub(r"[\s\-－—]", "", str(value or "")).upper()
    return f"{v[:8]}-{v[8:]}" if len(v) == 9 else v


def validate_org_code(value: str) -> None:
    v = normalize_org_code(value)
    if not re.fullmatch(r"[0-9A-Z]{8}-[0-9X]", v):
        raise ValidationError(
            _("组织机构代码应为8位数字或大写字母加1位校验码（如 77943225-2）。"), code="format"
        )
    if org_code_check_char(v[:8]) != v[-1]:
        raise ValidationError(
            _("组织机构代码校验码错误：应为 %(expected)s。"),
            code="checksum",
            params={"expected": org_code_check_char(v[:8])},
        )


def normalize_credit_code(value: str) -> str:
    return re.sub(r"\s", "", str(value or "")).upper()


def validate_credit_code(value: str) -> None:
    v = normalize_credit_code(value)
    if len(v) != 18:
        raise ValidationError(_("统一社会信用代码应为18位。"), code="length")
    try:
        uscc.validate(v)
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(_("统一社会信用代码校验位错误。"), code="checksum")
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("统一社会信用代码格式不正确。"), code="format")
    body = v[8:16]
    if re.fullmatch(r"[0-9A-Z]{8}", body) and org_code_check_char(body) != v[16]:
        raise ValidationError(
            _("统一社会信用代码中的组织机构代码（第9-17位）校验码错误。"), code="org_checksum"
        )
