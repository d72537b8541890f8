"""The generated tests of the finance pages declared with core.modelpages: financing needs
(list with 导出Excel and the menu, detail with history, publish, edit, delete, the 导入 page,
the list's query count for 3 and 15 needs), and the lists of matching events, pairings,
guarantees and tax-sharing rules with their 导入 pages."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from clusterzone.accounts.choices import Role, UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.accounts.policy import SYSTEM
from clusterzone.finance import services
from clusterzone.finance.models import Guarantee, MatchingEvent, ServicePairing, TaxSharingRule

from .. import factories as f
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


def _bank(world, scope):
    name, region = (
        ("上蔡县农村信用合作联社", world.shangcai)
        if scope == "own"
        else ("鲁山县农村信用合作联社", world.lushan)
    )
    return OrgUnit.objects.get_or_create(name=name, defaults={"region": region, "kind": UnitKind.BANK})[0]


class TestMatchingEventPages(ModelPagesTests):
    pages = "finance:event"

    def make(self, world, scope, n):
        event = MatchingEvent.objects.create(
            name=f"银企对接会{n}",
            region=world.shangcai if scope == "own" else world.lushan,
            date=dt.date(2025, 5, 1),
        )
        event.banks.set([_bank(world, scope)])
        event.enterprises.set([world.ent_a if scope == "own" else world.ent_b])
        return event


class TestPairingPages(ModelPagesTests):
    pages = "finance:pairing"

    def make(self, world, scope, n):
        bank = _bank(world, scope)
        officer = f.UserFactory(username=f"officer{scope}{n}", unit=bank, roles=[Role.BANK_STAFF])
        return ServicePairing.objects.create(
            officer=officer, bank=bank, enterprise=world.ent_a if scope == "own" else world.ent_b,
            since=dt.date(2025, 1, 1),
        )  # fmt: skip


class TestGuaranteePages(ModelPagesTests):
    pages = "finance:guarantee"

    def make(self, world, scope, n):
        loan = services.loan_create(
            actor=SYSTEM,
            data={"lender": _bank(world, scope), "borrower": world.ent_a if scope == "own" else world.ent_b,
                  "amount": Decimal(1500), "kind": "working_capital", "issued_on": dt.date(2025, 1, 1) + dt.timedelta(n)},
        )  # fmt: skip
        return Guarantee.objects.create(
            loan=loan, guarantor=f"担保公司{n}", amount=Decimal(100), start=loan.issued_on
        )


class TestTaxRulePages(ModelPagesTests):
    pages = "finance:taxrule"

    def make(self, world, scope, n):
        if scope == "own":
            parent, code = world.zmd, f"4117{50 + n % 49:02d}"
        else:
            parent, code = world.pds, f"4104{50 + n % 49:02d}"
        region = f.region(code, f"测试县{n}", parent)
        return TaxSharingRule.objects.create(region=region, county_share=60, unit_share=20, cluster_share=20)
