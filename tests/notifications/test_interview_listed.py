"""约谈 listing told to the unit's department liaisons exactly once: the inbox, Django's outbox
and the unit's signed webhook (a local receiver started by the test), whatever the number of
runs of the scheduled check; other users of the unit, and units not listed, hear nothing."""

import json
from datetime import date

from django.core import mail

from clusterzone.accounts.choices import Role
from clusterzone.accounts.policy import SYSTEM
from clusterzone.notifications.models import Delivery, Notification, UnitWebhook
from clusterzone.supervision import services as sup
from clusterzone.supervision.interviews import interviews_run
from clusterzone.supervision.models import Interview

from .. import factories as f

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_liaison_hears_of_the_listing_once(world, settings, receiver, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    liaison = world.users["department_liaison"]
    liaison.email = "liaison@fgw.example.cn"
    liaison.save()
    second = f.UserFactory(unit=world.dept, roles=[Role.DEPARTMENT_LIAISON], email="second@fgw.example.cn")
    colleague = f.UserFactory(unit=world.dept, roles=[Role.READONLY], email="viewer@fgw.example.cn")
    host, port = receiver.server_address
    UnitWebhook.objects.create(unit=world.dept, url=f"http://{host}:{port}/hook", secret="s3cret")
    problem = sup.problem_raise(
        actor=SYSTEM, cluster=world.cluster_a, title="标准化厂房用地指标不足", category="land",
        responsible_unit=world.dept, raised_on=date(2026, 2, 2), deadline=date(2026, 2, 26),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        interviews_run(as_of=date(2026, 3, 1))  # February red: checked, not yet listed
    assert not Notification.objects.filter(event="interview.listed").exists()
    with django_capture_on_commit_callbacks(execute=True):
        for day in (date(2026, 4, 1), date(2026, 4, 2), date(2026, 4, 30)):  # March red too
            interviews_run(as_of=day)
    interview = Interview.objects.get()
    notes = Notification.objects.filter(event="interview.listed")
    assert sorted(n.recipient_id for n in notes) == sorted([liaison.pk, second.pk])
    assert not notes.filter(recipient=colleague).exists()
    note = notes.get(recipient=liaison)
    assert note.key == f"interview:{interview.pk}:listed"
    assert "约谈" in note.title and "2026年2月" in note.title and "2026年3月" in note.title
    assert note.url.endswith(f"/interviews/{interview.pk}/")
    assert sorted(m.to[0] for m in mail.outbox) == ["liaison@fgw.example.cn", "second@fgw.example.cn"]
    hooks = [json.loads(body) for _h, body in receiver.calls]
    assert [(h["event"], h["interview"], h["period"]) for h in hooks] == [
        ("interview.listed", interview.pk, "2026-03")
    ]
    assert Delivery.objects.filter(key=note.key).count() == 3
    # the notice handed over again (a re-run racing the first): nothing new anywhere
    from clusterzone.supervision.notify import interview_listed

    with django_capture_on_commit_callbacks(execute=True):
        interview_listed(interview)
    assert notes.count() == 2 and len(mail.outbox) == 2 and len(receiver.calls) == 1
    assert problem.pk in {i["id"] for i in interview.red_items}
