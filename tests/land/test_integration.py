"""Industry–city integration (产城互动): village relocation progress, resettlement housing,
landless farmers' employment and training, under the policy."""

from decimal import Decimal as D

import pytest

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError
from clusterzone.land import services


def test_village_relocation_progress_and_checks(world):
    # 柘城: 5,680 households, 2.8万 people
    v = services.village_relocation_save(
        actor=SYSTEM,
        data={
            "cluster": world.cluster_a, "phase": "一期", "villages": "大王庄、军王", "village_count": 2,
            "households": 5680, "people": 28000, "land_freed": D(1200), "moved_households": 1420,
        },
    )  # fmt: skip
    assert v.progress == D(25)
    with pytest.raises(DomainError, match="不能超过户数"):
        services.village_relocation_save(actor=SYSTEM, instance=v, data={"moved_households": 5681})


def test_housing_and_training_rules(world):
    h = services.housing_save(
        actor=SYSTEM,
        data={"cluster": world.cluster_a, "kind": "resettlement", "name": "露峰社区", "flats": 1200,
              "floor_area": D("12.5")},
    )  # fmt: skip
    with pytest.raises(DomainError, match="不能超过套数"):
        services.housing_save(actor=SYSTEM, instance=h, data={"completed_flats": 1201})
    with pytest.raises(DomainError, match="培训单位"):
        services.landless_employment_save(
            actor=SYSTEM,
            data={"cluster": world.cluster_a, "year": 2026, "kind": "training", "person_times": 300},
        )
    t = services.landless_employment_save(
        actor=SYSTEM,
        data={"cluster": world.cluster_a, "year": 2026, "kind": "training", "person_times": 300,
              "training_unit": "县职业技术学校", "enterprises": [world.ent_a]},
    )  # fmt: skip
    assert list(t.enterprises.all()) == [world.ent_a]


def test_integration_permissions(world):
    reporter = world.users["cluster_reporter"]
    data = {"cluster": world.cluster_b, "kind": "employment", "year": 2026, "person_times": 10}
    with pytest.raises(DomainError):
        services.landless_employment_save(actor=reporter, data=data)
    services.landless_employment_save(actor=reporter, data={**data, "cluster": world.cluster_a})
