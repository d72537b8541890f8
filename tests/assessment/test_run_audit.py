# ruff: noqa: F811  (fixtures imported from test_runs are used as arguments)
"""Who published a run, and which later run superseded it (by whom, when): on the run page and
in the API."""

from clusterzone.accounts.policy import SYSTEM
from clusterzone.assessment import services

from .test_runs import SCHEME, catalog, monthly, year_data  # noqa: F401 (fixtures)


def test_publisher_and_superseding_run_on_the_page_and_the_api(year_data, client):
    admin = year_data.users["province_admin"]
    scheme = services.scheme_save(actor=SYSTEM, scheme=None, definition=SCHEME)
    first = services.run_create(actor=admin, scheme=scheme, year=2025)
    services.run_publish(actor=admin, run=first)
    client.force_login(admin)
    data = client.get(f"/api/assessment/runs/{first.pk}/").json()
    assert data["published_by"]["username"] == "province_admin" and data["superseded_by"] is None
    second = services.run_recompute(actor=admin, run=first)
    services.run_publish(actor=admin, run=second, reason="重算后更正")
    data = client.get(f"/api/assessment/runs/{first.pk}/").json()
    assert data["superseded_by"]["id"] == second.pk
    assert data["superseded_by"]["published_by"]["username"] == "province_admin"
    page = client.get(f"/assessment/runs/{first.pk}/").content.decode()
    assert "发布人：" in page and f"已被第{second.pk}批取代" in page
