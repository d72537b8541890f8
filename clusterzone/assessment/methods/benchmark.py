"""benchmark: points = weight × min(x / benchmark, cap) against the scheme's `benchmark`
(cap defaults to 1.0); direction lower: weight × min(benchmark / x, cap) (x ≤ 0 → cap). Points
never go below 0.

The benchmark is the scheme's value, or — when the scheme gives none (or writes "mean") —
the arithmetic mean of the measure over the assessed subjects that have one (the mean of
their ratios, not a ratio of sums). A mean of 0 or less gives every subject 0 points.
"""

from decimal import Decimal


def benchmark_of(item, xs) -> Decimal | None:
    b = item.get("benchmark")
    if b is not None and b != "mean":
        return Decimal(str(b))
    present = [x for x in xs.values() if x is not None]
    if not present:
        return None
    return sum(present, Decimal(0)) / len(present)


def points(item, xs, *, extra=None):
    weight = Decimal(str(item["weight"]))
    cap = Decimal(str(item.get("cap", 1)))
    b = benchmark_of(item, xs)
    lower = item.get("direction", "higher") == "lower"
    out = {}
    if b is None:
        return out
    for c, x in xs.items():
        if x is None:
            continue
        if b <= 0:
            out[c] = Decimal(0)
            continue
        if lower:
            ratio = cap if x <= 0 else b / x
        else:
            ratio = x / b
        out[c] = weight * max(Decimal(0), min(ratio, cap))
    return out
