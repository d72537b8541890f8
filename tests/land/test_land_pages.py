"""The declared standard pages of land (generated tests of tests/modelpages.py): list with
导出Excel and constant queries, detail with history, add/edit/delete by the office or the
committee, refused to the read-only role and outside the scope."""

from decimal import Decimal as D

from clusterzone.land.models import (
    AcquisitionPlan,
    DifferentiatedPolicy,
    EnterpriseFigures,
    Housing,
    LandlessEmployment,
    LandPolicy,
    LandQuota,
    Parcel,
    QuotaAllocation,
    VillageRelocation,
)
from tests import factories as f
from tests.modelpages import ModelPagesTests


def _cluster(world, scope):
    return world.cluster_a if scope == "own" else world.cluster_b


def _region(world, scope):
    return world.shangcai if scope == "own" else world.lushan


class TestLandPolicyPages(ModelPagesTests):
    pages = "land:policy"
    edit_changes = {"min_intensity": "230.00"}

    def make(self, world, scope, n):
        cluster = _cluster(world, scope) if n < 3 else f.ClusterFactory(
            code=f"L{n:05d}", region=_region(world, scope)
        )  # fmt: skip
        return LandPolicy.objects.create(cluster=cluster)

    def add_data(self, world):
        return {"cluster": str(world.cluster_a2.pk), "min_intensity": "230", "min_plot_ratio": "1.0",
                "min_leading_share": "70", "idle_months": "12"}  # fmt: skip


class TestParcelPages(ModelPagesTests):
    pages = "land:parcel"
    edit_changes = {"code": "P-EDIT"}

    def make(self, world, scope, n):
        return Parcel.objects.create(
            cluster=_cluster(world, scope), code=f"P{n}", area=D(100), planned_use="industrial"
        )

    def add_data(self, world):
        return {"cluster": str(world.cluster_a.pk), "code": "NEW-1", "area": "45", "planned_use": "industrial",
                "status": "reserve"}  # fmt: skip


class TestAcquisitionPages(ModelPagesTests):
    pages = "land:acquisition"
    edit_changes = {"acquired": "3700.00"}

    def make(self, world, scope, n):
        return AcquisitionPlan.objects.create(cluster=_cluster(world, scope), year=2000 + n, planned=D(10000))

    def add_data(self, world):
        return {"cluster": str(world.cluster_a.pk), "year": "2026", "planned": "10000", "acquired": "3700"}


class TestQuotaPages(ModelPagesTests):
    pages = "land:quota"
    edit_changes = {"quota": "12000.00"}

    def make(self, world, scope, n):
        return LandQuota.objects.create(region=_region(world, scope), year=2000 + n, quota=D(11250))

    def add_data(self, world):
        return {"region": str(world.shangcai.pk), "year": "2026", "quota": "11250"}


class TestAllocationPages(ModelPagesTests):
    pages = "land:allocation"
    edit_changes = {"recipient": "蒲西园区"}

    def make(self, world, scope, n):
        quota = LandQuota.objects.get_or_create(
            region=_region(world, scope), year=2026, defaults={"quota": 99999}
        )[0]
        return QuotaAllocation.objects.create(
            quota=quota, cluster=_cluster(world, scope), area=D(10), recipient="起重"
        )

    def add_data(self, world):
        quota = LandQuota.objects.get_or_create(region=world.shangcai, year=2026, defaults={"quota": 99999})[
            0
        ]
        return {
            "quota": str(quota.pk),
            "cluster": str(world.cluster_a.pk),
            "area": "2250",
            "recipient": "起重园区",
        }


class TestFiguresPages(ModelPagesTests):
    pages = "land:figures"
    edit_changes = {"tax": "600.00"}

    def make(self, world, scope, n):
        e = world.ent_a if scope == "own" else world.ent_b
        return EnterpriseFigures.objects.create(
            enterprise=e, year=2000 + n, land_area=D(50), tax=D(500), value_added=D(3000), revenue=D(10000),
            energy=D(1000), employees=100, rnd=D(300),
        )  # fmt: skip

    def add_data(self, world):
        return {"enterprise": str(world.ent_a.pk), "year": "2025", "land_area": "50", "tax": "500",
                "value_added": "3000", "revenue": "10000", "energy": "1000", "employees": "100", "rnd": "300"}  # fmt: skip


class TestTermsPages(ModelPagesTests):
    pages = "land:terms"
    edit_changes = {"power": "电价上浮0.1元/千瓦时"}

    def make(self, world, scope, n):
        region = _region(world, scope) if n < 3 else f.region(f"4117{n % 100:02d}", f"区{n}", world.zmd)
        return DifferentiatedPolicy.objects.create(region=region, klass="D", land="不再新增供地")

    def add_data(self, world):
        return {"region": str(world.shangcai.pk), "klass": "A", "land": "优先保障用地"}


class TestVillagePages(ModelPagesTests):
    pages = "land:village"
    edit_changes = {"moved_households": "100"}

    def make(self, world, scope, n):
        return VillageRelocation.objects.create(
            cluster=_cluster(world, scope), phase=f"第{n}期", villages="大王庄、军王", village_count=2,
            households=500, people=2000,
        )  # fmt: skip

    def add_data(self, world):
        return {"cluster": str(world.cluster_a.pk), "phase": "一期", "villages": "大王庄", "village_count": "1",
                "households": "300", "people": "1200", "land_freed": "150", "moved_households": "0"}  # fmt: skip


class TestHousingPages(ModelPagesTests):
    pages = "land:housing"
    edit_changes = {"completed_flats": "800"}

    def make(self, world, scope, n):
        return Housing.objects.create(
            cluster=_cluster(world, scope), kind="resettlement", name=f"社区{n}", flats=1000
        )

    def add_data(self, world):
        return {"cluster": str(world.cluster_a.pk), "kind": "resettlement", "name": "露峰社区", "flats": "1200",
                "completed_flats": "0"}  # fmt: skip


class TestEmploymentPages(ModelPagesTests):
    pages = "land:employment"
    edit_changes = {"person_times": "320"}

    def make(self, world, scope, n):
        return LandlessEmployment.objects.create(
            cluster=_cluster(world, scope), year=2000 + n, kind="employment", person_times=100
        )

    def add_data(self, world):
        return {"cluster": str(world.cluster_a.pk), "year": "2026", "kind": "training", "person_times": "300",
                "training_unit": "县职业技术学校", "enterprises": [str(world.ent_a.pk)]}  # fmt: skip
