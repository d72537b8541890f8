"""The "bulletin issued" notification: the monthly 督查通报 is issued through the one register
(core.documents) with its 发文字号, and the units it names and the clusters' committees hear of
it exactly once — in the inbox, in Django's outbox, through a local SMTP server and a local
webhook receiver; the region's bulletin (assessment) tells the clusters' committees."""

import hashlib
import hmac
import io
import json
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from docx import Document

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.models import DocumentKind, IssuedDocument
from clusterzone.core.periods import Period
from clusterzone.notifications import services
from clusterzone.notifications.models import Delivery, Notification, UnitWebhook
from clusterzone.supervision import services as sup
from clusterzone.supervision import statistics

from .test_notifications import IMMEDIATE


@pytest.fixture
def red_problem(world):
    """A problem of 驻马店市发改委 overdue at the end of November 2026."""
    liaison, reporter = world.users["department_liaison"], world.users["cluster_reporter"]
    liaison.email, reporter.email = "liaison@fgw.example.cn", "reporter@sc.example.cn"
    liaison.save()
    reporter.save()
    return sup.problem_raise(
        actor=SYSTEM, cluster=world.cluster_a, title="标准化厂房用地超期", category="land",
        responsible_unit=world.dept, raised_on=date(2026, 11, 2), deadline=date(2026, 11, 10),
    )  # fmt: skip


def _docx_text(doc):
    return "\n".join(p.text for p in Document(io.BytesIO(bytes(doc.docx))).paragraphs)


def test_the_supervision_bulletin_is_numbered_in_the_register(world, red_problem, client):
    client.force_login(world.users["office_staff"])
    url = reverse("supervision:bulletin") + "?period=2026-11"
    page = client.get(reverse("supervision:statistics"), {"period": "2026-11"}).content.decode()
    assert 'data-testid="bulletin-issue"' in page
    r = client.post(url, {"signed_on": "2026-12-03"})
    assert r.status_code == 302
    doc = IssuedDocument.objects.get()
    assert doc.kind == DocumentKind.SUPERVISION and doc.unit == world.zmd_office
    assert doc.number == "驻集聚办〔2026〕1号" and doc.signed_on == date(2026, 12, 3)
    assert doc.title == "关于2026年11月问题办理和督办事项落实情况的通报"
    text = _docx_text(doc)
    assert doc.number in text and "标准化厂房用地超期" in text
    assert doc.figures["red_problems"] == [{"id": red_problem.pk, "unit": world.dept.pk}]
    client.post(url, {"signed_on": "2026-12-04"})  # a second issue: the next number, never the same
    assert sorted(IssuedDocument.objects.values_list("number", flat=True)) == [
        "驻集聚办〔2026〕1号",
        "驻集聚办〔2026〕2号",
    ]
    # the register lists it; a preview (GET) is not numbered and writes nothing
    assert client.get(reverse("supervision:bulletin"), {"period": "2026-11"}).status_code == 200
    assert IssuedDocument.objects.count() == 2
    client.force_login(world.users["department_liaison"])
    assert client.post(url, {"signed_on": "2026-12-05"}).status_code == 403
    assert IssuedDocument.objects.count() == 2


def test_issued_bulletin_reaches_the_units_once_with_the_outbox(world, red_problem, settings,
                                                               django_capture_on_commit_callbacks):  # fmt: skip
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        doc = statistics.bulletin_issue(
            actor=world.users["office_staff"], period=Period.parse("2026-11"), signed_on=date(2026, 12, 3)
        )
    notes = Notification.objects.filter(event="supervision.bulletin_issued")
    # the unit named for a red item and the committee of the region's cluster, nobody else
    assert sorted(n.recipient.username for n in notes) == ["cluster_reporter", "department_liaison"]
    assert all(n.key == f"document:{doc.pk}:issued" and doc.number in n.title for n in notes)
    assert sorted(m.to[0] for m in mail.outbox) == ["liaison@fgw.example.cn", "reporter@sc.example.cn"]
    # the same event handed over again (a re-sent signal): nothing new anywhere
    with django_capture_on_commit_callbacks(execute=True):
        services.document_issued_notify(doc, unit_ids=[world.dept.pk, world.committee_a.pk],
                                        event="supervision.bulletin_issued")  # fmt: skip
    assert notes.count() == 2 and len(mail.outbox) == 2
    # a user outside the region is not told
    assert not Notification.objects.filter(recipient=world.users["other_admin"]).exists()


def test_issued_bulletin_through_a_local_smtp_server_and_webhook_exactly_once(
    world,
    red_problem,
    settings,
    smtp_server,
    receiver,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.server_address
    host, port = receiver.server_address
    UnitWebhook.objects.create(unit=world.dept, url=f"http://{host}:{port}/hook", secret="s3cret")
    with django_capture_on_commit_callbacks(execute=True):
        doc = statistics.bulletin_issue(
            actor=world.users["office_staff"], period=Period.parse("2026-11"), signed_on=date(2026, 12, 3)
        )
    for d in Delivery.objects.all():
        assert d.status == "sent" and d.attempts == 1
        assert services.delivery_send(d.pk) == "sent"  # a second run sends nothing
    assert Delivery.objects.filter(channel="email").count() == 2 and len(smtp_server.messages) == 2
    assert len(receiver.calls) == 1
    headers, body = receiver.calls[0]
    assert (
        headers["X-Clusterzone-Signature"]
        == "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    )
    payload = json.loads(body)
    assert payload["event"] == "supervision.bulletin_issued" and payload["number"] == doc.number


def test_the_regions_bulletin_tells_the_clusters_committees_once(world, settings,
                                                                django_capture_on_commit_callbacks):  # fmt: skip
    from clusterzone.assessment.bulletins.issue import bulletin_issue

    settings.TASKS = IMMEDIATE
    reporter = world.users["cluster_reporter"]
    reporter.email = "reporter@sc.example.cn"
    reporter.save()
    with django_capture_on_commit_callbacks(execute=True):
        doc = bulletin_issue(actor=world.users["office_admin"], region="411700", period="2025-04",
                             signed_on=date(2025, 5, 21))  # fmt: skip
    notes = Notification.objects.filter(event="bulletin.issued")
    # 上蔡县产业集聚区's committee is in 驻马店; 鲁山's is not
    assert [n.recipient.username for n in notes] == ["cluster_reporter"]
    assert notes.get().url == reverse("core:document_file", args=[doc.pk, "docx"])
    assert [m.to for m in mail.outbox] == [["reporter@sc.example.cn"]]
    assert not Notification.objects.filter(recipient=world.users["department_liaison"]).exists()
