"""The land demo: seed figures and a final per-亩 evaluation that makes sense today."""

from decimal import Decimal as D

import pytest

from clusterzone.assessment.models import Run
from clusterzone.land.demo import load_land_demo
from clusterzone.land.models import Housing, LandPolicy, LandQuota, VillageRelocation
from clusterzone.land.selectors import enterprise_evaluation
from clusterzone.registry.demo import load_demo
from clusterzone.registry.models import Enterprise


@pytest.mark.django_db
def test_land_demo_seed_figures_and_final_evaluation():
    load_demo()
    load_land_demo()
    assert LandPolicy.objects.get(cluster__code="41170201").min_intensity == D(230)
    assert LandPolicy.objects.get(cluster__code="41082501").min_intensity == D(280)
    assert LandPolicy.objects.get(cluster__code="41042301").min_intensity == D(216)
    assert LandPolicy.objects.get(cluster__code="41042301").min_tax_per_mu == D(11)
    q = LandQuota.objects.get(region__code="410783")
    assert (q.quota, q.allocated) == (D(11250), D(7200))  # 7.5 km², 4.8 allocated
    assert VillageRelocation.objects.get(cluster__code="41142401").households == 5680
    assert set(Housing.objects.filter(cluster__code="41042301").values_list("name", flat=True)) == {
        "露峰社区",
        "汇源社区",
    }
    run = Run.objects.get(subject="enterprise")
    assert run.status == "published"
    ev = enterprise_evaluation(enterprise=Enterprise.objects.get(name="柘城县力量新材料制造集团有限公司"))
    assert ev is not None and ev.klass in "ABCD" and ev.terms
    load_land_demo()  # idempotent
    assert Run.objects.filter(subject="enterprise").count() == 1
