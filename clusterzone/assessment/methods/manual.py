"""manual: the points the office entered for the cluster (extra[cluster] = Decimal), capped at
the weight (and at 0 from below); no entry → no value (0 points and a flag)."""

from decimal import Decimal


def points(item, xs, *, extra=None):
    weight = Decimal(str(item["weight"]))
    out = {}
    for c, p in (extra or {}).items():
        if p is None:
            continue
        out[c] = max(Decimal(0), min(Decimal(str(p)), weight))
    return out
