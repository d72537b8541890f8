"""Guarded structure changes: a unit's region or kind, or a region's parent, changes only with
a reason, never out of the actor's own scope, and never leaving the unit's users without the
scope they had (the province office moved to a city would have hidden the province from them)."""

from rest_framework.test import APIClient

from clusterzone.accounts.models import OrgUnit


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_moving_the_province_office_is_refused_and_needs_a_reason(world):
    api = _api(world.users["province_admin"])
    url = f"/api/units/{world.province_office.pk}/"
    body = {"name": world.province_office.name, "kind": world.province_office.kind, "region": "411700"}
    no_reason = api.put(url, body, format="json")
    assert no_reason.status_code == 400 and "必须填写原因" in str(no_reason.json())
    refused = api.put(url, {**body, "reason": "机构调整"}, format="json")
    assert refused.status_code == 400 and "失去原有的管辖范围" in str(refused.json())
    assert OrgUnit.objects.get(pk=world.province_office.pk).region_id == world.henan.pk


def test_a_city_office_cannot_move_a_unit_out_of_its_scope(world):
    api = _api(world.users["office_admin"])  # 驻马店
    url = f"/api/units/{world.dept.pk}/"
    unit = world.dept
    body = {"name": unit.name, "kind": unit.kind, "region": "410400", "reason": "调整"}  # 平顶山
    response = api.put(url, body, format="json")
    assert response.status_code in (400, 403, 404)
    assert OrgUnit.objects.get(pk=unit.pk).region_id == unit.region_id


def test_the_page_asks_for_a_reason_and_records_it(world, client):
    unit = world.dept
    client.force_login(world.users["province_admin"])
    url = f"/system/units/{unit.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200 and "变更原因" in page.content.decode()
    form = {
        "name": unit.name,
        "kind": "other",
        "region": unit.region_id,
        "notes": "",
        "lock_version": unit.lock_version,
    }
    refused = client.post(url, form)
    assert refused.status_code == 400 and "必须填写原因" in refused.content.decode()
    done = client.post(url, {**form, "change_reason": "改为其他单位"})
    assert done.status_code == 302
    unit.refresh_from_db()
    assert unit.kind == "other"
    assert unit.history.first().history_change_reason == "改为其他单位"
