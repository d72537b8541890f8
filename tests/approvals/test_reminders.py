"""Overdue cases are raised as problems in the ledger, exactly once per case, against the
matter's department; a case due within 3 working days notifies its handler and its agent
(issue numbers: accepted 2026-09-28 with 10 promised working days is due 2026-10-16)."""

import datetime as dt

from django.core.management import call_command

from clusterzone.accounts.policy import SYSTEM
from clusterzone.approvals import services
from clusterzone.approvals.reminders import case_problem_key, case_reminders_run
from clusterzone.approvals.tasks import case_reminders
from clusterzone.core.scheduling import jobs
from clusterzone.notifications.models import Notification
from clusterzone.supervision.models import Problem, ProblemAct
from clusterzone.supervision.tasks import problem_reminders

from .. import factories as f

D = dt.date
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


ACCEPTED = D(2026, 9, 28)


def _case(appr, *, matter=None, accepted=ACCEPTED, handler=None, agent=None):
    return services.case_create(
        actor=SYSTEM,
        data={"project": appr.project, "matter": matter or appr.filing, "accepted_on": accepted,
              "handler": handler, "agent": agent},
    )  # fmt: skip


def test_an_overdue_case_raises_one_problem_against_its_department(appr):
    case = _case(appr)
    # due 2026-10-16: on the due day it is not overdue, so nothing is raised
    assert case_reminders_run(as_of=D(2026, 10, 16))["raised"] == 0
    assert not Problem.objects.exists()

    counts = case_reminders_run(as_of=D(2026, 10, 19))  # the next working day
    assert counts["overdue"] == 1 and counts["raised"] == 1
    problem = Problem.objects.get()
    assert problem.source_key == case_problem_key(case.pk)
    assert problem.responsible_unit == appr.filing.department
    assert problem.cluster == appr.project.cluster and problem.project == appr.project
    assert problem.category == "approval"
    assert problem.raised_on == D(2026, 10, 19)
    assert problem.deadline == D(2026, 10, 26)  # 5 working days after 10-19
    assert "企业投资项目备案" in problem.title and appr.project.code in problem.title
    assert "应于2026-10-16办结" in problem.description and "已超期1个工作日" in problem.description
    assert ProblemAct.objects.filter(problem=problem).count() == 1

    # run twice, and again later: still one problem
    again = case_reminders_run(as_of=D(2026, 10, 19))
    assert again["overdue"] == 1 and again["raised"] == 0
    case_reminders_run(as_of=D(2026, 10, 30))
    assert Problem.objects.count() == 1


def test_paused_and_completed_cases_are_not_raised(appr):
    paused = _case(appr)
    services.case_pause(actor=SYSTEM, case=paused, kind="expert", reason="专家评审", on=D(2026, 10, 12))
    done = _case(appr, matter=appr.siting)
    services.case_complete(actor=SYSTEM, case=done, on=D(2026, 10, 14), result="approved")
    counts = case_reminders_run(as_of=D(2026, 11, 30))
    assert counts == {"overdue": 0, "raised": 0, "due_soon": 0, "notified": 0}
    assert not Problem.objects.exists()


def test_a_pause_moves_the_day_a_case_runs_overdue(appr):
    case = _case(appr)
    services.case_pause(actor=SYSTEM, case=case, kind="correction", reason="补正材料", on=D(2026, 10, 12))
    services.case_resume(actor=SYSTEM, case=case, on=D(2026, 10, 15))  # due 10-21 now
    assert case_reminders_run(as_of=D(2026, 10, 21))["overdue"] == 0
    assert case_reminders_run(as_of=D(2026, 10, 22))["raised"] == 1


def test_a_case_due_in_three_working_days_notifies_handler_and_agent_once(appr, world):
    handler = f.UserFactory(username="handler", unit=appr.filing.department)
    case = _case(appr, handler=handler, agent=appr.agent)
    # 10-12: 4 working days left (10-13 … 10-16): not yet
    assert case_reminders_run(as_of=D(2026, 10, 12))["due_soon"] == 0
    counts = case_reminders_run(as_of=D(2026, 10, 13))  # 3 left
    assert counts["due_soon"] == 1 and counts["notified"] == 2

    def notes():
        return Notification.objects.filter(event="approval_case.due_soon")

    assert sorted(n.recipient.username for n in notes()) == ["agent", "handler"]
    assert all("2026-10-16" in n.title and n.url.endswith(f"/{case.pk}/") for n in notes())
    # the next days: the same due date, no second reminder
    assert case_reminders_run(as_of=D(2026, 10, 14))["notified"] == 0
    assert notes().count() == 2
    # a pause moves the due date: the new date brings a new reminder
    services.case_pause(actor=SYSTEM, case=case, kind="correction", reason="补正", on=D(2026, 10, 15))
    services.case_resume(actor=SYSTEM, case=case, on=D(2026, 10, 19))  # 2 paused days → due 10-20
    assert case_reminders_run(as_of=D(2026, 10, 19))["notified"] == 2
    assert notes().count() == 4
    assert notes().filter(title__contains="2026-10-20").count() == 2


def test_the_case_page_links_the_problem_it_raised(appr, login):
    case = _case(appr)
    case_reminders_run(as_of=D(2026, 10, 19))
    problem = Problem.objects.get()
    page = login(appr.admin).get(f"/approvals/cases/{case.pk}/")
    assert page.status_code == 200
    assert f"/supervision/problems/{problem.pk}/" in page.content.decode()


def test_the_scheduler_runs_the_approval_reminders(appr, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    assert case_reminders in jobs() and problem_reminders in jobs()
    _case(appr)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("schedule", as_of="2026-10-19")
    assert Problem.objects.filter(source_key__startswith="approval-case:").count() == 1
