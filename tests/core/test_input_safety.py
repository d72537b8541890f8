"""One input sanitiser (NUL bytes → 400) and neutralised exports (OWASP CSV injection)."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from clusterzone.core.exporting import csv_safe, is_dangerous
from clusterzone.registry.models import Enterprise

from ..api import api_client

EVIL = '=HYPERLINK("http://x","y")'


def test_nul_byte_refused_with_400_everywhere(world, client):
    api = api_client(world.users["office_admin"])
    r = api.post("/api/clusters/", {"code": "4117\x0022", "name": "x"}, format="json")
    assert r.status_code == 400 and "空字符" in r.json()["detail"]
    assert api.get("/api/clusters/", {"search": "a\x00b"}).status_code == 400
    assert (
        api.patch(f"/api/clusters/{world.cluster_a.pk}/", {"name": "a\x00"}, format="json").status_code == 400
    )
    client.force_login(world.users["office_admin"])
    page = client.post(reverse("registry:cluster_add"), {"code": "4117\x0022", "name": "x"})
    assert page.status_code == 400 and "空字符" in page.content.decode()


def test_non_integer_ids_are_404(world):
    api = api_client(world.users["office_admin"])
    assert api.get("/api/chains/abc/map/").status_code == 404
    assert api.get("/api/clusters/abc/").status_code == 404


def test_dangerous_starts():
    for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =1"):
        assert is_dangerous(v), v
        assert csv_safe(v).startswith("'")
    for v in ("上蔡", "1-2", "", None, 5):
        assert not is_dangerous(v)


def test_enterprise_list_export_writes_formula_like_name_as_text(world, client):
    Enterprise.objects.filter(pk=world.ent_a.pk).update(name=EVIL)
    client.force_login(world.users["office_admin"])
    response = client.get(reverse("registry:enterprise_list"), {"export": "xlsx"})
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value == EVIL]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_fuzzed_query_parameters_answer_400_or_empty_never_500(world):
    api = api_client(world.users["province_admin"])
    assert api.get("/api/tax-sharing/", {"year": "0"}).status_code == 400
    assert api.get("/api/tax-sharing/", {"year": "x"}).status_code == 400
    assert api.get("/api/service-pairings/assessment/", {"year": "!t"}).status_code == 400
    assert api.get("/api/service-pairings/assessment/", {"year": "2025"}).status_code == 200
    r = api.get("/api/projects/", {"leader": "x\x11"})
    assert r.status_code == 200 and r.json()["count"] == 0
