"""Hooks of the core services for the apps above core (core imports no domain app): an app
connects a receiver in its AppConfig.ready and decides there what the event means to it.

- `document_issued(sender=IssuedDocument, document=…, actor=…)`: sent by
  `core.documents.document_issue` inside the issuing transaction, once the numbered document is
  stored (a receiver's writes — notifications — commit or roll back with the issue).
"""

from django.dispatch import Signal

document_issued = Signal()
