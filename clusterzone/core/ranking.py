"""Competition ranking ("1224"): equal values share a rank and the next rank skips. One sort
per group, so ranking n subjects costs O(n log n); the progress readings and the assessment
engine both rank with it."""

from __future__ import annotations


def competition_ranks(values: dict, *, lower: bool = False) -> dict:
    """{key: rank} with 1 = the largest value (the smallest with `lower`); values must be
    comparable and not None."""
    ordered = sorted(values.values(), reverse=not lower)
    first = {}
    for i, v in enumerate(ordered):
        first.setdefault(v, i + 1)
    return {k: first[v] for k, v in values.items()}
