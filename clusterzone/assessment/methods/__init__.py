"""Scoring methods, one module per method. Each module exposes

    points(item, xs, *, extra) -> dict[cluster, Decimal]

item: the scheme indicator (dict); xs: {cluster: Decimal | None} the measure of every
assessed cluster; extra: per-cluster data the method needs (targets for `target`, the
office's entries for `manual`). Clusters left out of the result have no value: the engine
gives them 0 points and a flag. Points are exact Decimals (the engine rounds the composite).
"""

from decimal import Decimal

from . import bands, benchmark, linear, manual, rank, target

REGISTRY = {
    "target": target,
    "linear": linear,
    "benchmark": benchmark,
    "rank": rank,
    "bands": bands,
    "manual": manual,
}


def dec(value, default=None) -> Decimal | None:
    if value is None:
        return default
    return Decimal(str(value))


def get(name: str):
    return REGISTRY[name]
