"""Notifications exactly once per event and recipient: Django's outbox, a local SMTP
server and a local webhook receiver started here; retries with back-off; the db worker."""

import hashlib
import hmac
import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clusterzone.notifications import services
from clusterzone.notifications.models import ChannelSetting, Delivery, Notification, UnitWebhook
from clusterzone.supervision import services as sup
from clusterzone.supervision.reminders import problem_reminders_run

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def liaison(world):
    user = world.users["department_liaison"]
    user.email = "liaison@fgw.example.cn"
    user.save()
    return user


@pytest.fixture
def problem(world, liaison):
    return sup.problem_raise(
        actor=world.users["cluster_reporter"], cluster=world.cluster_a, title="用电增容", category="power",
        responsible_unit=world.dept, raised_on=date(2026, 2, 12), deadline_days=5,
    )  # fmt: skip


def test_assignment_reaches_the_inbox_and_the_outbox_once(world, liaison, problem, settings,
                                                         django_capture_on_commit_callbacks):  # fmt: skip
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        sup.problem_assign(actor=world.users["office_staff"], problem=problem)
    notes = Notification.objects.filter(recipient=liaison)
    assert [n.event for n in notes] == ["problem.assigned"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["liaison@fgw.example.cn"]
    assert "用电增容" in mail.outbox[0].subject
    # the same event handed over again: nothing new
    from clusterzone.supervision.notify import problem_event

    with django_capture_on_commit_callbacks(execute=True):
        problem_event("assigned", problem)
    assert notes.count() == 1 and len(mail.outbox) == 1


def test_a_user_who_turned_email_off_gets_the_inbox_only(world, liaison, problem, settings,
                                                        django_capture_on_commit_callbacks):  # fmt: skip
    settings.TASKS = IMMEDIATE
    ChannelSetting.objects.create(user=liaison, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        sup.problem_assign(actor=world.users["office_staff"], problem=problem)
    assert Notification.objects.filter(recipient=liaison).count() == 1
    assert mail.outbox == []


def test_reminders_due_and_overdue_once_per_deadline(world, liaison, problem, settings,
                                                    django_capture_on_commit_callbacks):  # fmt: skip
    settings.TASKS = IMMEDIATE
    sup.problem_assign(actor=world.users["office_staff"], problem=problem)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert problem_reminders_run(as_of=date(2026, 2, 13)) == {"due_soon": 0, "overdue": 0}
        assert problem_reminders_run(as_of=date(2026, 2, 24)) == {"due_soon": 1, "overdue": 0}
        problem_reminders_run(as_of=date(2026, 2, 25))  # the same deadline: not again
        assert problem_reminders_run(as_of=date(2026, 2, 27)) == {"due_soon": 0, "overdue": 1}
        problem_reminders_run(as_of=date(2026, 3, 2))
    events = list(Notification.objects.filter(recipient=liaison).values_list("event", flat=True))
    assert sorted(events) == ["problem.assigned", "problem.due_soon", "problem.overdue"]
    assert len(mail.outbox) == 2
    # the raiser hears of the overdue problem too
    assert Notification.objects.filter(
        recipient=world.users["cluster_reporter"], event="problem.overdue"
    ).exists()


def test_email_through_a_local_smtp_server_exactly_once(world, liaison, problem, settings, smtp_server,
                                                       django_capture_on_commit_callbacks):  # fmt: skip
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.server_address
    with django_capture_on_commit_callbacks(execute=True):
        sup.problem_assign(actor=world.users["office_staff"], problem=problem)
    d = Delivery.objects.get(channel="email")
    assert d.status == "sent" and d.attempts == 1
    assert services.delivery_send(d.pk) == "sent"  # a second run sends nothing
    assert len(smtp_server.messages) == 1
    assert b"liaison@fgw.example.cn" in smtp_server.messages[0]


def test_signed_webhook_retried_with_back_off(world, liaison, problem, settings, receiver):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    host, port = receiver.server_address
    UnitWebhook.objects.create(unit=world.dept, url=f"http://{host}:{port}/hook", secret="s3cret")
    receiver.statuses = [500, 503]
    sup.problem_assign(actor=world.users["office_staff"], problem=problem)
    d = Delivery.objects.get(channel="webhook")
    t0 = timezone.now()
    assert services.delivery_send(d.pk) == "retry"
    d.refresh_from_db()
    assert d.attempts == 1 and timedelta(seconds=55) < d.next_attempt_at - t0 < timedelta(seconds=65)
    assert services.delivery_send(d.pk) == "waiting"  # not before its time
    Delivery.objects.filter(pk=d.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert services.delivery_send(d.pk) == "retry"
    d.refresh_from_db()
    assert d.attempts == 2 and timedelta(seconds=115) < d.next_attempt_at - timezone.now() < timedelta(
        seconds=125
    )
    assert d.pk in services.deliveries_due(now=timezone.now() + timedelta(seconds=130))
    Delivery.objects.filter(pk=d.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert services.delivery_send(d.pk) == "sent"
    assert services.delivery_send(d.pk) == "sent"
    assert len(receiver.calls) == 3
    headers, body = receiver.calls[-1]
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["X-Clusterzone-Signature"] == expected
    payload = json.loads(body)
    assert payload["event"] == "problem.assigned" and payload["problem"] == problem.pk


def test_a_webhook_gives_up_after_the_last_attempt(world, problem, settings, receiver):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    host, port = receiver.server_address
    UnitWebhook.objects.create(unit=world.dept, url=f"http://{host}:{port}/hook", secret="k")
    receiver.statuses = [500, 500]
    sup.problem_assign(actor=world.users["office_staff"], problem=problem)
    d = Delivery.objects.get(channel="webhook")
    services.delivery_send(d.pk)
    Delivery.objects.filter(pk=d.pk).update(next_attempt_at=None)
    assert services.delivery_send(d.pk) == "failed"
    assert services.delivery_send(d.pk) == "failed" and len(receiver.calls) == 2


@pytest.mark.django_db(transaction=True)
def test_the_db_worker_delivers_the_queued_mail(world, liaison, problem):
    # the database backend: enqueued on commit, run by `clusterzone db_worker`
    sup.problem_assign(actor=world.users["office_staff"], problem=problem)
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert Delivery.objects.get(channel="email").status == "sent"
    assert len(mail.outbox) == 1


def test_the_inbox_page_and_reading(world, liaison, problem, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    sup.problem_assign(actor=world.users["office_staff"], problem=problem)
    client.force_login(liaison)
    r = client.get("/notifications/")
    assert "问题交办：用电增容" in r.content.decode()
    note = Notification.objects.get(recipient=liaison)
    r = client.post(f"/notifications/{note.pk}/read/")
    assert r.status_code == 302 and r.url == f"/supervision/problems/{problem.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None
    client.force_login(world.users["office_staff"])
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 404
