"""linear: points = weight × (x − min) / (max − min) over the clusters with a value
(direction lower: (max − x) / (max − min)); all equal → full weight. With `floor` (a
percentage): weight × (floor + (100 − floor) × share) / 100."""

from decimal import Decimal


def points(item, xs, *, extra=None):
    weight = Decimal(str(item["weight"]))
    floor = Decimal(str(item.get("floor", 0)))
    lower = item.get("direction", "higher") == "lower"
    present = {c: x for c, x in xs.items() if x is not None}
    if not present:
        return {}
    lo, hi = min(present.values()), max(present.values())
    out = {}
    for c, x in present.items():
        if hi == lo:
            share = Decimal(1)
        else:
            share = ((hi - x) if lower else (x - lo)) / (hi - lo)
        out[c] = weight * (floor + (100 - floor) * share) / 100
    return out
