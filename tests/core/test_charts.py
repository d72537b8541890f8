"""Every ECharts page draws through the shared renderer (static/js/charts.js), whose options
come from Python and whose empty charts become messages; the run and history charts of the
assessment are built with the palette."""

import pathlib

from clusterzone.assessment.charts import history_option, run_options
from clusterzone.core import charts

TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "clusterzone" / "templates"
# drawn by their own script: the approval timeline (custom bars per stage and pause) and the
# industry-chain graph (a force layout of nodes and links) — neither is a series of values
OWN_RENDERER = {"approvals/project_plan.html", "investment/chain_detail.html"}


def test_every_echarts_page_uses_the_shared_renderer():
    pages = {
        str(p.relative_to(TEMPLATES)): p.read_text(encoding="utf-8")
        for p in TEMPLATES.rglob("*.html")
        if "echarts.min.js" in p.read_text(encoding="utf-8")
    }
    assert len(pages) >= 10
    for name, text in pages.items():
        if name in OWN_RENDERER:
            continue
        assert "js/charts.js" in text and "data-cz-chart=" in text, name
        assert "echarts.init" not in text, name  # no page-local drawing code left


def test_assessment_charts_use_the_palette_and_say_when_empty():
    opts = run_options({"bins": ["0-10"], "counts": [2], "stars": ["一星"], "star_counts": [1]})
    assert opts["scores"]["series"][0]["itemStyle"]["color"] == charts.colour("clusters")
    history = history_option([2024, 2025], [81.5, 85.0], [3, 2])
    assert [s["itemStyle"]["color"] for s in history["series"]] == [
        charts.colour("score"),
        charts.colour("rank"),
    ]
    assert history["yAxis"][1]["inverse"] is True and "czEmpty" not in history
    assert history_option([], [], [])["czEmpty"] == "暂无已发布的考核结果，暂无图表。"
