"""Figures an assessment of clusters reads from other apps' records instead of the reported
indicator values: 到资 (funds actually in place) and the amount signed, kept by the
investment module, are such figures.

    register(Source(code, label, unit, read))
    read(cluster_ids: list[int], years: list[int]) -> {(cluster_id, year): Decimal}
        the figure of each cluster and year, in ONE query whatever the number of clusters

A scheme names a source's code as it names an indicator (`indicator: funds_in_place`) with
any measure (value, yoy, target_pct — the targets are the reported indicators' only, so a
source has none) and any method. The apps that keep the records register their sources when
they start (AppConfig.ready), as the land app registers its subject kind; assessment never
imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Source:
    code: str
    label: object  # the Chinese name shown beside the code
    unit: str
    read: Callable[[list[int], list[int]], dict[tuple[int, int], Decimal]]


REGISTRY: dict[str, Source] = {}


def register(source: Source) -> None:
    REGISTRY[source.code] = source


def get(code: str) -> Source | None:
    return REGISTRY.get(code)


def codes() -> set[str]:
    return set(REGISTRY)


def names() -> dict[str, str]:
    return {code: str(s.label) for code, s in REGISTRY.items()}
