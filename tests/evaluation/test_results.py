"""Monthly results ranked by the one assessment engine: weights, scales, competition ranks
with ties and the bottom-N flag; objective figures from the problem ledger."""

from datetime import date
from decimal import Decimal

from clusterzone.assessment import subjects
from clusterzone.evaluation import selectors
from clusterzone.evaluation.models import Criterion


def _by_name(rows):
    return {r.name: r for r in rows}


def test_unit_is_a_subject_of_the_engine(db):
    assert subjects.get("unit").kind == "unit"


def test_scores_ranks_and_bottom_two_with_a_tie_at_the_boundary(hand_made):
    ev = hand_made
    _criteria, rows = selectors.results(region=ev.world.zmd, month="2026-04")
    got = {r.name: (r.score, r.rank, r.flagged) for r in rows}
    # Rule: the bottom N (default 2) are flagged for 通报和问责; when units tie at the
    # boundary, every tied unit is flagged. Here E is last (40) and C and D share the next
    # place (65, reverse rank 2 ≤ 2), so three units are flagged.
    assert got == {
        "驻马店市发改委": (Decimal("97.50"), 1, False),
        "驻马店市工信局": (Decimal("80.00"), 2, False),
        "驻马店市财政局": (Decimal("65.00"), 3, True),
        "驻马店市人社局": (Decimal("65.00"), 3, True),
        "驻马店市住建局": (Decimal("40.00"), 5, True),
    }
    assert [r.rank for r in rows] == [1, 2, 3, 3, 5]
    a = _by_name(rows)["驻马店市发改委"]
    assert a.means == {"attitude": Decimal(95), "efficiency": Decimal(100)}
    assert a.points == {"attitude": Decimal("47.50"), "efficiency": Decimal("50.00")}
    assert a.ratings == 4


def test_bottom_one_flags_a_three_way_tie_for_last(hand_made, settings):
    ev = hand_made
    # B falls to C/D's 65: 服务态度 70 and 70 → 35, 办事效率 基本满意 ×2 → 30
    ev.rate(ev.B, "2026-04", 70, "basically")
    ev.rate(ev.B, "2026-04", 70, "basically", enterprise=ev.enterprise)
    # and E rises to 80 (服务态度 80/80 → 40; 办事效率 满意 + 基本满意 → 40)
    ev.rate(ev.E, "2026-04", 80, "satisfied")
    ev.rate(ev.E, "2026-04", 80, "basically", enterprise=ev.enterprise)
    settings.EVALUATION_BOTTOM_N = 1
    _criteria, rows = selectors.results(region=ev.world.zmd, month="2026-04")
    got = [(r.name, r.score, r.rank, r.flagged) for r in rows]
    assert got == [
        ("驻马店市发改委", Decimal("97.50"), 1, False),
        ("驻马店市住建局", Decimal("80.00"), 2, False),
        ("驻马店市工信局", Decimal("65.00"), 3, True),
        ("驻马店市财政局", Decimal("65.00"), 3, True),
        ("驻马店市人社局", Decimal("65.00"), 3, True),
    ]
    # the same data with the bottom two flagged: still the three tied at the boundary
    settings.EVALUATION_BOTTOM_N = 2
    _criteria, rows = selectors.results(region=ev.world.zmd, month="2026-04")
    assert [r.flagged for r in rows] == [False, False, True, True, True]


def test_ties_1_2_2_4(ev):
    m = "2026-05"
    for unit, score in ((ev.A, 90), (ev.B, 80), (ev.C, 80), (ev.D, 70)):
        ev.rate(unit, m, score, "satisfied")
    _criteria, rows = selectors.results(region=ev.world.zmd, month=m)
    ranked = [(r.name, r.score, r.rank, r.flagged) for r in rows]
    assert ranked[:4] == [
        ("驻马店市发改委", Decimal("95.00"), 1, False),
        ("驻马店市工信局", Decimal("90.00"), 2, True),
        ("驻马店市财政局", Decimal("90.00"), 2, True),
        ("驻马店市人社局", Decimal("85.00"), 4, True),
    ]
    # E was not rated in May: not evaluated (no score, no rank, not flagged)
    e = _by_name(rows)["驻马店市住建局"]
    assert (e.excluded, e.score, e.rank, e.flagged) == (True, None, None, False)
    # bottom 2 among the four ranked: 85 (reverse rank 1) and the two 90s (reverse rank 2):
    # B and C, tied at the boundary, are both flagged


def test_objective_figures_from_the_problem_ledger(ev):
    """按时办结率 as a criterion of weight 20 (服务态度 and 办事效率 then 40 each): A closed 4
    problems in April, 3 on time (75%); B closed none (nothing late: 100, noted)."""
    from clusterzone.supervision.ladder import ladder_for
    from clusterzone.supervision.models import Problem

    Criterion.objects.filter(pk__in=[ev.attitude.pk, ev.efficiency.pk]).update(weight=40)
    Criterion.objects.create(region=ev.world.zmd, code="ontime", name="按时办结率", source="on_time_rate",
                             weight=20, position=3)  # fmt: skip
    level = ladder_for(ev.world.shangcai)[0]
    for i, closed in enumerate((date(2026, 4, 3), date(2026, 4, 8), date(2026, 4, 9), date(2026, 4, 20))):
        Problem.objects.create(
            cluster=ev.world.cluster_a, title=f"问题{i}", category="land", raised_on=date(2026, 4, 1),
            deadline=date(2026, 4, 10), responsible_unit=ev.A, level=level, status="closed",
            closed_on=closed, satisfaction="satisfied", raised_by=ev.world.users["cluster_reporter"],
        )  # fmt: skip
    ev.rate(ev.A, "2026-04", 90, "satisfied")
    ev.rate(ev.B, "2026-04", 90, "satisfied")
    _criteria, rows = selectors.results(region=ev.world.zmd, month="2026-04")
    by = _by_name(rows)
    # A: 90 × 0.4 + 100 × 0.4 + 75 × 0.2 = 36 + 40 + 15 = 91; B: 36 + 40 + 20 = 96
    assert by["驻马店市发改委"].score == Decimal("91.00")
    assert by["驻马店市发改委"].means["ontime"] == Decimal("75.0")
    assert by["驻马店市工信局"].score == Decimal("96.00")
    assert by["驻马店市工信局"].notes == ["按时办结率：本期无可计算的问题，按100计。"]
    assert (by["驻马店市工信局"].rank, by["驻马店市发改委"].rank) == (1, 2)


def test_level_points_are_configurable(hand_made):
    ev = hand_made
    ev.efficiency.basic_points = Decimal(80)
    ev.efficiency.save()
    _criteria, rows = selectors.results(region=ev.world.zmd, month="2026-04")
    # C: 服务态度 70 → 35; 办事效率 基本满意 ×2 → 80 → 40: 75
    assert _by_name(rows)["驻马店市财政局"].score == Decimal("75.00")


def test_bulletin_names_the_bottom_rated_units(hand_made):
    from clusterzone.core.periods import Period
    from clusterzone.supervision import statistics

    ev = hand_made
    doc = statistics.bulletin_document(
        user=ev.world.users["office_admin"], period=Period.parse("2026-04"), issuer="驻马店市联席办",
        signed_on=date(2026, 5, 6),
    )  # fmt: skip
    texts = [getattr(b, "text", "") for b in doc.blocks]
    assert "四、行风评议后位单位" in texts
    named = [t for t in texts if "予以通报并问责" in t]
    assert named == [
        "1. 驻马店市财政局（综合得分65.00分，排名第3位），予以通报并问责。",
        "2. 驻马店市人社局（综合得分65.00分，排名第3位），予以通报并问责。",
        "3. 驻马店市住建局（综合得分40.00分，排名第5位），予以通报并问责。",
    ]
    # no rating in a month: no section
    doc = statistics.bulletin_document(
        user=ev.world.users["office_admin"], period=Period.parse("2026-03"), issuer="驻马店市联席办",
        signed_on=date(2026, 4, 6),
    )  # fmt: skip
    assert "四、行风评议后位单位" not in [getattr(b, "text", "") for b in doc.blocks]


def test_demo_is_idempotent_and_ranks_the_seed_departments(db):
    from clusterzone.accounts.models import Region
    from clusterzone.evaluation.demo import load_evaluation_demo
    from clusterzone.evaluation.models import Rating
    from clusterzone.registry.demo import load_demo

    load_demo()
    first = load_evaluation_demo(today=date(2026, 12, 4))
    assert first > 0
    assert load_evaluation_demo(today=date(2026, 12, 4)) == 0  # again: nothing doubles
    assert list(Rating.objects.order_by("month").values_list("month", flat=True).distinct()) == [
        "2026-10",
        "2026-11",
    ]
    zmd = Region.objects.get(code="411700")
    _criteria, rows = selectors.results(region=zmd, month="2026-11")
    flagged = [r.name for r in rows if r.flagged]
    assert set(flagged) == {"驻马店市国土资源局", "驻马店市住房城乡建设局"}
    assert all(r.rank is not None for r in rows)
