"""Issuing a bulletin: build it (with the office's edits), number it in the register of issued
documents (core.documents), render the .docx with its 发文字号 and the .xlsx, store both with
the figures it used. An issued bulletin never changes; a correction is a new bulletin that
names the one it corrects.

    bulletin_issue(actor=user, region="410423", period="2025-04", signed_on=date(2025, 5, 21),
                   sections=[...], edits={"overall": "…", "requirements": "…"}, corrects=None)
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.core import documents
from clusterzone.core.exceptions import DomainError
from clusterzone.core.models import DocumentKind, IssuedDocument
from clusterzone.reporting.selectors import progress as prog

from . import docx as bulletin_docx
from . import xlsx as bulletin_xlsx
from .content import DEFAULT_SECTIONS, build


def issuing_unit(actor, region) -> OrgUnit:
    """The office issuing a region's bulletin: the region's joint-meeting office, else the
    actor's own unit when it sits in that region."""
    unit = OrgUnit.objects.filter(region=region, kind=UnitKind.JOINT_OFFICE).order_by("pk").first()
    if unit is None and getattr(actor, "unit_id", None) and actor.unit.region_id == region.pk:
        unit = actor.unit
    if unit is None:
        raise DomainError(_("%(region)s尚无联席会议办公室，不能印发通报。") % {"region": region.name})
    return unit


def bulletin_issue(
    *,
    actor,
    region,
    period,
    signed_on: date,
    sections=DEFAULT_SECTIONS,
    edits: dict | None = None,
    corrects: IssuedDocument | None = None,
) -> IssuedDocument:
    user = None if getattr(actor, "pk", None) is None else actor
    reg = prog.resolve_region(user, region)
    b = build(user=user, region=reg, period=period, issued=signed_on, sections=sections, edits=edits)
    unit = issuing_unit(actor, reg)
    office = documents.document_office(unit)
    b.issuer = unit.name

    def render(number):
        return bulletin_docx.render(b, number=number, office=office), bulletin_xlsx.render(b)

    title = b.title if corrects is None else _("%(title)s（更正）") % {"title": b.title}
    b.title = title
    doc = documents.document_issue(
        actor=actor,
        unit=unit,
        kind=DocumentKind.BULLETIN,
        title=title,
        signed_on=signed_on,
        render=render,
        figures=b.figures(),
        subject=f"{reg.code} {b.period}",
        corrects=corrects,
    )
    return doc
