"""Submissions: open, save, submit, approve, return, reopen; who may do each; locking;
the history of every value; the refusal of a concurrent edit."""

from datetime import date
from decimal import Decimal

import pytest

from clusterzone.accounts.choices import Role
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.reporting import services
from clusterzone.reporting.choices import SubmissionAction, SubmissionStatus
from clusterzone.reporting.models import DataSet, DataSetIndicator, Submission, SubmissionEvent, Value
from clusterzone.reporting.selectors.submissions import value_history

from .. import factories as f

DRAFT, SUBMITTED, APPROVED, RETURNED = (
    SubmissionStatus.DRAFT,
    SubmissionStatus.SUBMITTED,
    SubmissionStatus.APPROVED,
    SubmissionStatus.RETURNED,
)


@pytest.fixture
def reporter_b(world):
    return f.UserFactory(username="reporter_b", unit=world.committee_b, roles=[Role.CLUSTER_REPORTER])


@pytest.fixture
def sub_a(world, monthly):
    return services.submission_open(
        actor=world.users["cluster_reporter"], dataset=monthly, cluster=world.cluster_a, period="2025-04"
    )


def actions(sub):
    return list(sub.events.order_by("at", "id").values_list("action", flat=True))


# --- open -------------------------------------------------------------------------------------


def test_open_creates_a_draft_once_with_due_date(world, monthly):
    reporter = world.users["cluster_reporter"]
    sub = services.submission_open(actor=reporter, dataset=monthly, cluster=world.cluster_a, period="2025-04")
    assert sub.status == DRAFT and sub.version == 1
    assert sub.period == "2025-04" and sub.period_end == date(2025, 4, 30)
    assert sub.due_date == date(2025, 5, 5)  # due_days=5 after the month's end
    again = services.submission_open(
        actor=reporter, dataset=monthly, cluster=world.cluster_a, period="2025-04"
    )
    assert again.pk == sub.pk and Submission.objects.count() == 1
    assert actions(sub) == [SubmissionAction.CREATE]
    assert SubmissionEvent.objects.get().actor == reporter


def test_half_monthly_due_on_the_17th_and_on_the_2nd(world, catalog):
    ds = DataSet.objects.create(
        scope_rule="explicit",
        code="half_test",
        name="半月报（测试）",
        period_kind="half_monthly",
        due_days=2,
        region=world.henan,
    )
    DataSetIndicator.objects.create(dataset=ds, indicator=catalog["fai_infrastructure"])
    ds.clusters.set([world.cluster_a])
    actor = world.users["cluster_reporter"]
    h1 = services.submission_open(actor=actor, dataset=ds, cluster=world.cluster_a, period="2025-04H1")
    h2 = services.submission_open(actor=actor, dataset=ds, cluster=world.cluster_a, period="2025-04H2")
    assert (h1.period_end, h1.due_date) == (date(2025, 4, 15), date(2025, 4, 17))
    assert (h2.period_end, h2.due_date) == (date(2025, 4, 30), date(2025, 5, 2))


def test_ten_day_data_set_due_after_each_xun(world, catalog):
    """以旬保月: a data set reported every 旬, due two days after 10th, 20th and the month's end."""
    ds = DataSet.objects.create(
        scope_rule="explicit",
        code="xun_test",
        name="旬报（测试）",
        period_kind="ten_day",
        due_days=2,
        region=world.henan,
    )
    DataSetIndicator.objects.create(dataset=ds, indicator=catalog["fai"])
    ds.clusters.set([world.cluster_a])
    actor = world.users["cluster_reporter"]
    opened = [
        services.submission_open(actor=actor, dataset=ds, cluster=world.cluster_a, period=p)
        for p in ("2024-02D1", "2024-02D2", "2024-02D3")
    ]
    assert [(s.period_end, s.due_date) for s in opened] == [
        (date(2024, 2, 10), date(2024, 2, 12)),
        (date(2024, 2, 20), date(2024, 2, 22)),
        (date(2024, 2, 29), date(2024, 3, 2)),  # leap year: 下旬 ends on the 29th
    ]
    with pytest.raises(DomainError, match="报送周期"):
        services.submission_open(actor=actor, dataset=ds, cluster=world.cluster_a, period="2024-02")


def test_open_refuses_bad_period_cluster_and_readonly(world, monthly, catalog):
    reporter = world.users["cluster_reporter"]
    with pytest.raises(DomainError, match="报送周期"):
        services.submission_open(actor=reporter, dataset=monthly, cluster=world.cluster_a, period="2025Q1")
    with pytest.raises(DomainError, match="格式不正确"):
        services.submission_open(actor=reporter, dataset=monthly, cluster=world.cluster_a, period="2025-13")
    monthly.clusters.remove(world.cluster_a)
    with pytest.raises(DomainError, match="报送范围"):
        services.submission_open(actor=reporter, dataset=monthly, cluster=world.cluster_a, period="2025-04")
    monthly.clusters.add(world.cluster_a)
    with pytest.raises(PermissionDenied):
        services.submission_open(
            actor=world.users["readonly"], dataset=monthly, cluster=world.cluster_a, period="2025-04"
        )
    with pytest.raises(PermissionDenied):  # another cluster's report
        services.submission_open(actor=reporter, dataset=monthly, cluster=world.cluster_b, period="2025-04")
    assert not Submission.objects.exists()


# --- the whole path -----------------------------------------------------------------------------


def test_enter_submit_approve_locks_and_reopen_unlocks(world, sub_a):
    reporter, office = world.users["cluster_reporter"], world.users["office_staff"]
    report = services.submission_save_values(
        actor=reporter, submission=sub_a, values={"revenue": "12,000", "fai": "8000"}, version=1
    )
    assert report.ok and sub_a.version == 2
    services.submission_submit(actor=reporter, submission=sub_a)
    assert sub_a.status == SUBMITTED and sub_a.submitted_at is not None
    with pytest.raises(DomainError, match="已上报"):
        services.submission_save_values(
            actor=reporter, submission=sub_a, values={"fai": 1}, version=sub_a.version
        )

    services.submission_approve(actor=office, submission=sub_a)
    sub_a.refresh_from_db()
    assert sub_a.status == APPROVED and sub_a.is_locked and sub_a.approved_at is not None
    # locked: neither the reporter nor the office may change an approved figure
    for user in (reporter, office):
        with pytest.raises(DomainError, match="锁定"):
            services.submission_save_values(
                actor=user, submission=sub_a, values={"revenue": "13000"}, version=sub_a.version
            )
    with pytest.raises(DomainError, match="锁定"):
        services.values_write_bulk(
            actor=office, submission=sub_a, values={"revenue": Decimal(1)}, reason="导入"
        )
    assert Value.objects.get(indicator__code="revenue").value == Decimal(12000)

    with pytest.raises(DomainError, match="必须填写原因"):
        services.submission_reopen(actor=office, submission=sub_a, reason="  ")
    with pytest.raises(PermissionDenied):
        services.submission_reopen(actor=reporter, submission=sub_a, reason="我要改")
    services.submission_reopen(actor=office, submission=sub_a, reason="统计局核定数调整")
    assert sub_a.status == RETURNED and sub_a.approved_at is None
    event = sub_a.events.get(action=SubmissionAction.REOPEN)
    assert event.reason == "统计局核定数调整" and event.actor == office
    assert (event.from_status, event.to_status) == (APPROVED, RETURNED)
    services.submission_save_values(
        actor=reporter, submission=sub_a, values={"revenue": "13000"}, version=sub_a.version
    )
    assert Value.objects.get(indicator__code="revenue").value == Decimal(13000)
    assert actions(sub_a) == ["create", "save", "submit", "approve", "reopen", "save"]


def test_return_needs_a_reason_and_goes_back_to_the_reporter(world, sub_a):
    reporter, office = world.users["cluster_reporter"], world.users["office_admin"]
    services.submission_save_values(actor=reporter, submission=sub_a, values={"revenue": 100}, version=1)
    services.submission_submit(actor=reporter, submission=sub_a)
    with pytest.raises(DomainError, match="退回原因"):
        services.submission_return(actor=office, submission=sub_a, reason="")
    services.submission_return(actor=office, submission=sub_a, reason="税收收入漏填")
    assert sub_a.status == RETURNED and sub_a.return_reason == "税收收入漏填"
    services.submission_save_values(
        actor=reporter, submission=sub_a, values={"tax": 12}, version=sub_a.version
    )
    services.submission_submit(actor=reporter, submission=sub_a)
    assert sub_a.status == SUBMITTED
    services.submission_approve(actor=office, submission=sub_a)
    assert actions(sub_a) == ["create", "save", "submit", "return", "save", "submit", "approve"]


def test_transitions_refused_in_the_wrong_state(world, sub_a):
    office = world.users["office_staff"]
    with pytest.raises(DomainError, match="只有已上报"):
        services.submission_approve(actor=office, submission=sub_a)
    with pytest.raises(DomainError, match="只有已上报"):
        services.submission_return(actor=office, submission=sub_a, reason="x")
    with pytest.raises(DomainError, match="只有已审核"):
        services.submission_reopen(actor=office, submission=sub_a, reason="x")
    with pytest.raises(DomainError, match="尚未填写"):
        services.submission_submit(actor=world.users["cluster_reporter"], submission=sub_a)


# --- who may do what ------------------------------------------------------------------------------

ALLOWED = {
    # action: users allowed on a submission of cluster A (上蔡, city 驻马店)
    "change": {"cluster_reporter", "office_staff", "office_admin", "province_admin"},
    "submit": {"cluster_reporter", "office_staff", "office_admin", "province_admin"},
    "approve": {"office_staff", "office_admin", "province_admin"},
    "return": {"office_staff", "office_admin", "province_admin"},
    "reopen": {"office_staff", "office_admin", "province_admin"},
}
USERS = ["cluster_reporter", "reporter_b", "office_staff", "office_admin", "province_admin", "other_admin",
         "readonly", "department_liaison", "project_leader"]  # fmt: skip


def _prepare(world, sub, state):
    system = None
    services.values_write_bulk(actor=system, submission=sub, values={"revenue": Decimal(100)}, reason="准备")
    if state in (SUBMITTED, APPROVED):
        services.submission_force_status(actor=system, submission=sub, status=state, reason="准备")


def _attempt(action, user, sub):
    if action == "change":
        services.submission_save_values(actor=user, submission=sub, values={"tax": "5"}, version=sub.version)
    elif action == "submit":
        services.submission_submit(actor=user, submission=sub)
    elif action == "approve":
        services.submission_approve(actor=user, submission=sub)
    elif action == "return":
        services.submission_return(actor=user, submission=sub, reason="数据有误")
    elif action == "reopen":
        services.submission_reopen(actor=user, submission=sub, reason="更正")


STATE_FOR = {"change": DRAFT, "submit": DRAFT, "approve": SUBMITTED, "return": SUBMITTED, "reopen": APPROVED}


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("username", USERS)
def test_who_may_do_each_transition(world, sub_a, reporter_b, action, username):
    user = reporter_b if username == "reporter_b" else world.users[username]
    _prepare(world, sub_a, STATE_FOR[action])
    if username in ALLOWED[action]:
        _attempt(action, user, sub_a)
        assert sub_a.events.filter(actor=user).exists()
    else:
        with pytest.raises(PermissionDenied):
            _attempt(action, user, sub_a)


def test_reporter_of_another_cluster_only_reaches_their_own(world, monthly, reporter_b):
    sub_b = services.submission_open(
        actor=reporter_b, dataset=monthly, cluster=world.cluster_b, period="2025-04"
    )
    services.submission_save_values(actor=reporter_b, submission=sub_b, values={"fai": "150000"}, version=1)
    with pytest.raises(PermissionDenied):
        services.submission_save_values(
            actor=world.users["cluster_reporter"], submission=sub_b, values={"fai": "1"}, version=2
        )
    services.submission_submit(actor=reporter_b, submission=sub_b)
    with pytest.raises(PermissionDenied):  # 驻马店's office does not review 鲁山
        services.submission_approve(actor=world.users["office_staff"], submission=sub_b)
    services.submission_approve(actor=world.users["other_admin"], submission=sub_b)  # 平顶山's office
    assert sub_b.status == APPROVED


# --- history and concurrency --------------------------------------------------------------------


def test_every_value_change_keeps_who_when_old_and_new(world, sub_a):
    reporter, office = world.users["cluster_reporter"], world.users["office_staff"]
    services.submission_save_values(actor=reporter, submission=sub_a, values={"revenue": "100"}, version=1)
    services.submission_save_values(
        actor=office, submission=sub_a, values={"revenue": "150", "fai": "8"}, version=2, reason="核对台账"
    )
    services.submission_save_values(
        actor=reporter, submission=sub_a, values={"revenue": "150", "fai": ""}, version=3
    )
    value = Value.objects.get(indicator__code="revenue")
    records = list(value.history.order_by("history_date", "history_id"))
    assert [r.value for r in records] == [Decimal(100), Decimal(150)]  # the unchanged save wrote nothing
    assert [r.history_user for r in records] == [reporter, office]
    assert records[1].history_change_reason == "核对台账"
    assert not Value.objects.filter(indicator__code="fai").exists()  # cleared

    rows = value_history(sub_a)
    revenue = [r for r in rows if r.code == "revenue"]  # newest first
    assert [(r.old, r.new) for r in revenue] == [(Decimal(100), Decimal(150)), (None, Decimal(100))]
    assert revenue[0].user == str(office) and revenue[0].reason == "核对台账"
    fai = [(r.old, r.new) for r in rows if r.code == "fai"]
    assert fai == [(Decimal(8), None), (None, Decimal(8))]


def test_concurrent_edit_second_save_is_refused(world, sub_a):
    reporter, office = world.users["cluster_reporter"], world.users["office_staff"]
    # both opened the page at version 1
    services.submission_save_values(actor=reporter, submission=sub_a, values={"revenue": "100"}, version=1)
    stale = Submission.objects.get(pk=sub_a.pk)
    stale.version = 1
    with pytest.raises(DomainError) as exc:
        services.submission_save_values(actor=office, submission=stale, values={"revenue": "999"}, version=1)
    assert str(exc.value) == "该报表已被他人修改（版本2），请刷新后重新填写。"
    assert exc.value.code == "conflict"
    assert Value.objects.get(indicator__code="revenue").value == Decimal(100)
    assert Submission.objects.get(pk=sub_a.pk).version == 2
    assert actions(sub_a) == ["create", "save"]


def test_bulk_write_and_forced_status_are_recorded_as_imports(world, sub_a):
    office = world.users["office_admin"]
    services.values_write_bulk(
        actor=office,
        submission=sub_a,
        values={"revenue": Decimal(500), "fai": None},
        reason="Excel导入：4月.xlsx",
    )
    # the same file again changes nothing and records nothing
    services.values_write_bulk(
        actor=office, submission=sub_a, values={"revenue": Decimal(500)}, reason="again"
    )
    services.submission_force_status(actor=None, submission=sub_a, status=APPROVED, reason="统计局批量导入")
    services.submission_force_status(actor=None, submission=sub_a, status=APPROVED, reason="统计局批量导入")
    assert sub_a.status == APPROVED and sub_a.approved_at and sub_a.submitted_at
    imports = list(sub_a.events.filter(action=SubmissionAction.IMPORT).order_by("id"))
    assert len(imports) == 2 and "Excel导入：4月.xlsx" in imports[0].reason and imports[1].actor is None
    assert Value.objects.get().history.get().history_user == office
    # the same approved figures re-imported: accepted without change
    services.values_write_bulk(actor=None, submission=sub_a, values={"revenue": Decimal(500)}, reason="again")
    with pytest.raises(PermissionDenied):
        services.submission_force_status(
            actor=world.users["cluster_reporter"], submission=sub_a, status=APPROVED, reason="x"
        )


def test_due_rule_text_names_the_three_xun(world):
    from clusterzone.reporting.views.catalog import due_rule_text

    ds = DataSet(code="xun", name="旬报", period_kind="ten_day", due_days=3, region=world.henan)
    text = due_rule_text(ds)
    assert "上旬截止于4月13日" in text and "中旬截止于4月23日" in text and "下旬截止于5月3日" in text
