"""The problem ledger: working-day deadlines, the closed loop and its recorded acts, the
ladder, lights on given dates, idempotent raising by an external key."""

from datetime import date

import pytest

from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.core.models import HolidayOverride
from clusterzone.supervision import services
from clusterzone.supervision.lights import attach_problem_lights, deadline_light, progress_light
from clusterzone.supervision.models import LadderLevel, Problem


def test_deadline_days_cross_the_2026_spring_festival_and_its_adjusted_saturday(raise_problem):
    # 2-13 Fri (1), 2-14 Sat 调休上班 (2), 2-15…2-23 春节, 2-24 (3), 2-25 (4), 2-26 (5)
    p = raise_problem(deadline_days=5)
    assert p.deadline == date(2026, 2, 26)
    assert p.deadline_days == 5
    assert p.deadline_warning == ""


def test_deadline_beyond_the_calendar_data_is_warned(raise_problem):
    p = raise_problem(raised_on=date(2026, 12, 28), deadline_days=5)
    # 12-29, 12-30, 12-31, then 2027 counted Monday to Friday: 1-1 (Fri), 1-4 (Mon)
    assert p.deadline == date(2027, 1, 4)
    assert "2027" in p.deadline_warning and "节假日" in p.deadline_warning


def test_an_override_table_year_is_covered(raise_problem):
    HolidayOverride.objects.create(day=date(2027, 1, 1), is_workday=False, name="元旦")
    p = raise_problem(raised_on=date(2026, 12, 28), deadline_days=5)
    assert p.deadline == date(2027, 1, 5)
    assert p.deadline_warning == ""


def test_deadline_is_a_date_or_days_not_both_nor_neither(raise_problem):
    with pytest.raises(DomainError):
        raise_problem(deadline=date(2026, 3, 1), deadline_days=5)
    with pytest.raises(DomainError):
        raise_problem(deadline=None, deadline_days=None)
    with pytest.raises(DomainError):
        raise_problem(deadline=date(2026, 2, 1))


def test_the_closed_loop_records_every_act(world, raise_problem):
    u = world.users
    p = raise_problem()
    assert (p.status, p.level.name, p.level.order) == ("pending", "管委会", 1)
    services.problem_assign(actor=u["office_staff"], problem=p, responsible_person="王科长",
                            comment="请三日内答复", on=date(2026, 2, 13))  # fmt: skip
    assert p.status == "in_progress"
    with pytest.raises(DomainError):
        services.problem_close(actor=u["office_staff"], problem=p, satisfaction="satisfied")
    services.problem_feedback(actor=u["department_liaison"], problem=p, comment="已协调用地指标50亩")
    assert p.status == "answered"
    services.problem_return(actor=u["office_staff"], problem=p, reason="指标未落实到地块")
    assert p.status == "returned"
    services.problem_feedback(actor=u["department_liaison"], problem=p, comment="已落实到3号地块")
    services.problem_close(
        actor=u["cluster_reporter"], problem=p, satisfaction="unsatisfied", comment="尚未供地"
    )
    assert p.status == "in_progress" and p.satisfaction == ""
    services.problem_feedback(actor=u["department_liaison"], problem=p, comment="已供地")
    services.problem_close(
        actor=u["cluster_reporter"], problem=p, satisfaction="satisfied", on=date(2026, 2, 25)
    )
    p.refresh_from_db()
    assert (p.status, p.satisfaction, p.closed_on) == ("closed", "satisfied", date(2026, 2, 25))
    acts = list(p.acts.values_list("kind", "actor__username", "from_status", "to_status"))
    assert acts == [
        ("raise", "cluster_reporter", "", "pending"),
        ("assign", "office_staff", "pending", "in_progress"),
        ("feedback", "department_liaison", "in_progress", "answered"),
        ("return", "office_staff", "answered", "returned"),
        ("feedback", "department_liaison", "returned", "answered"),
        ("reopen", "cluster_reporter", "answered", "in_progress"),
        ("feedback", "department_liaison", "in_progress", "answered"),
        ("close", "cluster_reporter", "answered", "closed"),
    ]
    assert p.acts.get(kind="return").comment == "指标未落实到地块"
    assert p.acts.get(kind="reopen").satisfaction == "unsatisfied"
    assert p.history.count() >= 8


def test_who_may_do_each_step(world, raise_problem):
    u = world.users
    p = raise_problem()
    for role in ("cluster_reporter", "department_liaison", "project_leader", "readonly"):
        with pytest.raises(PermissionDenied):
            services.problem_assign(actor=u[role], problem=p)
    services.problem_assign(actor=u["office_admin"], problem=p)
    for role in ("cluster_reporter", "project_leader", "readonly"):
        with pytest.raises(PermissionDenied):
            services.problem_feedback(actor=u[role], problem=p, comment="x")
    # a liaison of another unit may not answer
    p.responsible_unit = world.committee_a
    p.save()
    with pytest.raises(PermissionDenied):
        services.problem_feedback(actor=u["department_liaison"], problem=p, comment="x")
    with pytest.raises(PermissionDenied):
        services.problem_escalate(actor=u["cluster_reporter"], problem=p, reason="x")


def test_escalation_climbs_the_whole_ladder_and_is_refused_at_the_top(world, raise_problem):
    staff = world.users["office_staff"]
    p = raise_problem()
    seen = [p.level.name]
    for n in range(3):
        services.problem_escalate(actor=staff, problem=p, reason=f"本级无法解决{n}", deadline_days=5,
                                  on=date(2026, 2, 24))  # fmt: skip
        seen.append(p.level.name)
        assert p.deadline == date(2026, 3, 2)  # 2-25, 2-26, 2-27, 2-28 (调休上班), 3-2
    assert seen == ["管委会", "联席会议", "县政府常务会", "县委常委会"]
    with pytest.raises(DomainError) as exc:
        services.problem_escalate(actor=staff, problem=p, reason="再报")
    assert "最高层级" in exc.value.message
    assert p.acts.filter(kind="escalate").count() == 3
    assert list(LadderLevel.objects.filter(region=world.shangcai).values_list("order", flat=True)) == [
        1,
        2,
        3,
        4,
    ]


def test_the_ladder_is_data_per_region(world, raise_problem):
    # the city sets a three-level ladder: the county's problems climb it
    for order, name in enumerate(["管委会", "市联席会议", "市政府常务会"], start=1):
        LadderLevel.objects.create(region=world.zmd, order=order, name=name)
    p = raise_problem()
    services.problem_escalate(actor=world.users["office_staff"], problem=p, reason="r")
    services.problem_escalate(actor=world.users["office_staff"], problem=p, reason="r")
    assert p.level.name == "市政府常务会"
    with pytest.raises(DomainError):
        services.problem_escalate(actor=world.users["office_staff"], problem=p, reason="r")


def test_lights_on_given_dates(raise_problem):
    p = raise_problem()  # deadline 2026-02-26

    def light(d):
        return attach_problem_lights([Problem.objects.select_related("level").get(pk=p.pk)], d)[0]

    assert light(date(2026, 2, 13)).light == "green"  # 2-14, 2-24, 2-25, 2-26: 4 working days left
    assert light(date(2026, 2, 14)).light == "yellow"  # 3 working days left
    assert light(date(2026, 2, 20)).light == "yellow"  # holiday, still 3 left
    assert light(date(2026, 2, 26)).light == "yellow"  # the deadline itself
    red = light(date(2026, 2, 27))
    assert red.light == "red" and red.should_escalate
    assert deadline_light(date(2026, 3, 10), date(2026, 3, 2)) == "green"


def test_a_closed_problem_has_no_light(world, raise_problem):
    u = world.users
    p = raise_problem()
    services.problem_assign(actor=u["office_staff"], problem=p)
    services.problem_feedback(actor=u["department_liaison"], problem=p, comment="ok")
    services.problem_close(actor=u["office_staff"], problem=p, satisfaction="basically")
    assert attach_problem_lights([p], date(2027, 1, 1))[0].light is None


def test_progress_lights_behind_plan():
    assert progress_light(50, 45) == "green"
    assert progress_light(50, 40) == "green"  # 10 points behind: still green
    assert progress_light(50, 39) == "yellow"
    assert progress_light(50, 20) == "yellow"  # 30 points
    assert progress_light(50, 19) == "red"


def test_raising_is_exactly_once_per_external_key(world, system):
    kwargs = dict(
        cluster=world.cluster_a, title="审批事项超期：施工许可", category="approval",
        responsible_unit=world.dept, deadline_days=3, raised_on=date(2026, 3, 2),
        source_key="approvals.case:17:overdue",
    )  # fmt: skip
    first = services.problem_raise(actor=system, **kwargs)
    second = services.problem_raise(actor=system, **kwargs)
    assert first.pk == second.pk
    assert Problem.objects.filter(source_key="approvals.case:17:overdue").count() == 1
    assert first.raised_by is None and first.acts.get().actor is None


def test_a_reporter_raises_only_for_its_own_cluster(world):
    with pytest.raises(PermissionDenied):
        services.problem_raise(
            actor=world.users["cluster_reporter"], cluster=world.cluster_a2, title="t", category="other",
            responsible_unit=world.dept, deadline_days=3,
        )  # fmt: skip
