"""bands: [[lower_bound, points], …] ascending; the points of the highest band whose lower
bound ≤ x (weight ignored); below the first band → 0."""

from decimal import Decimal


def points(item, xs, *, extra=None):
    bands = [(Decimal(str(lb)), Decimal(str(p))) for lb, p in item["bands"]]
    out = {}
    for c, x in xs.items():
        if x is None:
            continue
        got = Decimal(0)
        for lb, p in bands:
            if lb <= x:
                got = p
        out[c] = got
    return out
