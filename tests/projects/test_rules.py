"""The project rules: size bands at their boundaries, 一项一码, intensity, stage transitions."""

import datetime as dt
from decimal import Decimal

import pytest

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError
from clusterzone.land import services as land_services
from clusterzone.projects import selectors, services
from clusterzone.projects.choices import STAGE_PATH, Band, Stage, band_of
from clusterzone.projects.codes import code_errors, code_kind, next_platform_code
from clusterzone.projects.models import ProjectStageChange

BOUNDARIES = [
    ("0", Band.SMALL),
    ("2999.99", Band.SMALL),
    ("3000", Band.B3000),
    ("4999.99", Band.B3000),
    ("5000", Band.B5000),
    ("9999.99", Band.B5000),
    ("10000", Band.B1Y),
    ("49999.99", Band.B1Y),
    ("50000", Band.B5Y),
    ("99999.99", Band.B5Y),
    ("100000", Band.B10Y),
    ("3000000", Band.B10Y),  # 鲁山 石材建材工业城 300亿
]


@pytest.mark.parametrize("amount,band", BOUNDARIES)
def test_band_boundaries(amount, band):
    assert band_of(Decimal(amount)) == band


def test_band_labels():
    assert Band.B10Y.label == "10亿以上"
    assert Band.B5Y.label == "5–10亿"
    assert Band.SMALL.label == "3000万以下"


def test_band_is_stored_and_follows_changes(make_project):
    p = make_project(total_investment=Decimal("130000"))  # 中德纺织科技园 13亿
    assert p.band == Band.B10Y == p.size_band
    services.project_update(actor=SYSTEM, project=p, data={"total_investment": Decimal("30000")})
    p.refresh_from_db()
    assert p.band == Band.B1Y  # 海威特种布 3亿


# --- 一项一码 ---------------------------------------------------------------------------


def test_national_code_accepted(world):
    assert code_kind("2503-410423-04-01-123456") == "national"
    assert code_errors("2503-410423-04-01-123456") == []
    assert len("2503-410423-04-01-123456") == 24


@pytest.mark.parametrize(
    "code,fragment",
    [
        ("2503-410423-04-01-12345", "格式不正确"),  # 23 characters
        ("2513-410423-04-01-123456", "月份"),  # month 13
        ("2503-999999-04-01-123456", "不存在"),  # unknown region
        ("2503-410423-4-01-123456", "格式不正确"),
        ("XM-41042301-2025-07", "平台项目代码"),
        ("ABC", "格式不正确"),
    ],
)
def test_bad_codes_refused(world, code, fragment):
    errors = code_errors(code)
    assert errors and fragment in errors[0]


def test_platform_code_generated_in_sequence(world, make_project):
    p1 = make_project(sign_date=dt.date(2025, 3, 1), stage=Stage.SIGNED)
    p2 = make_project(sign_date=dt.date(2025, 4, 1), stage=Stage.SIGNED)
    assert p1.code == "XM-41172201-2025-0001"
    assert p2.code == "XM-41172201-2025-0002"
    assert code_kind(p1.code) == "platform"
    assert next_platform_code(world.cluster_a, 2025) == "XM-41172201-2025-0003"


def test_national_code_stored_normalised_and_unique(world, make_project):
    p = make_project(code=" 2503-410423-04-01-12345x ", cluster=world.cluster_b)
    assert p.code == "2503-410423-04-01-12345X"
    with pytest.raises(DomainError):
        make_project(code="2503-410423-04-01-12345X", cluster=world.cluster_b)


def test_invalid_code_refused_by_service(world, make_project):
    with pytest.raises(DomainError) as exc:
        make_project(code="2503-999999-04-01-123456")
    assert exc.value.field == "code"


# --- intensity ------------------------------------------------------------------------


def test_intensity_against_default_minimum_216(make_project):
    # 216 万元/亩 minimum of county clusters: 21600万 on 100亩 passes, 21500万 fails
    ok = make_project(total_investment=Decimal(21600), land_area=Decimal(100))
    low = make_project(total_investment=Decimal(21500), land_area=Decimal(100))
    none = make_project(total_investment=Decimal(21500))
    assert selectors.intensity_check(ok).ok is True
    assert selectors.intensity_check(ok).intensity == Decimal(216)
    assert selectors.intensity_check(low).ok is False
    assert selectors.intensity_check(none).ok is None


def test_intensity_minimum_configurable_per_cluster(world, make_project):
    land_services.land_policy_save(actor=SYSTEM, cluster=world.cluster_a, data={"min_intensity": 230})
    p = make_project(total_investment=Decimal(22000), land_area=Decimal(100))  # 220 < 230
    check = selectors.intensity_check(p)
    assert check.minimum == Decimal(230) and check.ok is False
    b = make_project(cluster=world.cluster_b, total_investment=Decimal(22000), land_area=Decimal(100))
    assert selectors.intensity_check(b).ok is True  # 220 ≥ 216 in 鲁山


def test_cluster_policy_is_set_by_the_office(world):
    # the minimum is the cluster's land policy (land.LandPolicy), kept by the office
    for name, cluster in (("cluster_reporter", world.cluster_a), ("office_staff", world.cluster_b)):
        with pytest.raises(DomainError):
            land_services.land_policy_save(
                actor=world.users[name], cluster=cluster, data={"min_intensity": 230}
            )
    land_services.land_policy_save(
        actor=world.users["office_staff"], cluster=world.cluster_a, data={"min_intensity": 230}
    )


# --- stages ---------------------------------------------------------------------------

ALL = [*STAGE_PATH, Stage.TERMINATED]
EXPECTED = {
    Stage.PLANNING: {Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.TERMINATED},
    Stage.NEGOTIATING: {Stage.SIGNED, Stage.STARTED, Stage.TERMINATED},
    Stage.SIGNED: {Stage.STARTED, Stage.TERMINATED},
    Stage.STARTED: {Stage.BUILDING, Stage.COMPLETED, Stage.PRODUCING, Stage.TERMINATED},
    Stage.BUILDING: {Stage.COMPLETED, Stage.PRODUCING, Stage.TERMINATED},
    Stage.COMPLETED: {Stage.PRODUCING, Stage.TERMINATED},
    Stage.PRODUCING: set(),
    Stage.TERMINATED: set(),
}


@pytest.mark.parametrize("src", ALL)
@pytest.mark.parametrize("dst", ALL)
def test_every_transition(make_project, src, dst):
    day = dt.date(2025, 1, 2)
    p = make_project(
        stage=src, stage_date=day, terminated_reason="资金未到位" if src == Stage.TERMINATED else ""
    )
    allowed = dst in EXPECTED[src]
    if allowed:
        change = services.project_transition(
            actor=SYSTEM, project=p, to_stage=dst, date=dt.date(2025, 2, 1), reason="原因"
        )
        p.refresh_from_db()
        assert p.stage == dst and p.stage_date == dt.date(2025, 2, 1)
        assert (change.from_stage, change.to_stage) == (src, dst)
    else:
        with pytest.raises(DomainError) as exc:
            services.project_transition(
                actor=SYSTEM, project=p, to_stage=dst, date=dt.date(2025, 2, 1), reason="x"
            )
        assert exc.value.code == "invalid_transition"
        p.refresh_from_db()
        assert p.stage == src


def test_cannot_produce_before_start(make_project):
    p = make_project(stage=Stage.SIGNED, stage_date=dt.date(2025, 1, 1))
    with pytest.raises(DomainError) as exc:
        services.project_transition(
            actor=SYSTEM, project=p, to_stage=Stage.PRODUCING, date=dt.date(2025, 3, 1)
        )
    assert "尚未开工" in exc.value.message


def test_termination_needs_reason(make_project):
    p = make_project(stage=Stage.NEGOTIATING, stage_date=dt.date(2025, 1, 1))
    with pytest.raises(DomainError) as exc:
        services.project_transition(
            actor=SYSTEM, project=p, to_stage=Stage.TERMINATED, date=dt.date(2025, 2, 1)
        )
    assert exc.value.field == "reason"
    services.project_transition(
        actor=SYSTEM, project=p, to_stage=Stage.TERMINATED, date=dt.date(2025, 2, 1), reason="投资方撤资"
    )
    p.refresh_from_db()
    assert p.terminated_reason == "投资方撤资"


def test_transition_dates_checked(make_project, today):
    p = make_project(stage=Stage.SIGNED, stage_date=dt.date(2025, 3, 1))
    with pytest.raises(DomainError) as exc:
        services.project_transition(
            actor=SYSTEM, project=p, to_stage=Stage.STARTED, date=dt.date(2025, 2, 28)
        )
    assert exc.value.field == "date" and "不能早于" in exc.value.message
    with pytest.raises(DomainError) as exc:
        services.project_transition(
            actor=SYSTEM, project=p, to_stage=Stage.STARTED, date=today + dt.timedelta(days=1)
        )
    assert "晚于今天" in exc.value.message


def test_stage_history_durations_chery_232_days(world, make_project):
    """焦作 奇瑞 engine-parts project: started to production in 232 days."""
    start = dt.date(2024, 3, 1)
    p = make_project(stage=Stage.SIGNED, sign_date=dt.date(2024, 2, 1))
    services.project_transition(actor=SYSTEM, project=p, to_stage=Stage.STARTED, date=start)
    services.project_transition(actor=SYSTEM, project=p, to_stage=Stage.BUILDING, date=dt.date(2024, 3, 15))
    services.project_transition(
        actor=SYSTEM, project=p, to_stage=Stage.PRODUCING, date=start + dt.timedelta(days=232)
    )
    p.refresh_from_db()
    assert p.start_date == start and (p.production_date - p.start_date).days == 232
    spans = selectors.stage_history(p)
    assert [s.stage for s in spans] == [Stage.SIGNED, Stage.STARTED, Stage.BUILDING, Stage.PRODUCING]
    assert [s.days for s in spans] == [29, 14, 218, 0]
    assert ProjectStageChange.objects.filter(project=p).count() == 4


def test_update_cannot_change_stage(make_project):
    p = make_project()
    with pytest.raises(DomainError):
        services.project_update(actor=SYSTEM, project=p, data={"stage": Stage.PRODUCING})


def test_history_records_transition(make_project, world):
    p = make_project(stage=Stage.SIGNED, stage_date=dt.date(2025, 1, 1))
    services.project_transition(
        actor=world.users["office_admin"], project=p, to_stage=Stage.STARTED, date=dt.date(2025, 2, 1)
    )
    rec = p.history.order_by("-history_date").first()
    assert rec.history_user == world.users["office_admin"]
    assert "签约 → 开工" in rec.history_change_reason
