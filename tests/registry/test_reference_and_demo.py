"""Shipped reference data (regions, industries, leading categories) and `clusterzone demo`."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import HttpRequest

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit, Region, User
from clusterzone.accounts.reference import REGIONS_CSV, load_regions
from clusterzone.core.validators import validate_credit_code, validate_org_code
from clusterzone.registry.data import demo as demo_data
from clusterzone.registry.demo import PASSWORD, demo_credit_code, load_demo
from clusterzone.registry.models import (
    Cluster,
    ClusterIndustry,
    Enterprise,
    Industry,
    IndustryCategory,
    SubZone,
)
from clusterzone.registry.reference import (
    CATEGORIES_CSV,
    load_industries,
    load_leading_categories,
    load_reference,
)

pytestmark = pytest.mark.django_db

TRACKED = [Region, OrgUnit, User, Industry, IndustryCategory, Cluster, SubZone, ClusterIndustry, Enterprise]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # the demo hashes one password; PBKDF2 costs ~0.3 s a time, which the tests need not pay
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _snapshot():
    """Row and history-row counts of every model the loaders write."""
    return {m.__name__: (m.objects.count(), m.history.count()) for m in TRACKED}


def _csv(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- regions


def test_load_regions_loads_every_row_with_parents_and_paths():
    counts = load_regions()
    rows = _csv(REGIONS_CSV)
    assert len(rows) == 175
    assert counts == {"created": 175, "updated": 0, "unchanged": 0}
    assert Region.objects.count() == 175
    regions = {r.code: r for r in Region.objects.select_related("parent")}
    for row in rows:
        region = regions[row["code"]]
        assert region.name == row["name"]
        assert region.level == row["level"]
        assert (region.parent.code if region.parent else "") == row["parent_code"]
        assert region.path == (region.parent.path if region.parent else "") + f"{region.code}/"
    assert regions["411722"].path == "410000/411700/411722/"
    assert regions["410000"].path == "410000/"
    assert regions["410783"].name == "长垣市"
    assert regions["419001"].parent.code == "410000"  # 济源: county level under the province
    reasons = set(Region.history.values_list("history_change_reason", flat=True))
    assert reasons == {"内置行政区划数据"}


def test_load_regions_second_run_writes_nothing():
    load_regions()
    before = Region.history.count()
    assert load_regions() == {"created": 0, "updated": 0, "unchanged": 175}
    assert Region.history.count() == before


def test_load_regions_repairs_changed_rows_and_never_deletes():
    load_regions()
    shangcai = Region.objects.get(code="411722")
    shangcai.name = "上蔡"
    shangcai.save()
    # a hand-made region below 上蔡 (not in the shipped list) survives and keeps a valid path
    extra = Region.objects.create(
        code="411799", name="示例区", level="county", parent=Region.objects.get(code="411700")
    )
    # move 驻马店市's county 上蔡 under 信阳市 by hand: the loader puts it back
    shangcai.parent = Region.objects.get(code="411500")
    shangcai.save()
    counts = load_regions()
    assert counts["updated"] == 1 and counts["created"] == 0
    shangcai.refresh_from_db()
    assert shangcai.name == "上蔡县"
    assert shangcai.path == "410000/411700/411722/"
    assert Region.objects.filter(pk=extra.pk).exists()
    assert Region.objects.count() == 176
    assert shangcai.history.first().history_change_reason == "内置行政区划数据"


# ---------------------------------------------------------------- industries and categories


def test_load_industries_sections_then_divisions():
    counts = load_industries()
    assert counts["created"] == 117
    assert Industry.objects.filter(level="section").count() == 20
    assert Industry.objects.filter(level="division").count() == 97
    assert not Industry.objects.filter(level="division", parent=None).exists()
    assert not Industry.objects.filter(level="section").exclude(parent=None).exists()
    assert Industry.objects.get(code="30").parent.code == "C"
    assert Industry.objects.get(code="70").parent.code == "K"
    before = Industry.history.count()
    assert load_industries() == {"created": 0, "updated": 0, "unchanged": 117}
    assert Industry.history.count() == before


def test_load_leading_categories_with_their_divisions():
    load_industries()
    counts = load_leading_categories()
    rows = _csv(CATEGORIES_CSV)
    assert counts["created"] == len(rows) == IndustryCategory.objects.count()
    for row in rows:
        codes = {c for c in row["division_codes"].split(";") if c}
        category = IndustryCategory.objects.get(name=row["name"])
        assert set(category.divisions.values_list("code", flat=True)) == codes
        assert all(d.level == "division" for d in category.divisions.all())
    assert set(IndustryCategory.objects.get(name="超硬材料").divisions.values_list("code", flat=True)) == {
        "30"
    }

    # idempotent, and a hand-edited M2M is put back (and recorded)
    before = IndustryCategory.history.count()
    assert load_leading_categories()["unchanged"] == len(rows)
    assert IndustryCategory.history.count() == before
    IndustryCategory.objects.get(name="医药").divisions.clear()
    assert load_leading_categories()["updated"] == 1
    assert list(IndustryCategory.objects.get(name="医药").divisions.values_list("code", flat=True)) == ["27"]
    assert IndustryCategory.history.count() == before + 1


def test_load_reference_command_is_idempotent():
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    assert "行政区划：新增 175" in out.getvalue()
    snap = _snapshot()
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    assert "未变 175" in out.getvalue() and "未变 117" in out.getvalue()
    assert _snapshot() == snap


# ---------------------------------------------------------------- demo


@pytest.fixture
def demo():
    return load_demo()


def test_demo_credit_code_is_valid_and_deterministic():
    code = demo_credit_code("411424", "柘城县力量新材料制造集团有限公司")
    validate_credit_code(code)
    assert code == demo_credit_code("411424", "柘城县力量新材料制造集团有限公司")
    assert code.startswith("91411424")


def test_demo_lushan(demo):
    lushan = Cluster.objects.get(name="鲁山县产业集聚区")
    assert lushan.code == "41042301" and lushan.region.code == "410423"
    assert lushan.status == "provincial"
    assert lushan.planned_area == Decimal("16.33")
    assert lushan.land_reserve == Decimal("9000")
    zones = {z.name: z for z in lushan.subzones.all()}
    assert zones["北区"].area == Decimal("9.65") and "新型建材" in zones["北区"].focus
    assert zones["南区"].area == Decimal("6.68") and "轻纺" in zones["南区"].focus
    assert sum(z.area for z in zones.values()) == lushan.planned_area
    roles = {link.category.name: link.role for link in lushan.leading_industries.select_related("category")}
    # seed 003: 一主（新型建材）二辅（轻纺、旅游产品加工）
    assert roles == {"新型建材": "main", "轻纺": "auxiliary", "旅游产品加工": "auxiliary"}
    assert lushan.committee.name == "鲁山县产业集聚区管委会"
    assert lushan.enterprises.filter(name__contains="海威特种布").exists()


def test_demo_changyuan_subzones_sum_to_planned_area(demo):
    changyuan = Cluster.objects.get(code="41078301")
    assert changyuan.region.name == "长垣市"
    areas = dict(changyuan.subzones.values_list("name", "area"))
    assert areas == {
        "起重园区": Decimal("21.8"),
        "蒲西": Decimal("8"),
        "南蒲木岗": Decimal("4"),
        "参木": Decimal("4"),
        "蒲东": Decimal("3"),
    }
    assert sum(areas.values()) == changyuan.planned_area == Decimal("40.8")


def test_demo_zhecheng_and_its_enterprises(demo):
    zhecheng = Cluster.objects.get(name="柘城县产业集聚区")
    assert (zhecheng.planned_area, zhecheng.built_area) == (Decimal("14"), Decimal("5.7"))
    assert set(zhecheng.subzones.values_list("name", flat=True)) == {
        "金刚石产业园",
        "农副产品加工园",
        "纺织服饰园",
        "医药园",
    }
    main = zhecheng.leading_industries.get(role="main")
    assert main.category.name == "超硬材料"
    assert zhecheng.leading_industries.filter(role="auxiliary").count() == 3
    liliang = Enterprise.objects.get(name__contains="力量新材料")
    assert liliang.cluster == zhecheng
    validate_credit_code(liliang.credit_code)
    assert liliang.credit_code[2:8] == "411424"
    assert liliang.industry.code == "30" and liliang.leading and liliang.above_size
    assert zhecheng.enterprises.count() == 21
    # the names as seed 003 spells them
    names = set(zhecheng.enterprises.values_list("name", flat=True))
    assert {
        "河南省白师傅清真食品有限公司",
        "河南泰森食品有限公司",
        "柘城春海辣椒食品有限公司",
        "柘城县恒星食品有限公司",
        "柘城万昌食品包装有限公司",
        "河南华商药业有限公司",
        "商丘坤宇生物科技有限公司",
        "河南中盛动物药业有限公司",
        "河南老君堂制药有限公司",
        "河南恒生药业有限公司",
    } <= names
    assert not any(n.startswith("柘城县") and ("白师傅" in n or "坤宇" in n or "老君堂" in n) for n in names)


def test_demo_keeps_an_enterprise_loaded_under_its_former_name(demo):
    """A demo loaded before a name was corrected renames that record instead of adding one."""
    e = Enterprise.objects.get(name="河南老君堂制药有限公司")
    e.name = "柘城县老君堂制药有限公司"
    e.credit_code = demo_credit_code("411424", e.name)
    e.save()
    load_demo()
    e.refresh_from_db()
    assert e.name == "河南老君堂制药有限公司"
    assert Enterprise.objects.filter(name__contains="老君堂").count() == 1


def test_demo_xinyang_zhongtai_has_only_an_org_code(demo):
    zt = Enterprise.objects.get(name="信阳中泰置业有限公司")
    assert zt.org_code == "77943225-2"
    validate_org_code(zt.org_code)
    assert zt.credit_code is None
    assert zt.registered_capital == Decimal("2006")
    assert zt.cluster.region.name == "平桥区"
    assert OrgUnit.objects.get(name="平桥区农村信用合作联社").kind == "bank"


def test_demo_other_seed_facts(demo):
    assert Cluster.objects.get(name="卢氏产业集聚区").founded.isoformat() == "2010-12-10"
    assert Cluster.objects.get(name="沙澧产业集聚区").region.code == "411102"
    assert Cluster.objects.get(name="沙澧产业集聚区").planned_area == Decimal("12.59")
    assert Cluster.objects.get(code="41170202").name == "驻马店装备产业集聚区"
    zmd = Cluster.objects.filter(region__path__startswith="410000/411700/")
    assert zmd.count() == 10
    assert zmd.filter(star=1).count() == 6
    assert Cluster.objects.filter(name="桐柏县产业集聚区", region__code="411330").exists()
    assert Cluster.objects.filter(name="温县产业集聚区", region__code="410825").exists()
    wugang = Cluster.objects.get(name="舞钢市产业集聚区")
    assert wugang.leading_industries.get(role="main").category.name == "金属加工"


def test_every_demo_cluster_is_consistent(demo):
    clusters = Cluster.objects.filter(code__in=[c["code"] for c in demo_data.CLUSTERS])
    assert clusters.count() == len(demo_data.CLUSTERS) == 19
    for cluster in clusters:
        cluster.full_clean()
        assert cluster.code.startswith(cluster.region.code)
        assert cluster.leading_industries.filter(role="main").count() == 1, cluster.name
        assert cluster.committee.kind == "committee"
        assert cluster.committee.region_id == cluster.region_id
        assert cluster.notes


def test_every_demo_enterprise_is_valid(demo):
    enterprises = Enterprise.objects.all()
    assert enterprises.count() == len(demo_data.ENTERPRISES) + len(demo_data.ENTERPRISES_WITH_ORG_CODE)
    for enterprise in enterprises:
        enterprise.full_clean()
        assert enterprise.industry.level == "division"
        if enterprise.credit_code:
            validate_credit_code(enterprise.credit_code)
            assert enterprise.credit_code[2:8] == enterprise.cluster.region.code


def test_demo_units(demo):
    assert OrgUnit.objects.get(name="河南省产业集聚区发展联席会议办公室").region.code == "410000"
    offices = OrgUnit.objects.filter(kind="joint_office")
    for name in ("驻马店市", "平顶山市", "商丘市", "鲁山县", "柘城县"):
        assert offices.filter(name=f"{name}产业集聚区发展联席会议办公室").exists()
    depts = set(
        OrgUnit.objects.filter(kind="department", region__code="411700").values_list("name", flat=True)
    )
    for name in (
        "发展改革委",
        "工业和信息化局",
        "财政局",
        "国土资源局",
        "金融办",
        "行政服务中心",
        "电力公司",
    ):
        assert f"驻马店市{name}" in depts


def test_demo_users_log_in_with_the_printed_password(client, demo):
    assert {row[0] for row in demo} == {
        "admin",
        "province_admin",
        "zmd_staff",
        "lushan_reporter",
        "zmd_fgw",
        "lushan_leader",
        "viewer",
    }
    for username, password, _role, unit in demo:
        assert password == PASSWORD
        assert client.login(request=HttpRequest(), username=username, password=password), username
        user = User.objects.get(username=username)
        assert user.unit.name == unit and user.full_name
        client.logout()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    reporter = User.objects.get(username="lushan_reporter")
    assert reporter.roles == ["cluster_reporter"]
    assert policy.can(reporter, "change", Cluster.objects.get(code="41042301"))
    assert not policy.can(reporter, "change", Cluster.objects.get(code="41142401"))
    assert dict((r[0], r[2]) for r in demo)["zmd_fgw"] == "部门联络员"


def test_demo_is_idempotent():
    load_demo()
    snap = _snapshot()
    assert snap["Cluster"][0] == 19 and snap["Enterprise"][0] == 30
    out = io.StringIO()
    load_demo(stdout=out)
    assert _snapshot() == snap
    assert "本次写入：无" in out.getvalue()


def test_demo_history_reasons(demo):
    for model in (OrgUnit, User, Cluster, SubZone, ClusterIndustry, Enterprise):
        reasons = set(model.history.values_list("history_change_reason", flat=True))
        assert reasons == {"演示数据"}, model.__name__
    for model in (Industry, IndustryCategory):
        reasons = set(model.history.values_list("history_change_reason", flat=True))
        # a category's industries are a membership: its history names those added
        assert reasons and all(r.startswith("内置数据") for r in reasons), model.__name__
    assert set(Industry.history.values_list("history_change_reason", flat=True)) == {"内置数据"}


def test_demo_never_resets_a_changed_password(client, demo):
    user = User.objects.get(username="viewer")
    user.set_password("Changed-pass-77")
    user.save()
    logins = dict((row[0], row[1]) for row in load_demo())
    assert logins["viewer"] != PASSWORD and logins["province_admin"] == PASSWORD
    assert client.login(request=HttpRequest(), username="viewer", password="Changed-pass-77")


def test_demo_restores_edited_rows():
    load_demo()
    lushan = Cluster.objects.get(code="41042301")
    lushan.planned_area = Decimal("20")
    lushan.save()
    # someone made 轻纺 the main industry: the demo puts 新型建材 back as the only main
    lushan.leading_industries.filter(role="main").update(role="auxiliary")
    lushan.leading_industries.filter(category__name="轻纺").update(role="main")
    load_demo()
    lushan.refresh_from_db()
    assert lushan.planned_area == Decimal("16.33")
    assert lushan.leading_industries.get(role="main").category.name == "新型建材"


def test_demo_command_prints_logins_and_counts():
    out = io.StringIO()
    call_command("demo", "--allow-demo-passwords", stdout=out)
    text = out.getvalue()
    assert "集聚区 19 个" in text and "企业 30 家" in text
    for username in ("admin", "lushan_reporter", "zmd_fgw"):
        assert username in text
    assert PASSWORD in text and "集聚区填报员" in text and "鲁山县产业集聚区管委会" in text
    # one county office login per county with a demo cluster, a reporter per cluster, and
    # which login does which part of the monthly cycle
    assert "office_410423" in text and "reporter_41048101" in text and "月度报送流程演示" in text
    office = User.objects.get(username="office_410423")
    assert office.unit.name == "鲁山县产业集聚区发展联席会议办公室" and office.roles == ["office_staff"]
    assert User.objects.get(username="reporter_41172301").unit.name == "平舆县产业集聚区管委会"
    assert not User.objects.filter(username="reporter_41042301").exists()  # lushan_reporter
    assert "已审核数据填至" in text
    # the problem ledger's overdue problem puts its unit on the office's list for 约谈
    from clusterzone.supervision.models import Interview

    assert "待约谈单位 1 个" in text
    assert Interview.objects.get(status="pending").unit.name == "驻马店市发展改革委"


def test_load_reference_on_existing_world_keeps_it(world):
    """The conftest world (a few regions and a cluster) survives loading the reference data."""
    load_reference()
    assert Region.objects.count() == 175
    assert Region.objects.get(code="411722").path == "410000/411700/411722/"
    assert Cluster.objects.filter(pk=world.cluster_a.pk).exists()


def test_demo_without_debug_creates_no_shared_password_accounts():
    """DEBUG off and no --allow-demo-passwords: the superuser gets a random password, printed
    once; the other demo accounts get none."""
    out = io.StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert PASSWORD not in text and "随机生成" in text
    admin = User.objects.get(username="admin")
    line = next(li for li in text.splitlines() if li.strip().startswith("admin "))
    assert admin.check_password(line.split()[1])
    assert not User.objects.get(username="lushan_reporter").has_usable_password()
