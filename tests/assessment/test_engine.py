"""The engine on small schemes computed by hand (no database)."""

from decimal import Decimal as D

from clusterzone.assessment.engine import compute, input_hash

SCHEME = {
    "name": "测试方案",
    "year": 2025,
    "region": "410000",
    "dimensions": [
        {
            "name": "经济总量",
            "indicators": [
                {"indicator": "revenue", "measure": "value", "weight": 30, "method": "linear"},
                {"indicator": "fai", "measure": "value", "weight": 20, "method": "target", "cap": 1.2},
            ],
        },
        {
            "name": "质量效益",
            "indicators": [
                {"indicator": "revenue", "measure": "yoy", "weight": 20, "method": "rank"},
                {
                    "indicator": "tax",
                    "measure": "value",
                    "method": "bands",
                    "bands": [[0, 0], [10000, 5], [30000, 10]],
                },
            ],
        },
    ],
    "stars": [{"level": 2, "min_score": 80, "require": {"revenue": 1000000}}, {"level": 1, "min_score": 60}],
    "threshold": {"revenue": 500000},
    "deductions": [{"name": "中央环保督察问题", "points": 0.3}, {"name": "重大安全事故", "points": 1}],
    "vetoes": [{"name": "重大环境污染事件"}],
    "outcomes": {
        "top": {"count": 1, "label": "优秀产业集聚区"},
        "bottom": {"count": 1, "label": "通报批评"},
        "consecutive_missed_targets": {"years": 2, "label": "黄牌警告"},
    },
}


def cl(name, revenue, yoy, fai, fai_target, tax, history=None, **extra):
    values = {"revenue": revenue, "fai": fai, "tax": tax}
    targets = {"fai": fai_target} if fai_target is not None else {}
    return {
        "name": name,
        "measures": {"revenue.value": revenue, "fai.value": fai, "revenue.yoy": yoy, "tax.value": tax},
        "history": {"2025": {"values": values, "targets": targets}, **(history or {})},
        **extra,
    }


def inputs(**overrides):
    clusters = {
        "A": cl("甲", 1200000, 10, 660000, 600000, 35000),
        "B": cl(
            "乙", 800000, 20, 300000, 600000, 20000,
            history={"2024": {"values": {"revenue": 700000, "fai": 400000}, "targets": {"fai": 500000}}},
        ),
        "C": cl(
            "丙", 400000, 10, 450000, 500000, 5000,
            history={
                "2024": {"values": {"revenue": 450000}, "targets": {}},
                "2023": {"values": {"revenue": 550000}, "targets": {}},
                "2022": {"values": {"revenue": 100}, "targets": {}},
            },
        ),
        "D": cl("丁", 600000, None, 200000, None, 12000),
    }  # fmt: skip
    for code, patch in overrides.items():
        clusters[code] = {**clusters[code], **patch}
    return {"year": 2025, "clusters": clusters}


def by_code(rows):
    return {r.cluster: r for r in rows}


def test_hand_computed_scheme():
    rows = compute(SCHEME, inputs())
    r = by_code(rows)
    # revenue.value linear over 400k…1.2M; fai target (cap 1.2); revenue.yoy rank; tax bands
    assert r["A"].points == {
        "revenue.value": D(30),
        "fai.value": D(22),
        "revenue.yoy": D(10),
        "tax.value": D(10),
    }
    assert r["B"].points == {
        "revenue.value": D(15),
        "fai.value": D(10),
        "revenue.yoy": D(20),
        "tax.value": D(5),
    }
    assert r["C"].points == {
        "revenue.value": D(0),
        "fai.value": D(18),
        "revenue.yoy": D(10),
        "tax.value": D(0),
    }
    assert r["D"].points == {
        "revenue.value": D("7.5"),
        "fai.value": D(0),
        "revenue.yoy": D(0),
        "tax.value": D(5),
    }
    assert [x.cluster for x in rows] == ["A", "B", "C", "D"]
    assert [(x.score, x.rank) for x in rows] == [(D(72), 1), (D(50), 2), (D(28), 3), (D("12.5"), 4)]
    assert r["A"].dimension_points == {"经济总量": D(52), "质量效益": D(20)}
    assert r["D"].flags == ["fai.value：无目标值", "revenue.yoy：无数据"]
    assert r["A"].flags == []
    # stars: A ≥ 60 but < 80 → 1; others none
    assert [x.star for x in rows] == [1, 0, 0, 0]
    # threshold 500000: C below in 2025, 2024 (450k) but not 2023 → 2 years
    assert (r["C"].below_threshold, r["C"].below_threshold_years) == (True, 2)
    assert (r["D"].below_threshold, r["D"].below_threshold_years) == (False, 0)
    # outcomes: top 1 A; bottom 1 D; B missed its fai target in 2025 (50%) and 2024 (80%)
    assert r["A"].outcome == "优秀产业集聚区"
    assert r["D"].outcome == "通报批评"
    assert r["B"].outcome == "黄牌警告"
    assert r["C"].outcome is None  # missed 2025 only (no target in 2024)


def test_deductions_subtracted_and_listed():
    rows = compute(
        SCHEME,
        inputs(A={"deductions": [{"name": "中央环保督察问题", "count": 2, "evidence": "督察通报第3号"}]}),
    )
    a = by_code(rows)["A"]
    assert a.score == D("71.40")  # 72 − 2 × 0.3
    assert a.deductions == [
        {"name": "中央环保督察问题", "points": 0.3, "count": 2, "total": 0.6, "evidence": "督察通报第3号"}
    ]
    rows = compute(SCHEME, inputs(B={"deductions": [{"name": "重大安全事故", "count": 1}]}))
    assert by_code(rows)["B"].score == D(49)


def test_veto_listed_apart_without_rank_star_outcome():
    rows = compute(SCHEME, inputs(A={"vetoes": [{"name": "重大环境污染事件", "evidence": "环保部门认定"}]}))
    assert [x.cluster for x in rows] == ["B", "C", "D", "A"]
    a = by_code(rows)["A"]
    assert a.vetoed and a.rank is None and a.star == 0 and a.outcome is None
    assert a.score == D(72)
    assert a.veto_reasons == [{"name": "重大环境污染事件", "evidence": "环保部门认定"}]
    assert [x.rank for x in rows[:3]] == [1, 2, 3]
    assert by_code(rows)["B"].outcome == "优秀产业集聚区、黄牌警告"


def _bands_scheme(**extra):
    return {
        "name": "t",
        "year": 2025,
        "region": "410000",
        "dimensions": [
            {"name": "d", "indicators": [{"indicator": "tax", "measure": "value", "method": "bands", "bands": [[0, 0], [1, 5], [2, 10], [3, 90]]}]}
        ],
        **extra,
    }  # fmt: skip


def _simple(values, **extra):
    return {
        "year": 2025,
        "clusters": {c: {"name": c, "measures": {"tax.value": v}, **extra} for c, v in values.items()},
    }


def test_ties_share_rank_and_next_skips():
    rows = compute(_bands_scheme(), _simple({"a": 2, "b": 1, "c": 1, "d": 0}))
    assert [(x.cluster, x.score, x.rank) for x in rows] == [
        ("a", D(10), 1), ("b", D(5), 2), ("c", D(5), 2), ("d", D(0), 4)
    ]  # fmt: skip


def test_bottom_outcome_with_tie_includes_both():
    scheme = _bands_scheme(outcomes={"bottom": {"count": 1, "label": "通报批评"}})
    rows = by_code(compute(scheme, _simple({"a": 2, "b": 1, "c": 1})))
    assert rows["b"].outcome == rows["c"].outcome == "通报批评"
    assert rows["a"].outcome is None


def test_composite_rounds_half_up():
    scheme = _bands_scheme()
    scheme["dimensions"][0]["indicators"][0]["bands"] = [[0, 0.125]]
    assert compute(scheme, _simple({"a": 1}))[0].score == D("0.13")


def test_stars_require_and_max_rise():
    scheme = _bands_scheme(
        stars={"levels": [{"level": 3, "min_score": 80, "require": {"revenue": 1000}}, {"level": 2, "min_score": 50}, {"level": 1, "min_score": 1}]}
    )  # fmt: skip
    data = {
        "year": 2025,
        "clusters": {
            "ok": {"measures": {"tax.value": 3}, "history": {"2025": {"values": {"revenue": 1000}}}, "last_star": 0},
            "short": {"measures": {"tax.value": 3}, "history": {"2025": {"values": {"revenue": 999}}}, "last_star": 0},
            "low": {"measures": {"tax.value": 1}, "last_star": 0},
        },
    }  # fmt: skip
    r = by_code(compute(scheme, data))
    assert (r["ok"].star, r["short"].star, r["low"].star) == (3, 2, 1)
    scheme["stars"]["max_rise"] = 1
    r = by_code(compute(scheme, data))
    assert (r["ok"].star, r["short"].star, r["low"].star) == (1, 1, 1)  # 0 + 1 at most
    data["clusters"]["ok"]["last_star"] = 2
    assert by_code(compute(scheme, data))["ok"].star == 3


def test_manual_points_and_missing_manual_flag():
    scheme = {
        "name": "t", "year": 2025, "region": "410000",
        "dimensions": [{"name": "观摩评价", "indicators": [{"indicator": "配套服务", "measure": "value", "weight": 5, "method": "manual"}]}],
    }  # fmt: skip
    data = {
        "year": 2025,
        "clusters": {
            "a": {"manual": {"配套服务.value": {"points": 7, "reason": "观摩第一"}}},
            "b": {"manual": {"配套服务.value": {"points": "3.5", "reason": "一般"}}},
            "c": {},
        },
    }
    r = by_code(compute(scheme, data))
    assert (r["a"].score, r["b"].score, r["c"].score) == (D(5), D("3.5"), D(0))
    assert r["c"].flags == ["配套服务.value：未录入评议得分"]


def test_measures_yoy_and_target_pct_read_from_inputs():
    scheme = {
        "name": "t", "year": 2025, "region": "410000",
        "dimensions": [{"name": "d", "indicators": [
            {"indicator": "fai", "measure": "target_pct", "weight": 10, "method": "target"},
            {"indicator": "revenue", "measure": "yoy", "weight": 10, "method": "benchmark", "benchmark": 10},
        ]}],
    }  # fmt: skip
    data = {"year": 2025, "clusters": {"a": {"measures": {"fai.target_pct": "75", "revenue.yoy": "5"}}}}
    row = compute(scheme, data)[0]
    assert row.points == {"fai.target_pct": D("7.50"), "revenue.yoy": D("5.00")}
    assert row.score == D("12.50")


def test_input_hash_stable_and_sensitive():
    a = inputs()
    assert input_hash(a) == input_hash(inputs())
    b = inputs(A={"measures": {**a["clusters"]["A"]["measures"], "tax.value": 1}})
    assert input_hash(a) != input_hash(b)


def test_previous_run_changes():
    rows = compute(SCHEME, inputs(A={"previous": {"rank": 3, "star": 0}}))
    a = by_code(rows)["A"]
    assert (a.rank_change, a.star_change) == (2, 1)
    assert by_code(rows)["B"].rank_change is None
