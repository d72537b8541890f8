"""The records behind a derived figure, for the list pages a figure links to.

The reporting module pre-fills some report figures from the platform's own records (项目库,
企业名录, 争取上级资金台账) and links each figure to the list of the records it counted, as
`?source=<indicator code>&period=<period>`. The list pages' FilterSets narrow their queryset
through `figure_records`; the module that derives the figures registers how when it starts
(AppConfig.ready), so the apps that keep the records never import it.

    register(narrow)    narrow(code, period, qs) -> qs narrowed to the records behind the figure
    figure_records(code, period, qs) -> QuerySet
        an unknown source or period (or no module registered) narrows to nothing
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

_narrow: list[Callable[[str, object, QuerySet], QuerySet]] = []


def register(narrow: Callable[[str, object, QuerySet], QuerySet]) -> None:
    _narrow[:] = [narrow]


def figure_records(code: str, period, qs: QuerySet) -> QuerySet:
    if not _narrow:
        return qs.none()
    return _narrow[0](code, period, qs)
