"""The demo's half-monthly reports item by item and leaders who follow enterprises: from the
seeds (鲁山, seed 003), relative to today, idempotent."""

from datetime import date

from clusterzone.projects.demo import load_projects_demo
from clusterzone.projects.models import Project
from clusterzone.registry.demo import load_demo
from clusterzone.registry.demo_contacts import load_contacts_demo
from clusterzone.registry.models import EnterpriseContact
from clusterzone.reporting.catalog import load_reporting_catalog
from clusterzone.reporting.demo_items import load_items_demo
from clusterzone.reporting.models import ReportItem, Submission, Value


def test_demo_half_monthly_items_and_contacts(db):
    load_demo()
    load_reporting_catalog()
    load_projects_demo()
    today = date(2026, 12, 4)
    assert load_items_demo(today=today)["submissions"] == 2
    subs = {s.period: s for s in Submission.objects.filter(dataset__code="half_monthly_construction")}
    assert {p: s.status for p, s in subs.items()} == {"2026-11H1": "approved", "2026-11H2": "submitted"}
    h1, h2 = subs["2026-11H1"], subs["2026-11H2"]
    assert h2.due_date <= today and h1.cluster.code == "41042301"
    # approval registered the project entered by name; the summary is computed from the items
    assert Project.objects.filter(name="尧盛针织扩建项目", cluster=h1.cluster).exists()
    assert not ReportItem.objects.filter(submission=h1, kind="project", project__isnull=True).exists()
    fai = Value.objects.get(submission=h2, indicator__code="fai_infrastructure").value
    assert fai == 1200 + 800 + 600 + 900  # year to date from the items
    assert ReportItem.objects.filter(
        submission=h2, kind="enterprise", name="鲁山县华瑞新型建材有限公司"
    ).exists()
    assert load_items_demo(today=today)["submissions"] == 0

    assert load_contacts_demo(today=today) == 3
    protected = EnterpriseContact.objects.filter(protected=True)
    assert protected.count() == 2 and all(c.protection_active for c in protected)
    assert {c.leader.username for c in EnterpriseContact.objects.all()} == {"lushan_leader"}
    assert load_contacts_demo(today=today) == 0
