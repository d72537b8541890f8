"""The catch-up (赶超) chart, one message per chart (core.charts): the gap to the benchmark
cluster as bars (亿元 for money), and both clusters' province ranks as lines on an inverted
axis (1 at the top); colours from the platform's palette."""

from __future__ import annotations

from django.utils.translation import gettext as _

from clusterzone.core import charts


def catchup_option(chart: dict, *, own_name: str, benchmark_name: str) -> dict:
    """`chart`: the catch-up page's data of one indicator (months, gap, gap_unit, own_rank,
    target_rank)."""
    unit = chart["gap_unit"]
    empty = _("该指标本年尚无两区都有的数据，暂无法比较。")
    out = charts.option(
        title=_("%(name)s 差距（%(unit)s）") % {"name": chart["name"], "unit": unit},
        series_list=[
            charts.series("gap", chart["gap"], type="bar", barMaxWidth=18),
            charts.series("own_rank", chart["own_rank"], name=_("%(c)s排位") % {"c": own_name}, yAxisIndex=1),
            charts.series(
                "benchmark_rank",
                chart["target_rank"],
                name=_("%(c)s排位") % {"c": benchmark_name},
                yAxisIndex=1,
                lineStyle={"type": "dashed"},
            ),
        ],
        x=chart["months"],
        y_axes=[
            {"type": "value", "name": unit, "nameGap": 8},
            {
                "type": "value",
                "name": _("排位"),
                "inverse": True,
                "minInterval": 1,
                "min": 1,
                "splitLine": {"show": False},
                "nameGap": 8,
            },
        ],
        empty=empty,
    )
    if not any(g is not None for g in chart["gap"]):  # ranks alone compare nothing
        out["czEmpty"] = str(empty)
    return out
