"""target: points = weight × min(x / target, cap), cap defaults to 1.0.

The target is the scheme's `target` when given; otherwise, for measure `value`, the cluster's
annual Target of the indicator for the year (extra[cluster]); for `target_pct`, 100. Without
a target (or a target ≤ 0) the cluster has no value. Points never go below 0."""

from decimal import Decimal


def points(item, xs, *, extra=None):
    weight = Decimal(str(item["weight"]))
    cap = Decimal(str(item.get("cap", 1)))
    fixed = item.get("target")
    measure = item.get("measure", "value")
    out = {}
    for c, x in xs.items():
        if x is None:
            continue
        if fixed is not None:
            t = Decimal(str(fixed))
        elif measure == "target_pct":
            t = Decimal(100)
        else:
            t = (extra or {}).get(c)
        if t is None or t <= 0:
            continue
        out[c] = weight * max(Decimal(0), min(x / t, cap))
    return out
