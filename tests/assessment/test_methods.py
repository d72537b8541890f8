"""Every scoring method against hand-computed points (issue #4's formulas)."""

from decimal import Decimal as D

import pytest

from clusterzone.assessment.methods import bands, benchmark, linear, manual, rank, target
from clusterzone.assessment.methods.rank import competition_ranks


def test_target_uses_cluster_target_and_default_cap():
    item = {"indicator": "fai", "measure": "value", "weight": 20, "method": "target"}
    xs = {"a": D(150000), "b": D(900000), "c": D(100)}
    got = target.points(item, xs, extra={"a": D(600000), "b": D(600000), "c": None})
    assert got["a"] == D(5)  # 20 × 150000/600000 = 5
    assert got["b"] == D(20)  # capped at 1.0
    assert "c" not in got  # no target → no value


def test_target_cap_and_scheme_target():
    item = {"indicator": "fai", "measure": "value", "weight": 20, "method": "target", "cap": 1.2}
    assert target.points(item, {"b": D(900000)}, extra={"b": D(600000)})["b"] == D(24)  # 20 × 1.2
    item2 = {"indicator": "revenue", "measure": "yoy", "weight": 10, "method": "target", "target": 8}
    assert target.points(item2, {"a": D(6)})["a"] == D("7.5")  # 10 × 6/8
    item3 = {"indicator": "fai", "measure": "target_pct", "weight": 10, "method": "target"}
    assert target.points(item3, {"a": D(80)})["a"] == D(8)  # 10 × 80/100


def test_linear_higher_lower_equal_floor():
    item = {"weight": 30, "method": "linear"}
    xs = {"a": D(100), "b": D(250), "c": D(400), "d": None}
    got = linear.points(item, xs)
    assert got == {"a": D(0), "b": D(15), "c": D(30)}  # (250−100)/(400−100) = 0.5
    low = linear.points({**item, "direction": "lower"}, xs)
    assert low["a"] == D(30) and low["c"] == D(0) and low["b"] == D(15)
    assert linear.points(item, {"a": D(5), "b": D(5)}) == {"a": D(30), "b": D(30)}
    floor = linear.points({**item, "floor": 20}, xs)
    assert floor["a"] == D(6)  # 30 × 20/100
    assert floor["b"] == D(18)  # 30 × (20 + 80 × 0.5)/100


def test_benchmark_higher_lower_cap():
    item = {"weight": 10, "method": "benchmark", "benchmark": 50}
    got = benchmark.points(item, {"a": D(40), "b": D(80)})
    assert got == {"a": D(8), "b": D(10)}
    got = benchmark.points({**item, "cap": D("1.5")}, {"b": D(80)})
    assert got["b"] == D(15)  # 80/50 = 1.6 → cap 1.5
    low = benchmark.points({**item, "direction": "lower"}, {"a": D(100), "b": D(25)})
    assert low == {"a": D(5), "b": D(10)}  # 50/100 → 5; 50/25 = 2 → cap 1


def test_rank_with_ties_and_single():
    item = {"weight": 20, "method": "rank"}
    xs = {"a": D(30), "b": D(20), "c": D(20), "d": D(5), "e": None}
    got = rank.points(item, xs)
    # ranks 1, 2, 2, 4 over n = 4: 20 × (4−r)/3
    assert got["a"] == D(20)
    assert got["b"] == got["c"] == D(20) * 2 / 3
    assert got["d"] == D(0)
    assert "e" not in got
    assert rank.points(item, {"a": D(1), "b": None}) == {"a": D(20)}
    low = rank.points({**item, "direction": "lower"}, {"a": D(1), "b": D(2)})
    assert low == {"a": D(20), "b": D(0)}


def test_competition_ranks():
    assert competition_ranks({"a": 90, "b": 80, "c": 80, "d": 70}) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_bands_highest_band_not_above_x():
    item = {"method": "bands", "bands": [[0, 0], [10000, 5], [30000, 10]]}
    got = bands.points(item, {"a": D(9999), "b": D(10000), "c": D(45000), "d": D(-1), "e": None})
    assert got == {"a": D(0), "b": D(5), "c": D(10), "d": D(0)}


def test_manual_capped_at_weight():
    item = {"weight": 5, "method": "manual"}
    got = manual.points(item, {}, extra={"a": D(4), "b": D(7), "c": None})
    assert got == {"a": D(4), "b": D(5)}


@pytest.mark.parametrize("mod", [target, linear, benchmark, rank, bands])
def test_no_values_no_points(mod):
    item = {"weight": 1, "method": "x", "benchmark": 1, "bands": [[0, 1]]}
    assert mod.points(item, {"a": None}, extra={}) == {}
