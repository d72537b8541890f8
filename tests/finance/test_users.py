"""Accounts managed through the API and the users importer: office administrators create
users of their region's units with role codes and a password the password policy accepts,
change their unit or roles (recorded), and import them from Excel (用户名, 姓名, 单位, 角色, 手机)."""

import csv
import io

from django.http import HttpRequest

from clusterzone.accounts.models import User
from clusterzone.core.importing import get_importer

from ..api import api_client

USERS = "/api/users/"


def test_office_admin_creates_a_bank_user_with_a_valid_password(world, banks):
    admin = world.users["office_admin"]
    client = api_client(admin)
    body = {
        "username": "sc_loans",
        "full_name": "王信贷",
        "unit": banks.shangcai.pk,
        "roles": ["bank_staff"],
        "password": "Xindai-2025!",
    }
    response = client.post(USERS, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["unit"] == {"id": banks.shangcai.pk, "name": "上蔡县农村信用合作联社"}
    assert data["roles"] == ["bank_staff"] and data["role_labels"] == ["金融机构用户"]
    user = User.objects.get(username="sc_loans")
    assert user.check_password("Xindai-2025!")
    assert user.history.first().history_user_id == admin.pk
    assert api_client().login(request=HttpRequest(), username="sc_loans", password="Xindai-2025!")


def test_user_creation_refusals(world, banks):
    client = api_client(world.users["office_admin"])
    base = {"username": "u1", "full_name": "甲", "unit": banks.shangcai.pk, "roles": ["bank_staff"]}
    # the password policy: too short, entirely numeric, missing
    response = client.post(USERS, {**base, "password": "1234567"}, format="json")
    assert response.status_code == 400 and "password" in response.json()
    response = client.post(USERS, {**base, "password": "83927461"}, format="json")
    assert response.status_code == 400 and "password" in response.json()
    assert client.post(USERS, base, format="json").status_code == 400
    # an unknown role code
    response = client.post(USERS, {**base, "roles": ["banker"], "password": "Xindai-2025!"}, format="json")
    assert response.status_code == 400 and "roles" in response.json()
    # a unit outside the administrator's scope reads as unknown
    response = client.post(
        USERS, {**base, "unit": banks.lushan.pk, "password": "Xindai-2025!"}, format="json"
    )
    assert response.status_code == 400 and "权限范围" in str(response.json()["unit"])
    # a bank role for a unit that is not a bank
    response = client.post(
        USERS, {**base, "unit": world.zmd_office.pk, "password": "Xindai-2025!"}, format="json"
    )
    assert response.status_code == 400 and "金融机构" in str(response.json())
    assert not User.objects.filter(username="u1").exists()
    # other roles may not manage users
    for role in ("office_staff", "cluster_reporter", "readonly"):
        response = api_client(world.users[role]).post(
            USERS, {**base, "password": "Xindai-2025!"}, format="json"
        )
        assert response.status_code == 403
    assert (
        api_client(banks.shangcai_user)
        .post(USERS, {**base, "password": "Xindai-2025!"}, format="json")
        .status_code
        == 403
    )


def test_patch_changes_unit_and_roles_recorded(world, banks):
    admin = world.users["office_admin"]
    client = api_client(admin)
    target = world.users["readonly"]
    url = f"{USERS}{target.pk}/"
    response = client.patch(
        url, {"unit": banks.city.pk, "roles": ["bank_staff"], "reason": "调入驻马店银行"}, format="json"
    )
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    assert target.unit == banks.city and target.roles == ["bank_staff"]
    entry = client.get(f"{url}history/").json()[0]
    assert entry["user_id"] == admin.pk and entry["reason"] == "调入驻马店银行"
    fields = {c["field"] for c in entry["changes"]}
    assert {"unit", "roles"} <= fields
    # another city's user is out of scope
    other = world.users["other_admin"]
    assert client.patch(f"{USERS}{other.pk}/", {"roles": ["readonly"]}, format="json").status_code == 404


def _csv(rows):
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


HEADER = ["用户名", "姓名", "单位", "角色", "手机"]


def test_users_importer_creates_and_updates_idempotently(world, banks):
    admin = world.users["office_admin"]
    rows = [
        HEADER,
        ["sc_a", "李贷", "上蔡县农村信用合作联社", "金融机构用户", "13800000001"],
        ["zmd_b", "赵办", "驻马店市联席办", "联席办工作人员、只读", "13800000002"],
    ]
    result = get_importer("users").run(_csv(rows), filename="用户.csv", actor=admin)
    assert result.ok, [str(e) for e in result.errors]
    assert (result.created, result.updated) == (2, 0)
    a = User.objects.get(username="sc_a")
    assert a.unit == banks.shangcai and a.roles == ["bank_staff"] and a.phone == "13800000001"
    assert not a.has_usable_password()
    assert User.objects.get(username="zmd_b").roles == ["office_staff", "readonly"]
    again = get_importer("users").run(_csv(rows), filename="用户.csv", actor=admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    rows[2][3] = "office_admin"
    changed = get_importer("users").run(_csv(rows), filename="用户.csv", actor=admin)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert User.objects.get(username="zmd_b").roles == ["office_admin"]


def test_users_importer_errors_write_nothing(world, banks):
    admin = world.users["office_admin"]
    rows = [
        HEADER,
        ["ok1", "甲", "上蔡县农村信用合作联社", "金融机构用户", ""],
        ["bad1", "乙", "鲁山县农村信用合作联社", "金融机构用户", ""],  # outside the scope
        ["bad2", "丙", "驻马店市联席办", "行长", ""],  # unknown role
        ["bad3", "丁", "驻马店市联席办", "金融机构用户", ""],  # not a bank
        ["ok1", "戊", "驻马店银行", "只读", ""],  # duplicate username
    ]
    result = get_importer("users").run(_csv(rows), filename="用户.csv", actor=admin)
    errors = {(e.row, e.column) for e in result.errors}
    assert errors == {(3, "单位"), (4, "角色"), (5, "角色"), (6, "用户名")}, [str(e) for e in result.errors]
    assert "权限范围" in next(e.reason for e in result.errors if e.row == 3)
    assert "行长" in next(e.reason for e in result.errors if e.row == 4)
    assert not User.objects.filter(username__in=["ok1", "bad1", "bad2", "bad3"]).exists()
