"""One engine for any subject: subjects named under "subjects", classes by shares with ties at
a boundary taking the better class, excluded subjects, benchmarks as the mean of the
assessed subjects' measures, exact-score ranking (engine only, no database)."""

from decimal import Decimal as D

import pytest

from clusterzone.assessment import schemes
from clusterzone.assessment.engine import compute

SCHEME = {
    "name": "对象通用测试",
    "year": 2025,
    "region": "410000",
    "subject": "unit",
    "dimensions": [
        {"name": "评议", "indicators": [{"indicator": "x", "weight": 10, "method": "benchmark", "cap": 1.5}]}
    ],
    "classes": {
        "levels": [{"code": "A", "share": 20}, {"code": "B", "share": 60}, {"code": "C"}],
        "excluded": "T",
    },
    "exact_scores": True,
}


def subjects(values, excluded=()):
    return {
        code: {
            "name": code,
            "measures": {"x.value": v},
            **({"excluded": ["少于3人"]} if code in excluded else {}),
        }
        for code, v in values.items()
    }


def test_mean_benchmark_cap_classes_and_exclusion():
    # mean of the five assessed = (40+20+20+10+10)/5 = 20; Z (excluded, 1000) stays out of it
    vals = {"P": 40, "Q": 20, "R": 20, "S": 10, "U": 10, "Z": 1000}
    info = {}
    rows = compute(SCHEME, {"year": 2025, "subjects": subjects(vals, excluded={"Z"})}, info)
    assert info["benchmarks"] == {"x.value": D(20)}
    by = {r.cluster: r for r in rows}
    assert by["P"].score == D(15)  # 10 × 40/20 = 20, capped at 1.5 × 10
    assert by["Q"].score == D(10) and by["S"].score == D(5)
    # N = 5: A = round(1.0) = 1, B up to round(3.0) = 3, C the rest
    assert [(r.cluster, r.rank, r.klass) for r in rows] == [
        ("P", 1, "A"), ("Q", 2, "B"), ("R", 2, "B"), ("S", 4, "C"), ("U", 4, "C"), ("Z", None, "T"),
    ]  # fmt: skip
    assert by["Z"].excluded and by["Z"].points == {} and by["Z"].exclude_reasons == ["少于3人"]


def test_tie_across_a_boundary_takes_the_better_class():
    # N = 4: A = round(0.8) = 1; P and Q tie at rank 1 → both A; B up to round(2.4) = 2 is
    # then full (positions count, not classes), R at rank 3 is C
    rows = compute(SCHEME, {"year": 2025, "subjects": subjects({"P": 30, "Q": 30, "R": 20, "S": 10})})
    assert [(r.cluster, r.klass) for r in rows] == [("P", "A"), ("Q", "A"), ("R", "C"), ("S", "C")]


def test_round_half_up_of_the_shares():
    # N = 10 with share 25 → 2.5 → 3 (half up, not banker's 2)
    scheme = {**SCHEME, "classes": {"levels": [{"code": "A", "share": 25}, {"code": "B"}]}}
    rows = compute(scheme, {"year": 2025, "subjects": subjects({f"E{i:02d}": 100 - i for i in range(10)})})
    assert [r.klass for r in rows].count("A") == 3


def test_exact_scores_rank_before_rounding():
    # 10 × 20.0004/20 = 10.0002 and 10 × 20.0002/20 = 10.0001 round alike but rank apart
    scheme = {**SCHEME, "dimensions": [{"name": "d", "indicators": [{"indicator": "x", "weight": 10, "method": "benchmark", "benchmark": 20, "cap": 1.5}]}]}  # fmt: skip
    rows = compute(scheme, {"year": 2025, "subjects": subjects({"P": "20.0002", "Q": "20.0004"})})
    assert [(r.cluster, r.score, r.rank) for r in rows] == [("Q", D("10.00"), 1), ("P", D("10.00"), 2)]


@pytest.mark.parametrize(
    "change, path",
    [
        ({"subject": "village"}, "subject"),
        ({"classes": {"levels": [{"code": "A", "share": 60}, {"code": "B", "share": 20}, {"code": "C"}]}}, "classes.levels[1].share"),
        ({"classes": {"levels": [{"code": "A"}, {"code": "B"}]}}, "classes.levels[0].share"),
        ({"exclude": {"min_land": -1}}, "exclude.min_land"),
    ],
)  # fmt: skip
def test_scheme_validation_of_subject_keys(change, path):
    assert path in [p for p, _m in schemes.validate({**SCHEME, **change})]


def test_mean_benchmark_allowed_for_non_cluster_subjects_only():
    assert schemes.validate(SCHEME) == []
    cluster = {**SCHEME, "subject": "cluster", "classes": None}
    cluster.pop("classes")
    assert "dimensions[0].indicators[0].benchmark" in [p for p, _m in schemes.validate(cluster)]
    cluster["dimensions"] = [{"name": "d", "indicators": [{"indicator": "x", "weight": 10, "method": "benchmark", "benchmark": "mean"}]}]  # fmt: skip
    assert schemes.validate(cluster) == []
