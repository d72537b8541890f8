"""benchmark: points = weight × min(x / benchmark, cap) against the scheme's fixed
`benchmark` (cap defaults to 1.0); direction lower: weight × min(benchmark / x, cap) (x ≤ 0 →
cap). Points never go below 0."""

from decimal import Decimal


def points(item, xs, *, extra=None):
    weight = Decimal(str(item["weight"]))
    cap = Decimal(str(item.get("cap", 1)))
    b = Decimal(str(item["benchmark"]))
    lower = item.get("direction", "higher") == "lower"
    out = {}
    for c, x in xs.items():
        if x is None:
            continue
        if lower:
            ratio = cap if x <= 0 else b / x
        else:
            ratio = x / b
        out[c] = weight * max(Decimal(0), min(ratio, cap))
    return out
