"""Lead and chain pages: list with clocks and filters, export, detail with stage actions,
the funnel, chain pages; permissions; fixed query counts for 10 and 500 rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterzone.accounts.policy import SYSTEM
from clusterzone.investment import services
from clusterzone.investment.models import Chain, ChainLink, Lead, LeadFollowUp

from .. import factories as f


def add_leads(world, n, start=0):
    leads = Lead.objects.bulk_create(
        Lead(
            code=f"QL{start + i:06d}", company=f"批量客商{start + i}", source_region="yrd", company_type="private",
            intended_investment=Decimal(1000 + i), cluster=world.cluster_a if i % 2 else world.cluster_b,
            unit=world.committee_a, first_contact=date(2025, 5, 5), stage_entered_at=date(2025, 5, 5),
            stage=["contact", "visit", "negotiate", "intent", "signed"][i % 5],
        )
        for i in range(n)
    )  # fmt: skip
    LeadFollowUp.objects.bulk_create(
        LeadFollowUp(lead=le, date=date(2025, 5, 6), content="拜访") for le in leads
    )
    return leads


def test_lead_list_flags_overdue_and_filters(world, login, make_lead):
    late = make_lead(company="超时客商", first_contact=date(2025, 6, 2))
    client = login(world.users["cluster_reporter"])
    page = client.get(reverse("investment:lead_list")).content.decode()
    assert "超时客商" in page and "已超时" in page and "个工作日" in page
    make_lead(company="鲁山客商", cluster=world.cluster_b, unit=world.committee_b)
    page = client.get(
        reverse("investment:lead_list"), {"overdue": "true", "unit": world.committee_a.pk}
    ).content.decode()
    assert "超时客商" in page and "鲁山客商" not in page
    services.followup_add(actor=SYSTEM, lead=late, data={"date": date.today(), "content": "电话回访"})
    page = client.get(reverse("investment:lead_list"), {"overdue": "true"}).content.decode()
    assert "超时客商" not in page


def test_lead_list_export(world, login, make_lead):
    make_lead(company="导出客商")
    response = login(world.users["office_admin"]).get(reverse("investment:lead_list"), {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.values)
    assert rows[0][1] == "目标企业" and rows[1][1] == "导出客商" and "已超时" in rows[1][-1]


def test_detail_sign_land_through_pages(world, login, make_lead):
    lead = make_lead(company="页面客商", project_name="页面项目")
    client = login(world.users["cluster_reporter"])
    page = client.get(reverse("investment:lead_detail", args=[lead.pk])).content.decode()
    assert "推进到“考察”" in page and "登记签约" in page and "落地（由线索创建项目）" not in page
    r = client.post(reverse("investment:lead_move", args=[lead.pk, "visit"]), {"date": "2025-04-01"})
    assert r.status_code == 302
    r = client.post(reverse("investment:lead_sign", args=[lead.pk]), {"date": "2025-04-10", "amount": ""})
    lead.refresh_from_db()
    assert lead.stage == "visit"
    client.post(reverse("investment:lead_sign", args=[lead.pk]), {"date": "2025-04-10", "amount": "30000"})
    client.post(reverse("investment:lead_land", args=[lead.pk]), {"date": "2025-04-20"})
    lead.refresh_from_db()
    assert lead.stage == "landed" and lead.project.name == "页面项目"
    page = client.get(reverse("investment:lead_detail", args=[lead.pk])).content.decode()
    assert "页面项目" in page and "2025年4月10日" in page and "3亿元" in page


def test_followup_form_and_lost(world, login, make_lead):
    lead = make_lead()
    client = login(world.users["office_staff"])
    client.post(
        reverse("investment:lead_followup_add", args=[lead.pk]),
        {"date": "2025-04-01", "kind": "visit", "content": "赴深圳拜访"},
    )
    assert LeadFollowUp.objects.get(lead=lead).content == "赴深圳拜访"
    r = client.post(reverse("investment:lead_lose", args=[lead.pk]), {"date": "2025-04-02", "reason": ""})
    assert Lead.objects.get(pk=lead.pk).stage == "contact"
    client.post(reverse("investment:lead_lose", args=[lead.pk]), {"date": "2025-04-02", "reason": "政策不符"})
    assert Lead.objects.get(pk=lead.pk).stage == "lost"
    assert r.status_code == 302


def test_reporter_cannot_touch_another_clusters_lead(world, login, make_lead):
    theirs = make_lead(cluster=world.cluster_b, unit=world.committee_b)
    client = login(world.users["cluster_reporter"])
    assert client.get(reverse("investment:lead_detail", args=[theirs.pk])).status_code == 404
    assert (
        client.post(
            reverse("investment:lead_move", args=[theirs.pk, "visit"]), {"date": "2025-04-01"}
        ).status_code
        == 404
    )
    other_office = login(world.users["office_admin"])  # 驻马店: 鲁山 is outside
    assert other_office.get(reverse("investment:lead_edit", args=[theirs.pk])).status_code == 404
    readonly = login(world.users["readonly"])
    mine = make_lead()
    assert (
        readonly.post(
            reverse("investment:lead_move", args=[mine.pk, "visit"]), {"date": "2025-04-01"}
        ).status_code
        == 403
    )


def test_lead_form_create(world, login):
    client = login(world.users["cluster_reporter"])
    r = client.post(
        reverse("investment:lead_add"),
        {"company": "表单客商", "cluster": world.cluster_a.pk, "source_region": "jjj", "company_type": "central_soe",
         "intended_investment": "50000", "unit": world.committee_a.pk, "first_contact": "2025-04-01"},
    )  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Lead.objects.get(company="表单客商").code == "XS411722010001"
    r = client.post(reverse("investment:lead_add"), {"company": "", "cluster": world.cluster_b.pk})
    assert r.status_code == 400


def test_funnel_page(world, login, make_lead):
    for i, stage in enumerate(["contact", "visit", "negotiate", "intent"]):
        lead = make_lead(company=f"漏斗{i}", intended_investment="10000")
        if stage != "contact":
            services.lead_move(actor=SYSTEM, lead=lead, to_stage=stage, when=date(2025, 4, 1))
    signed = make_lead(company="签约客商", intended_investment="20000")
    services.lead_sign(actor=SYSTEM, lead=signed, signed_date=date(2025, 4, 1), amount=Decimal("25000"))
    lost = make_lead(company="流失客商")
    services.lead_move(actor=SYSTEM, lead=lost, to_stage="negotiate", when=date(2025, 4, 1))
    services.lead_lose(actor=SYSTEM, lead=lost, reason="外迁", when=date(2025, 4, 2))
    from clusterzone.core.periods import Period
    from clusterzone.investment.selectors import funnel

    fn = funnel(user=world.users["province_admin"], unit=world.committee_a, period=Period.parse("2025Q1"))
    assert [(s.stage, s.count) for s in fn.steps] == [
        ("contact", 6), ("visit", 5), ("negotiate", 4), ("intent", 2), ("signed", 1), ("landed", 0),
        ("in_place", 0),
    ]  # fmt: skip
    assert [s.conversion for s in fn.steps] == [None, 83.3, 80.0, 50.0, 50.0, 0.0, 0.0]
    assert fn.lost == 1 and fn.signed_amount == Decimal("25000")
    assert fn.steps[1].amount == Decimal("80000")  # 3×10000 + 20000 + 30000 (lost at 洽谈)
    page = (
        login(world.users["office_admin"])
        .get(reverse("investment:funnel"), {"period": "2025"})
        .content.decode()
    )
    assert "echarts.min.js" in page and '"type": "funnel"' in page and "83.3%" in page
    assert 'data-testid="funds-in-place"' in page and "累计到资" in page and "2.5亿元" in page


def test_chain_pages(world, login):
    chain = Chain.objects.create(
        cluster=world.cluster_a, category=f.category("超硬材料"), name="金刚石产业链"
    )
    link = ChainLink.objects.create(chain=chain, segment="upstream", name="原料")
    link.divisions.set([f.industry("10", "非金属矿采选业")])
    client = login(world.users["cluster_reporter"])
    page = client.get(reverse("investment:chain_list")).content.decode()
    assert "金刚石产业链" in page
    page = client.get(reverse("investment:chain_detail", args=[chain.pk])).content.decode()
    assert '"type": "graph"' in page and "尚无招商线索的缺链环节" in page and "原料" in page
    other = Chain.objects.create(cluster=world.cluster_b, category=f.category("新型建材"), name="鲁山链")
    assert (
        login(world.users["office_admin"])
        .get(reverse("investment:chain_detail", args=[other.pk]))
        .status_code
        == 404
    )


def add_chains(world, n, start=0):
    cat = f.category("超硬材料")
    div = f.industry("30")
    for i in range(start, start + n):
        c = Chain.objects.create(cluster=world.cluster_a, category=cat, name=f"链{i}")
        links = ChainLink.objects.bulk_create(
            ChainLink(chain=c, segment=s, name=f"环节{k}", order=k)
            for k, s in enumerate(["upstream", "midstream", "downstream"])
        )
        links[1].divisions.add(div)


@pytest.mark.parametrize("url_name", ["investment:lead_list", "investment:chain_list"])
def test_list_pages_issue_a_fixed_number_of_queries(world, login, url_name):
    client = login(world.users["province_admin"])
    counts = []
    for start, n in ((0, 10), (10, 490)):
        add_leads(world, n, start)
        if url_name == "investment:chain_list":
            add_chains(world, min(n, 50), start)
        for params in ({}, {"overdue": "true", "sort": "-intended_investment"}):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse(url_name), params).status_code == 200
            counts.append(len(ctx))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_chain_detail_fixed_queries(world, login):
    chain = Chain.objects.create(cluster=world.cluster_a, category=f.category("超硬材料"), name="大链")
    client = login(world.users["province_admin"])
    counts = []
    for start, n in ((0, 3), (3, 30)):
        links = ChainLink.objects.bulk_create(
            ChainLink(chain=chain, segment="midstream", name=f"环{start + i}", order=start + i)
            for i in range(n)
        )
        for link in links:
            link.divisions.add(f.industry("30"))
        add_leads(world, n * 3, start * 10)
        Lead.objects.filter(chain_link__isnull=True, cluster=world.cluster_a).update(chain_link=links[0])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("investment:chain_detail", args=[chain.pk])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
