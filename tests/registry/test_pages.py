"""Pages of the registry: what a user sees and does, in Chinese."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from clusterzone.registry.models import Cluster, Enterprise, SubZone

from .. import factories as f


def test_login_page_is_chinese(client, db):
    response = client.get(reverse("login"))
    text = response.content.decode()
    assert "产业集聚区建设管理平台" in text and "登录" in text


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("registry:cluster_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_home_counts_the_users_scope(world, login):
    world.cluster_a.star = 1
    world.cluster_a.save()
    client = login(world.users["office_staff"])  # 驻马店: clusters A and A2, one enterprise
    text = client.get(reverse("home")).content.decode()
    assert 'data-testid="count-clusters">2<' in text
    assert 'data-testid="count-enterprises">1<' in text
    assert "一星级" in text and "省定产业集聚区" in text


def test_cluster_list_filters_and_sorts(world, login):
    client = login(world.users["province_admin"])
    url = reverse("registry:cluster_list")
    text = client.get(url).content.decode()
    assert "上蔡县产业集聚区" in text and "鲁山县产业集聚区" in text
    # region filter covers the subtree: 驻马店市 → 上蔡 and 驻马店市产业集聚区
    text = client.get(url, {"region": "411700"}).content.decode()
    assert "上蔡县产业集聚区" in text and "鲁山县产业集聚区" not in text
    world.cluster_b.status = "city_park"
    world.cluster_b.star = 3
    world.cluster_b.save()
    text = client.get(url, {"status": "city_park"}).content.decode()
    assert "鲁山县产业集聚区" in text and "上蔡县产业集聚区" not in text
    text = client.get(url, {"star": "3"}).content.decode()
    assert "鲁山县产业集聚区" in text and "上蔡县产业集聚区" not in text
    cat = f.category("新型建材")
    world.cluster_b.leading_industries.create(category=cat, role="main")
    text = client.get(url, {"industry": cat.pk}).content.decode()
    assert "鲁山县产业集聚区" in text and "上蔡县产业集聚区" not in text
    # sorting by name descending puts 驻马店市… (Z) after …; check the order of two rows
    text = client.get(url, {"sort": "-code"}).content.decode()
    assert text.index("41172201") < text.index("41042301")
    text = client.get(url, {"sort": "code"}).content.decode()
    assert text.index("41042301") < text.index("41172201")


def test_cluster_list_export_xlsx(world, login):
    client = login(world.users["province_admin"])
    response = client.get(reverse("registry:cluster_list"), {"region": "411700", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("集聚区代码", "集聚区名称", "所属市")
    codes = sorted(r[0] for r in rows[1:])
    assert codes == ["41170201", "41172201"]


def test_enterprise_list_export_and_search(world, login):
    client = login(world.users["province_admin"])
    url = reverse("registry:enterprise_list")
    text = client.get(url, {"q": "上蔡示例"}).content.decode()
    assert "上蔡示例企业有限公司" in text and "鲁山示例企业有限公司" not in text
    response = client.get(url, {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "企业名称"
    assert {r[0] for r in rows[1:]} == {"上蔡示例企业有限公司", "鲁山示例企业有限公司"}


def test_cluster_detail_shows_facts_subzones_enterprises_history(world, login):
    admin = world.users["office_admin"]
    client = login(admin)
    c = world.cluster_a
    c.planned_area = Decimal("16.33")
    c.save()
    SubZone.objects.create(cluster=c, name="北区", area=Decimal("9.65"), focus="新型建材")
    SubZone.objects.create(cluster=c, name="南区", area=Decimal("6.68"), focus="轻纺")
    # an edit through the page is recorded with who, before and after
    response = client.post(
        reverse("registry:cluster_edit", args=[c.pk]),
        {"code": c.code, "name": c.name, "region": c.region_id, "status": "provincial", "star": 2,
         "planned_area": "16.33", "built_area": "5", "committee": c.committee_id},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    text = client.get(reverse("registry:cluster_detail", args=[c.pk])).content.decode()
    assert "16.33平方公里" in text
    assert "北区" in text and "9.65平方公里" in text
    assert "上蔡示例企业有限公司" in text
    assert "变更历史" in text and "星级" in text and "二星级" in text and "无星级" in text
    assert str(admin) in text


def test_cluster_form_errors_in_chinese_beside_the_field(world, login):
    client = login(world.users["office_admin"])
    response = client.post(
        reverse("registry:cluster_add"),
        {"code": "41172202", "name": "新区", "region": world.shangcai.pk, "status": "provincial", "star": 0,
         "planned_area": "5", "built_area": "9"},
    )  # fmt: skip
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-field="built_area"' in text and "建成区面积不能大于规划面积" in text
    assert not Cluster.objects.filter(code="41172202").exists()


def test_enterprise_form_rejects_bad_credit_code(world, login):
    client = login(world.users["cluster_reporter"])
    response = client.post(
        reverse("registry:enterprise_add"),
        {"credit_code": "91411700MA3X12345F", "name": "坏代码企业", "cluster": world.cluster_a.pk},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-field="credit_code"' in text and "统一社会信用代码" in text
    assert not Enterprise.objects.filter(name="坏代码企业").exists()


def test_enterprise_with_org_code_only(world, login):
    client = login(world.users["cluster_reporter"])
    response = client.post(
        reverse("registry:enterprise_add"),
        {"org_code": "77943225-2", "name": "信阳中泰置业有限公司", "cluster": world.cluster_a.pk,
         "registered_capital": "2006"},
    )  # fmt: skip
    assert response.status_code == 302
    e = Enterprise.objects.get(org_code="77943225-2")
    text = client.get(reverse("registry:enterprise_detail", args=[e.pk])).content.decode()
    assert "2,006万元" in text and "77943225-2" in text


def test_subzone_and_leading_industry_actions(world, login):
    client = login(world.users["cluster_reporter"])
    c = world.cluster_a
    cat = f.category("新型建材")
    r = client.post(
        reverse("registry:cluster_child", args=[c.pk, "subzone-add"]), {"name": "起重园区", "area": "21.8"}
    )
    assert r.status_code == 302
    assert c.subzones.get().area == Decimal("21.8")
    client.post(
        reverse("registry:cluster_child", args=[c.pk, "industry-add"]), {"category": cat.pk, "role": "main"}
    )
    assert c.leading_industries.get().role == "main"
    # a second main industry is refused with a Chinese message
    cat2 = f.category("纺织服装")
    r = client.post(
        reverse("registry:cluster_child", args=[c.pk, "industry-add"]),
        {"category": cat2.pk, "role": "main"},
        follow=True,
    )
    assert "只能有一个主导产业" in r.content.decode()
    assert c.leading_industries.count() == 1
    # not on another cluster of the same county (visible, not editable) …
    neighbour = f.ClusterFactory(region=world.shangcai)
    r = client.post(reverse("registry:cluster_child", args=[neighbour.pk, "subzone-add"]), {"name": "X"})
    assert r.status_code == 403
    # … nor outside the reporter's county (not even visible)
    r = client.post(
        reverse("registry:cluster_child", args=[world.cluster_b.pk, "subzone-add"]), {"name": "X"}
    )
    assert r.status_code == 404
    assert not SubZone.objects.filter(name="X").exists()


def add_rows(world, start, n):
    """n more clusters (each with a leading industry), enterprises, units, users and regions."""
    from clusterzone.accounts.models import OrgUnit, Region, User
    from clusterzone.registry.models import ClusterIndustry

    cat = f.category("装备制造")
    clusters = Cluster.objects.bulk_create(
        [
            Cluster(code=f"Q{start + i:05d}", name=f"查询测试集聚区{start + i}", region=world.shangcai)
            for i in range(n)
        ]
    )
    ClusterIndustry.objects.bulk_create(
        [ClusterIndustry(cluster=c, category=cat, role="main") for c in clusters]
    )
    Enterprise.objects.bulk_create(
        [
            Enterprise(credit_code=f.make_credit_code(900000 + start + i), name=f"查询企业{start + i}",
                       cluster=clusters[i], industry=f.industry())
            for i in range(n)
        ]
    )  # fmt: skip
    units = OrgUnit.objects.bulk_create(
        [OrgUnit(name=f"查询单位{start + i}", kind="department", region=world.zmd) for i in range(n)]
    )
    User.objects.bulk_create(
        [User(username=f"q{start + i}", unit=units[i], roles=["readonly"]) for i in range(n)]
    )
    for i in range(n):  # regions compute their path on save
        code = f"41{90 + (start + i) // 100:02d}{(start + i) % 100:02d}"
        Region.objects.create(code=code, name=f"查询区{start + i}", level="county", parent=world.zmd)


@pytest.mark.parametrize(
    "url_name",
    ["registry:cluster_list", "registry:enterprise_list", "accounts:region_list", "accounts:unit_list",
     "accounts:user_list", "home"],
)  # fmt: skip
def test_list_pages_issue_a_fixed_number_of_queries(world, login, url_name):
    client = login(world.users["province_admin"])
    url = reverse(url_name)
    counts = []
    for start, n in ((0, 10), (10, 190)):
        add_rows(world, start, n)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_import_page_template_errors_and_success(world, login):
    client = login(world.users["cluster_reporter"])
    url = reverse("core:import", args=["enterprises"])
    page = client.get(url).content.decode()
    assert "下载导入模板" in page and "统一社会信用代码" in page
    template = client.get(url, {"template": "1"})
    headers = [c.value for c in next(load_workbook(io.BytesIO(template.content)).active.iter_rows(max_row=1))]
    assert "统一社会信用代码" in headers and "集聚区代码" in headers

    from django.core.files.uploadedfile import SimpleUploadedFile

    good = f.make_credit_code(777)
    bad_csv = (
        "统一社会信用代码,企业名称,集聚区代码,行业代码\n"
        f"{good},页面导入企业,{world.cluster_a.code},30\n"
        "91411700MA3X12345F,坏代码企业,41172201,30\n"
    ).encode("gbk")
    f.industry("30")
    response = client.post(url, {"file": SimpleUploadedFile("企业.csv", bad_csv)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "未写入任何数据" in text and "<td>3</td>" in text and "统一社会信用代码" in text
    assert not Enterprise.objects.filter(name="页面导入企业").exists()

    ok_csv = (
        f"统一社会信用代码,企业名称,集聚区代码,行业代码\n{good},页面导入企业,{world.cluster_a.code},30\n"
    ).encode()
    response = client.post(url, {"file": SimpleUploadedFile("企业.csv", ok_csv)})
    assert response.status_code == 200 and "新增 1 条" in response.content.decode()
    assert Enterprise.objects.get(name="页面导入企业").cluster == world.cluster_a


def test_import_page_needs_a_write_right(world, login):
    client = login(world.users["readonly"])
    assert client.get(reverse("core:import", args=["enterprises"])).status_code == 403
    assert client.get(reverse("core:import", args=["nonsense"])).status_code == 404


def test_cluster_history_includes_sub_zones_and_industries(world, login):
    client = login(world.users["cluster_reporter"])
    c = world.cluster_a
    client.post(
        reverse("registry:cluster_child", args=[c.pk, "subzone-add"]), {"name": "蒲西园区", "area": "8"}
    )
    zone = c.subzones.get()
    client.post(reverse("registry:cluster_child_item", args=[c.pk, "subzone-delete", zone.pk]))
    cat = f.category("纺织服装")
    client.post(
        reverse("registry:cluster_child", args=[c.pk, "industry-add"]), {"category": cat.pk, "role": "main"}
    )
    text = client.get(reverse("registry:cluster_detail", args=[c.pk])).content.decode()
    assert "园区：蒲西园区" in text and "删除" in text
    assert "主导产业：纺织服装" in text
    assert str(world.users["cluster_reporter"]) in text


def test_region_filter_picks_by_name(world, login):
    client = login(world.users["province_admin"])
    url = reverse("registry:cluster_list")
    html = client.get(url).content.decode()
    # a list of names valued by code, never a box asking for 行政区划代码
    assert "行政区划代码" not in html
    assert '<option value="411700">　驻马店市</option>' in html
    html = client.get(url, {"region": "411700"}).content.decode()
    assert '<option value="411700" selected>　驻马店市</option>' in html
    assert world.cluster_a.name in html and world.cluster_b.name not in html
    # the name works too (API and typed URLs)
    html = client.get(url, {"region": "鲁山县"}).content.decode()
    assert world.cluster_b.name in html and world.cluster_a.name not in html
