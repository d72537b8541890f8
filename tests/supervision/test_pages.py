"""The problem pages: raise (with an attachment), the list with lights as of a date and its
Excel export, the detail's transition forms."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from clusterzone.supervision.models import Problem


def test_raise_assign_answer_escalate_close_through_the_pages(world, client):
    u = world.users
    client.force_login(u["cluster_reporter"])
    r = client.post("/supervision/problems/add/", {
        "cluster": world.cluster_a.pk, "title": "污水管网未接通", "category": "infrastructure",
        "responsible_unit": world.dept.pk, "raised_on": "2026-02-12", "deadline_days": "5",
        "attachment": SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:2000]
    p = Problem.objects.get(title="污水管网未接通")
    assert p.deadline == date(2026, 2, 26)
    assert p.attachments.get().size == len(b"%PDF-1.4 test")
    client.force_login(u["office_staff"])
    page = client.get(f"/supervision/problems/{p.pk}/?as_of=2026-02-24").content.decode()
    assert "黄灯" in page and 'data-testid="assign-form"' in page
    client.post(f"/supervision/problems/{p.pk}/assign/", {"responsible_unit": world.dept.pk,
                                                         "responsible_person": "张三"})  # fmt: skip
    client.force_login(u["department_liaison"])
    assert 'data-testid="feedback-form"' in client.get(f"/supervision/problems/{p.pk}/").content.decode()
    client.post(f"/supervision/problems/{p.pk}/feedback/", {"comment": "已列入年度计划"})
    client.force_login(u["office_staff"])
    client.post(f"/supervision/problems/{p.pk}/escalate/", {"reason": "资金缺口需县政府研究"})
    client.post(f"/supervision/problems/{p.pk}/close/", {"satisfaction": "satisfied"})
    p.refresh_from_db()
    assert (p.status, p.level.name, p.satisfaction) == ("closed", "联席会议", "satisfied")
    listing = client.get("/supervision/problems/?as_of=2026-02-24").content.decode()
    assert "污水管网未接通" in listing
    export = client.get("/supervision/problems/?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_a_disallowed_attachment_type_is_refused(world, client):
    client.force_login(world.users["cluster_reporter"])
    r = client.post("/supervision/problems/add/", {
        "cluster": world.cluster_a.pk, "title": "x", "category": "other", "responsible_unit": world.dept.pk,
        "deadline_days": "5", "attachment": SimpleUploadedFile("a.exe", b"MZ"),
    })  # fmt: skip
    assert r.status_code == 400 and "不支持的附件类型" in r.content.decode()
    assert not Problem.objects.exists()
