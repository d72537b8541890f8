"""rank: points = weight × (n − r) / (n − 1), r the competition rank on the measure (1 = best:
largest, or smallest for direction lower; ties share a rank), n the clusters with a value;
n = 1 → full weight."""

from decimal import Decimal

from clusterzone.core.ranking import competition_ranks

__all__ = ["competition_ranks", "points"]


def points(item, xs, *, extra=None):
    weight = Decimal(str(item["weight"]))
    present = {c: x for c, x in xs.items() if x is not None}
    n = len(present)
    if n == 0:
        return {}
    if n == 1:
        return {c: weight for c in present}
    ranks = competition_ranks(present, lower=item.get("direction", "higher") == "lower")
    return {c: weight * (n - r) / (n - 1) for c, r in ranks.items()}
