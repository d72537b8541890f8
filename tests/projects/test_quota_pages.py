"""Quota pages ("1233工程" per county by band; per-unit quotas such as each township one
project ≥5000万): list, add, edit, delete through the services, office roles only, scoped by
region; the list's query count is constant; linked with the quota-check page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.accounts.policy import SYSTEM
from clusterzone.projects import services
from clusterzone.projects.choices import Stage
from clusterzone.projects.models import Quota, UnitQuota

from .. import factories as f


def test_1233_quotas_entered_by_page_drive_the_check(world, login, make_project):
    admin = login(world.users["office_admin"])  # 驻马店市联席办
    for lo, hi, n in (("100000", "", 1), ("50000", "100000", 2), ("10000", "50000", 3)):
        r = admin.post(
            reverse("projects:quota_add"),
            {"region": world.shangcai.pk, "year": 2025, "min_amount": lo, "max_amount": hi, "count": n},
        )
        assert r.status_code == 302, r.content.decode()
    assert Quota.objects.filter(region=world.shangcai, year=2025).count() == 3
    assert Quota.objects.first().history.first().history_user == world.users["office_admin"]
    make_project(total_investment=Decimal(60000), stage=Stage.SIGNED, sign_date=dt.date(2025, 3, 1))
    check = admin.get(reverse("projects:quota_check"), {"region": "411722", "year": 2025}).content.decode()
    assert 'data-testid="to-quota-list"' in check
    result = services_check(world)
    assert [(b.required, b.achieved, b.missing) for b in result["bands"]] == [(1, 0, 1), (2, 1, 1), (3, 0, 3)]
    page = admin.get(reverse("projects:quota_list"), {"year": 2025}).content.decode()
    assert "10亿元以上" in page and "5亿元–10亿元" in page and 'data-testid="to-quota-check"' in page
    # a max not above the min is refused beside the field; a duplicate band too
    r = admin.post(
        reverse("projects:quota_add"),
        {"region": world.shangcai.pk, "year": 2025, "min_amount": "5000", "max_amount": "3000", "count": 1},
    )
    assert r.status_code == 400 and "上限应大于下限" in r.content.decode()
    r = admin.post(
        reverse("projects:quota_add"),
        {"region": world.shangcai.pk, "year": 2025, "min_amount": "100000", "max_amount": "", "count": 1},
    )
    assert r.status_code == 400 and "已存在" in r.content.decode()
    q = Quota.objects.get(region=world.shangcai, min_amount=10000)
    r = admin.post(
        reverse("projects:quota_edit", args=[q.pk]),
        {"region": world.shangcai.pk, "year": 2025, "min_amount": "10000", "max_amount": "50000", "count": 4},
    )
    q.refresh_from_db()
    assert r.status_code == 302 and q.count == 4
    assert admin.post(reverse("projects:quota_delete", args=[q.pk])).status_code == 302
    assert not Quota.objects.filter(pk=q.pk).exists()


def services_check(world):
    from clusterzone.projects.selectors import quota_check

    return quota_check(region=world.shangcai, year=2025)


def test_unit_quota_pages(world, login):
    township = f.OrgUnitFactory(name="上蔡县东洪镇", region=world.shangcai)
    admin = login(world.users["office_admin"])
    r = admin.post(
        reverse("projects:unit_quota_add"),
        {"unit": township.pk, "year": 2025, "min_amount": "5000", "count": 1},
    )
    assert r.status_code == 302
    uq = UnitQuota.objects.get(unit=township)
    assert uq.min_amount == Decimal("5000")
    assert "上蔡县东洪镇" in admin.get(reverse("projects:quota_list")).content.decode()
    r = admin.post(
        reverse("projects:unit_quota_edit", args=[uq.pk]),
        {"unit": township.pk, "year": 2025, "min_amount": "10000", "count": 1},
    )
    uq.refresh_from_db()
    assert r.status_code == 302 and uq.min_amount == Decimal("10000")
    # a unit of another city is not offered to 驻马店's office
    r = admin.post(
        reverse("projects:unit_quota_add"),
        {"unit": world.committee_b.pk, "year": 2025, "min_amount": "5000", "count": 1},
    )
    assert r.status_code == 400
    assert admin.post(reverse("projects:unit_quota_delete", args=[uq.pk])).status_code == 302
    assert not UnitQuota.objects.exists()


@pytest.mark.parametrize("role", ["cluster_reporter", "readonly", "project_leader", "department_liaison"])
def test_only_office_roles_edit_quotas(world, login, role):
    q = services.quota_save(
        actor=SYSTEM, quota=Quota(region=world.shangcai, year=2025, min_amount=100000, count=1)
    )
    client = login(world.users[role])
    page = client.get(reverse("projects:quota_list"))
    assert page.status_code == 200 and 'data-testid="quota-add"' not in page.content.decode()
    assert client.get(reverse("projects:quota_add")).status_code == 403
    assert client.get(reverse("projects:unit_quota_add")).status_code == 403
    assert client.post(reverse("projects:quota_delete", args=[q.pk])).status_code == 403
    assert Quota.objects.filter(pk=q.pk).exists()


def test_other_regions_quota_is_not_found(world, login):
    q = services.quota_save(
        actor=SYSTEM, quota=Quota(region=world.lushan, year=2025, min_amount=100000, count=1)
    )
    admin = login(world.users["office_admin"])
    assert admin.get(reverse("projects:quota_edit", args=[q.pk])).status_code == 404
    assert admin.post(reverse("projects:quota_delete", args=[q.pk])).status_code == 404
    assert "鲁山县" not in admin.get(reverse("projects:quota_list")).content.decode()


def test_quota_list_fixed_queries(world, login):
    client = login(world.users["province_admin"])
    regions = [world.henan, world.zmd, world.shangcai, world.pds, world.lushan]
    counts = []
    for years in (range(2025, 2026), range(2026, 2040)):
        for year in years:
            for i, r in enumerate(regions):
                Quota.objects.create(region=r, year=year, min_amount=100000, count=1)
                UnitQuota.objects.create(unit=world.committee_a, year=year, min_amount=5000 + i, count=1)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("projects:quota_list")).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_quota_exports_import_back(world, login):
    """导出Excel of both quota lists carries the importer's columns: deleted quotas come back."""
    from clusterzone.core.importing import get_importer

    township = f.OrgUnitFactory(name="上蔡县东洪镇", region=world.shangcai)
    services.quota_save(
        actor=SYSTEM,
        quota=Quota(region=world.shangcai, year=2025, min_amount=50000, max_amount=100000, count=2),
    )
    services.unit_quota_save(
        actor=SYSTEM, quota=UnitQuota(unit=township, year=2025, min_amount=5000, count=1)
    )
    admin = login(world.users["office_admin"])
    files = {
        kind: admin.get(reverse(f"projects:{name}_list"), {"export": "xlsx"}).content
        for kind, name in (("quotas", "quota"), ("unit-quotas", "unit_quota"))
    }
    Quota.objects.all().delete()
    UnitQuota.objects.all().delete()
    for kind, content in files.items():
        get_importer(kind).run(content, filename="export.xlsx", actor=world.users["office_admin"])
    q = Quota.objects.get()
    assert (q.region, q.year, q.min_amount, q.max_amount, q.count) == (
        world.shangcai,
        2025,
        Decimal(50000),
        Decimal(100000),
        2,
    )
    uq = UnitQuota.objects.get()
    assert (uq.unit, uq.year, uq.min_amount, uq.count) == (township, 2025, Decimal(5000), 1)
