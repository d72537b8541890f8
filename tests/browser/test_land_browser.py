"""The office computes the per-亩 evaluation of a cluster, publishes it for objections (公示),
makes the classes final after the period, and opens an enterprise's page showing its class and
the region's differentiated terms."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clusterzone.assessment.models import Result
from clusterzone.land.models import DifferentiatedPolicy

from ..land.test_evaluation import twenty  # noqa: F401 (fixture)
from .test_assessment_browser import login

pytestmark = pytest.mark.browser


@pytest.fixture
def live(transactional_db, world, twenty):  # noqa: F811
    for klass, land in (
        ("A", "优先保障新增用地"),
        ("B", "正常安排用地"),
        ("C", "原则上不新增用地"),
        ("D", "不再新增供地"),
    ):
        DifferentiatedPolicy.objects.create(region=world.zmd, klass=klass, land=land, power=f"{klass}类电价")
    return world


def test_office_publishes_an_evaluation_and_the_enterprise_page_shows_its_class(
    live_server, live, page, shot
):
    base = live_server.url
    login(page, base, "office_admin")
    page.goto(f"{base}/land/evaluation/")
    page.select_option('[data-testid="evaluation-create"] select[name=cluster]', live.cluster_a.code)
    page.fill('[data-testid="evaluation-create"] input[name=year]', "2025")
    page.click('[data-testid="evaluation-create"] button')
    page.wait_for_selector('[data-testid="evaluation-publicize"]')
    page.wait_for_selector('[data-testid="scatter-chart"] canvas')
    starts = timezone.localdate() - timedelta(days=30)
    page.fill("#starts_on", starts.isoformat())
    page.click('[data-testid="evaluation-publicize"] button')
    page.wait_for_selector('[data-testid="evaluation-finalize"]')
    shot("land-evaluation-publicity")
    page.click('[data-testid="evaluation-finalize"]')
    page.wait_for_selector("text=已公示期满，类别为最终结果。")
    result = Result.objects.get(subject_name="E01")
    assert result.klass == "A" and result.run.status == "published"
    page.goto(f"{base}/enterprises/{result.subject_id}/")
    page.wait_for_selector('[data-testid="muju-panel"]')
    assert page.inner_text('[data-testid="muju-class"]').startswith("A")
    terms = page.inner_text('[data-testid="muju-terms"]')
    assert "优先保障新增用地" in terms and "A类电价" in terms
    shot("land-enterprise-class")
