"""The generated tests of the financing-need pages (core.modelpages declaration
"finance:need"): list with 导出Excel and the menu, detail with history, publish, edit, delete,
the 导入 page, the list's query count for 3 and 15 needs."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.accounts.policy import SYSTEM
from clusterzone.finance import services

from ..modelpages import ModelPagesTests


class TestNeedPages(ModelPagesTests):
    pages = "finance:need"
    edit_changes = {"purpose": "改为设备更新"}

    def _bank(self, world):
        return OrgUnit.objects.get_or_create(
            name="上蔡县农村信用合作联社", defaults={"region": world.shangcai, "kind": UnitKind.BANK}
        )[0]

    def make(self, world, scope, n):
        return services.need_publish(
            actor=SYSTEM,
            data={
                "enterprise": world.ent_a if scope == "own" else world.ent_b,
                "amount": Decimal(1500), "purpose": f"页面测试需求{n}", "published_on": dt.date(2026, 9, 28),
                "banks": [self._bank(world)],
            },
        )  # fmt: skip

    def add_data(self, world):
        return {
            "enterprise": str(world.ent_a.pk), "amount": "800", "purpose": "新需求",
            "published_on": "2026-09-28", "banks": [str(self._bank(world).pk)],
        }  # fmt: skip

    def test_list_export_menu(self, world, client):
        # a need has no name of its own: the list shows its enterprise and its purpose
        obj = self.make(world, "own", 1)
        c = self.client_for(client, world, self.allowed_role)
        html = c.get(reverse("finance:need_list")).content.decode()
        assert obj.enterprise.name in html and obj.purpose in html
        assert f'href="{reverse("finance:need_list")}"' in html
        export = c.get(reverse("finance:need_list"), {"export": "xlsx"})
        assert export["Content-Type"].startswith("application/vnd.openxmlformats")
