"""Shared fixtures: a small region tree with two counties in two cities, a cluster in each,
and one user per role in each place (own scope = 上蔡 side, other scope = 鲁山 side)."""

import pytest
from hypothesis import HealthCheck, settings

from clusterzone.accounts.choices import Role, UnitKind

from . import factories as f

# a shared, loaded machine makes input generation slow now and then: not a failure
settings.register_profile("default", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(db):
    """Province 河南 → 驻马店市 → 上蔡县 (cluster A) and 平顶山市 → 鲁山县 (cluster B)."""
    henan = f.region("410000", "河南省")
    zmd = f.region("411700", "驻马店市", henan)
    shangcai = f.region("411722", "上蔡县", zmd)
    pds = f.region("410400", "平顶山市", henan)
    lushan = f.region("410423", "鲁山县", pds)

    province_office = f.OrgUnitFactory(name="河南省产业集聚区发展联席会议办公室", region=henan)
    zmd_office = f.OrgUnitFactory(name="驻马店市联席办", region=zmd)
    pds_office = f.OrgUnitFactory(name="平顶山市联席办", region=pds)
    committee_a = f.OrgUnitFactory(name="上蔡县产业集聚区管委会", region=shangcai, kind=UnitKind.COMMITTEE)
    committee_b = f.OrgUnitFactory(name="鲁山县产业集聚区管委会", region=lushan, kind=UnitKind.COMMITTEE)
    dept = f.OrgUnitFactory(name="驻马店市发改委", region=zmd, kind=UnitKind.DEPARTMENT)

    cluster_a = f.ClusterFactory(
        code="41172201", name="上蔡县产业集聚区", region=shangcai, committee=committee_a
    )
    cluster_b = f.ClusterFactory(
        code="41042301", name="鲁山县产业集聚区", region=lushan, committee=committee_b
    )
    # a second cluster in 上蔡's city, not managed by committee_a
    cluster_a2 = f.ClusterFactory(code="41170201", name="驻马店市产业集聚区", region=zmd)
    ent_a = f.EnterpriseFactory(cluster=cluster_a, name="上蔡示例企业有限公司")
    ent_b = f.EnterpriseFactory(cluster=cluster_b, name="鲁山示例企业有限公司")

    def user(username, unit, *roles):
        return f.UserFactory(username=username, unit=unit, roles=list(roles))

    users = {
        "province_admin": user("province_admin", province_office, Role.OFFICE_ADMIN),
        "office_admin": user("office_admin", zmd_office, Role.OFFICE_ADMIN),
        "office_staff": user("office_staff", zmd_office, Role.OFFICE_STAFF),
        "cluster_reporter": user("cluster_reporter", committee_a, Role.CLUSTER_REPORTER),
        "department_liaison": user("department_liaison", dept, Role.DEPARTMENT_LIAISON),
        "project_leader": user("project_leader", zmd_office, Role.PROJECT_LEADER),
        "readonly": user("readonly", zmd_office, Role.READONLY),
        "other_admin": user("other_admin", pds_office, Role.OFFICE_ADMIN),
    }

    class World:
        pass

    w = World()
    w.__dict__.update(
        henan=henan, zmd=zmd, shangcai=shangcai, pds=pds, lushan=lushan,
        province_office=province_office, zmd_office=zmd_office, pds_office=pds_office,
        committee_a=committee_a, committee_b=committee_b, dept=dept,
        cluster_a=cluster_a, cluster_b=cluster_b, cluster_a2=cluster_a2,
        ent_a=ent_a, ent_b=ent_b, users=users,
    )  # fmt: skip
    return w


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """API throttle counts live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
