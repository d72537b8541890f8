"""The "bulletin issued" notification (通报已印发): when a bulletin of a region is issued into
the register (core.signals.document_issued), the committees of the clusters it covers — the
users who report for them — are told once (key per document and recipient) through the
notifications machinery (inbox, e-mail, the units' webhooks)."""

from __future__ import annotations

from clusterzone.accounts.models import Region
from clusterzone.core.models import DocumentKind
from clusterzone.notifications.services import document_issued_notify
from clusterzone.registry.models import Cluster


def bulletin_units(document) -> list[int]:
    """The committees of the clusters in the bulletin's region (its `subject` starts with the
    region code: "411700 2025-04")."""
    code = (document.subject or "").split(" ")[0]
    region = Region.objects.filter(code=code).first() if code else None
    if region is None:
        return []
    return list(
        Cluster.objects.filter(region__path__startswith=region.path, committee__isnull=False)
        .values_list("committee_id", flat=True)
        .distinct()
    )


def on_document_issued(sender, document, **kwargs) -> None:
    if document.kind != DocumentKind.BULLETIN:
        return
    document_issued_notify(document, unit_ids=bulletin_units(document), event="bulletin.issued")
