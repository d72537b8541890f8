"""The permission matrix, kept as data: (role, scope, action, object kind) → expected outcome,
run through the pages and through the API by one parametrised test.

Outcomes: "ok" (done: 2xx/3xx and the database changed), "forbidden" (403, nothing changed),
"hidden" (404: out of scope, existence not revealed), "refused" (400/403, nothing written:
creating an object in a place outside the user's scope).
Scopes: "own" = 上蔡县产业集聚区 (the reporter's own cluster, in the 驻马店 office's city);
"other" = 鲁山县产业集聚区 (平顶山, outside every user's scope below).
"""

import pytest

from clusterzone.registry.models import Cluster, Enterprise

from .factories import make_credit_code

ROLES = [
    "office_admin",
    "office_staff",
    "cluster_reporter",
    "department_liaison",
    "project_leader",
    "readonly",
]

# expected outcome in the OWN scope, per role, per (kind, action); OTHER scope is derived below
OWN = {
    ("cluster", "view"): dict.fromkeys(ROLES, "ok"),
    ("cluster", "add"): {**dict.fromkeys(ROLES, "forbidden"), "office_admin": "ok"},
    ("cluster", "change"): {
        **dict.fromkeys(ROLES, "forbidden"),
        "office_admin": "ok",
        "office_staff": "ok",
        "cluster_reporter": "ok",
    },
    ("cluster", "delete"): {**dict.fromkeys(ROLES, "forbidden"), "office_admin": "ok"},
    ("enterprise", "view"): dict.fromkeys(ROLES, "ok"),
    ("enterprise", "add"): {
        **dict.fromkeys(ROLES, "forbidden"),
        "office_admin": "ok",
        "office_staff": "ok",
        "cluster_reporter": "ok",
    },
    ("enterprise", "change"): {
        **dict.fromkeys(ROLES, "forbidden"),
        "office_admin": "ok",
        "office_staff": "ok",
        "cluster_reporter": "ok",
    },
    ("enterprise", "delete"): {
        **dict.fromkeys(ROLES, "forbidden"),
        "office_admin": "ok",
        "office_staff": "ok",
        "cluster_reporter": "ok",
    },
}


def expected(kind, action, role, scope):
    own = OWN[(kind, action)][role]
    if scope == "own":
        return own
    if action == "add":
        return "refused" if own == "ok" else "forbidden"
    return "hidden"


MATRIX = [
    (channel, kind, action, role, scope, expected(kind, action, role, scope))
    for channel in ("page", "api")
    for (kind, action) in OWN
    for role in ROLES
    for scope in ("own", "other")
]

_seq = iter(range(500000, 10**6))


def _target(world, kind, scope):
    """The object acted upon (view/change/delete) or the place to add into."""
    if kind == "cluster":
        if scope == "own":
            region, committee = world.shangcai, world.committee_a
        else:
            region, committee = world.lushan, world.committee_b
        # a fresh cluster with no enterprises, so delete is not blocked by them
        spare = Cluster.objects.create(
            code=f"T{next(_seq)}", name=f"矩阵测试集聚区{next(_seq)}", region=region, committee=None
        )
        if scope == "own":
            # the reporter's own cluster is the one its committee manages
            world.cluster_a.committee = None
            world.cluster_a.save()
            spare.committee = committee
            spare.save()
        return spare, region
    cluster = world.cluster_a if scope == "own" else world.cluster_b
    ent = Enterprise.objects.create(
        credit_code=make_credit_code(next(_seq)), name=f"矩阵企业{next(_seq)}", cluster=cluster
    )
    return ent, cluster


def _page_request(client, kind, action, obj, place):
    from django.urls import reverse

    if kind == "cluster":
        if action == "view":
            return client.get(reverse("registry:cluster_detail", args=[obj.pk]))
        if action == "add":
            return client.post(
                reverse("registry:cluster_add"),
                {
                    "code": "NEW001",
                    "name": "新建测试集聚区",
                    "region": place.pk,
                    "status": "provincial",
                    "star": 0,
                },
            )
        if action == "change":
            return client.post(
                reverse("registry:cluster_edit", args=[obj.pk]),
                {
                    "code": obj.code,
                    "name": obj.name + "（改）",
                    "region": obj.region_id,
                    "status": obj.status,
                    "star": obj.star,
                    "committee": obj.committee_id or "",
                },
            )
        return client.post(reverse("registry:cluster_delete", args=[obj.pk]))
    if action == "view":
        return client.get(reverse("registry:enterprise_detail", args=[obj.pk]))
    if action == "add":
        return client.post(
            reverse("registry:enterprise_add"),
            {"credit_code": make_credit_code(next(_seq)), "name": "新建测试企业", "cluster": place.pk},
        )
    if action == "change":
        return client.post(
            reverse("registry:enterprise_edit", args=[obj.pk]),
            {"credit_code": obj.credit_code, "name": obj.name + "（改）", "cluster": obj.cluster_id},
        )
    return client.post(reverse("registry:enterprise_delete", args=[obj.pk]))


def _api_request(client, kind, action, obj, place):
    base = f"/api/{kind}s/"
    if action == "view":
        return client.get(f"{base}{obj.pk}/")
    if action == "add":
        if kind == "cluster":
            data = {"code": "NEW001", "name": "新建测试集聚区", "region": place.code, "status": "provincial"}
        else:
            data = {
                "credit_code": make_credit_code(next(_seq)),
                "name": "新建测试企业",
                "cluster": place.code,
            }
        return client.post(base, data, content_type="application/json")
    if action == "change":
        return client.patch(
            f"{base}{obj.pk}/", {"name": obj.name + "（改）"}, content_type="application/json"
        )
    return client.delete(f"{base}{obj.pk}/")


def _snapshot(kind):
    model = Cluster if kind == "cluster" else Enterprise
    return sorted(model.objects.values_list("pk", "name"))


@pytest.mark.parametrize("channel,kind,action,role,scope,outcome", MATRIX, ids=lambda v: str(v))
def test_permission_matrix(world, client, channel, kind, action, role, scope, outcome):
    obj, place = _target(world, kind, scope)
    client.force_login(world.users[role])
    before = _snapshot(kind)
    request = _page_request if channel == "page" else _api_request
    response = request(client, kind, action, obj, place)
    after = _snapshot(kind)
    status = response.status_code
    if outcome == "ok":
        assert status in (200, 201, 204, 302), (status, getattr(response, "content", b"")[:500])
        if action == "view":
            assert obj.name in response.content.decode()
        else:
            assert before != after
    elif outcome == "forbidden":
        assert status == 403, status
        assert before == after
    elif outcome == "hidden":
        assert status == 404, status
        assert before == after
    else:  # refused
        assert status in (400, 403), status
        assert before == after
