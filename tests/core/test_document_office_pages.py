"""The issuing offices' settings pages (发文单位设置): prefix, red header, 主送, 抄送, 印发; the
next number an office issues uses the prefix set here."""

from datetime import date

from django.urls import reverse

from clusterzone.core.documents import document_number_proposed
from clusterzone.core.models import DocumentOffice
from tests.modelpages import ModelPagesTests


class TestDocumentOfficePages(ModelPagesTests):
    pages = "core:documentoffice"
    edit_changes = {"prefix": "驻集聚办"}

    def make(self, world, scope, n):
        unit = world.zmd_office if scope == "own" else world.pds_office
        office, _ = DocumentOffice.objects.get_or_create(unit=unit, defaults={"prefix": f"集聚办{n}"})
        return office

    def add_data(self, world):
        return {
            "unit": str(world.zmd_office.pk),
            "prefix": "驻集聚办",
            "red_header": "on",
            "addressees": "各产业集聚区管委会、联席会议各成员单位：",
            "cc": "市委办公室，市政府办公室。",
            "printer": "驻马店市联席办",
        }


def test_prefix_set_on_the_page_numbers_the_next_document(world, client):
    client.force_login(world.users["office_admin"])
    response = client.post(reverse("core:documentoffice_add"), TestDocumentOfficePages().add_data(world))
    assert response.status_code == 302
    assert (
        document_number_proposed(unit=world.zmd_office, year=date(2025, 5, 21).year) == "驻集聚办〔2025〕1号"
    )
