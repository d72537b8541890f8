"""The importer framework: declared columns, readers for .xlsx/.csv, validate everything
then write everything in one transaction, row/column/value/reason errors, templates.

    from clusterzone.core.importing import get_importer, importer_kinds, ImportResult, RowError
    imp = get_importer("enterprises")
    result = imp.run(fileobj_or_path, filename="x.xlsx", actor=user, dry_run=False)
"""

from .columns import Column, ParseError, Ref
from .registry import get_importer, importer_kinds, register
from .runner import SYSTEM, Context, Importer, ImportResult, RowError, RowPlan

__all__ = [
    "SYSTEM",
    "Column",
    "Context",
    "ImportResult",
    "Importer",
    "ParseError",
    "Ref",
    "RowError",
    "RowPlan",
    "get_importer",
    "importer_kinds",
    "register",
]
