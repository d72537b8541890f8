"""THE register of issued documents (发文登记) and its numbering: one service for every kind
of official document (通报, 会议纪要, 督查通报 …).

    office = document_office(unit)                        # prefix etc., created on first use
    document_number_proposed(unit=unit, year=2025)        # → "鲁集聚办〔2025〕7号" (not reserved)
    doc = document_issue(
        actor=user, unit=unit, kind=DocumentKind.BULLETIN, title="关于……的通报",
        signed_on=date(2025, 5, 21), subject="410423 2025-04",
        render=lambda number: (docx_bytes, xlsx_bytes_or_None),   # called with the number
        figures={...},                                     # JSON: what the document says
        corrects=None,                                     # or the IssuedDocument it corrects
    )

The sequence number is allocated inside the issuing transaction from the office's counter
row for the year, locked with SELECT … FOR UPDATE: two concurrent issues get consecutive
numbers, a failed issue (an error while rendering) rolls the counter back, so numbers have
no gaps and are never reused. The stored row is immutable (core.models.IssuedDocument).
Once stored, `core.signals.document_issued` is sent: the apps that issue documents tell
their recipients (the "bulletin issued" notification) from their receivers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy

from .exceptions import DomainError
from .models import DocumentCounter, DocumentKind, DocumentOffice, IssuedDocument
from .signals import document_issued


def default_prefix(unit) -> str:
    """鲁山县 → 鲁集聚办: the first character of the office's region and 集聚办."""
    region = getattr(unit, "region", None)
    first = (region.name if region is not None else unit.name)[:1]
    return f"{first}集聚办"


def document_office(unit) -> DocumentOffice:
    """The numbering settings of an office (created with the default prefix on first use)."""
    office = DocumentOffice.objects.filter(unit=unit).first()
    if office is None:
        office = DocumentOffice(unit=unit, prefix=default_prefix(unit), printer=unit.name)
        try:
            with transaction.atomic():
                office.save()
        except IntegrityError:
            office = DocumentOffice.objects.get(unit=unit)
    return office


def document_office_save(*, actor, office: DocumentOffice, data: dict, reason: str | None = None):
    """Create or change an office's settings (发文字号前缀, 红头, 主送, 抄送, 印发机关); numbers
    already given keep their prefix, the next one uses the new prefix."""
    from .services import instance_save

    return instance_save(office, actor=actor, data=data, reason=reason)


def format_number(prefix: str, year: int, sequence: int) -> str:
    """鲁集聚办〔2025〕7号 (GB/T 9704: 六角括号 around the year, no leading zeros)."""
    return f"{prefix}〔{year}〕{sequence}号"


def document_number_proposed(*, unit, year: int) -> str:
    """The number the next document of the office and year will get (not reserved)."""
    last = DocumentCounter.objects.filter(unit=unit, year=year).values_list("last", flat=True).first() or 0
    return format_number(document_office(unit).prefix, year, last + 1)


def _next_sequence(unit, year: int) -> int:
    """Lock the office's counter row of the year and advance it (inside a transaction)."""
    try:
        with transaction.atomic():
            DocumentCounter.objects.get_or_create(unit=unit, year=year)
    except IntegrityError:  # created at the same moment by a concurrent issue
        pass
    counter = DocumentCounter.objects.select_for_update().get(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def sha256_of(docx: bytes, xlsx: bytes | None = None) -> str:
    h = hashlib.sha256(docx)
    if xlsx:
        h.update(xlsx)
    return h.hexdigest()


@transaction.atomic
def document_issue(
    *,
    actor,
    unit,
    kind: str,
    title: str,
    signed_on: date,
    render: Callable[[str], tuple[bytes, bytes | None]],
    figures: dict | None = None,
    subject: str = "",
    corrects: IssuedDocument | None = None,
) -> IssuedDocument:
    """Number, render, hash and store a document in the register (see the module docstring)."""
    if kind not in DocumentKind.values:
        raise DomainError(_("未知的文种：%(kind)s") % {"kind": kind}, field="kind")
    draft = IssuedDocument(unit=unit, kind=kind, title=title, year=signed_on.year, sequence=0)
    policy.require(actor, "add", draft)
    if corrects is not None:
        if not policy.can(actor, "view", corrects):
            raise DomainError(_("被更正的文件不存在。"), field="corrects")
        if corrects.unit_id != unit.pk:
            raise DomainError(_("只能更正本单位印发的文件。"), field="corrects")
    if not title.strip():
        raise DomainError(_("请填写标题。"), field="title")
    office = document_office(unit)
    sequence = _next_sequence(unit, signed_on.year)
    number = format_number(office.prefix, signed_on.year, sequence)
    docx, xlsx = render(number)
    draft.sequence = sequence
    draft.number = number
    draft.docx = docx
    draft.xlsx = xlsx
    draft.figures = figures or {}
    draft.subject = subject
    draft.sha256 = sha256_of(docx, xlsx)
    draft.issued_by = actor if getattr(actor, "pk", None) else None
    draft.issued_at = timezone.now()
    draft.signed_on = signed_on
    draft.corrects = corrects
    draft.save()
    document_issued.send(sender=IssuedDocument, document=draft, actor=actor)
    return draft


def document_list(*, user, kind: str | None = None, unit=None, year: int | None = None):
    """Issued documents the user may see, newest first (one query)."""
    qs = (
        policy.scope(user, IssuedDocument)
        .select_related("unit", "issued_by", "corrects")
        .defer("docx", "xlsx", "figures")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if year:
        qs = qs.filter(year=year)
    return qs
