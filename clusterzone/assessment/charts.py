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


def run_options(data: dict) -> dict:
    """A run's two distributions: scores in bands of ten and stars, counts of clusters."""
    count_axis = [{"type": "value", "minInterval": 1, "name": _("个")}]
    return {
        "scores": charts.option(
            title=_("综合得分分布"),
            series_list=[charts.series("clusters", data["counts"], type="bar", barMaxWidth=24)],
            x=data["bins"],
            y_axes=count_axis,
            empty=_("没有参加排名的集聚区，暂无图表。"),
            legend={"show": False},
        ),
        "stars": charts.option(
            title=_("星级分布"),
            series_list=[charts.series("clusters", data["star_counts"], type="bar", barMaxWidth=24)],
            x=data["stars"],
            y_axes=count_axis,
            empty=_("没有参加排名的集聚区，暂无图表。"),
            legend={"show": False},
        ),
    }


def history_option(years: list, scores: list, ranks: list) -> dict:
    """A cluster's published results by year: score as bars, rank as a line (1 at the top)."""
    return charts.option(
        title=_("历年考核得分与名次"),
        series_list=[
            charts.series("score", scores, type="bar", barMaxWidth=24),
            charts.series("rank", ranks, yAxisIndex=1),
        ],
        x=[f"{y}年" for y in years],
        y_axes=[
            {"type": "value", "name": _("得分"), "nameGap": 8},
            {"type": "value", "name": _("名次"), "inverse": True, "minInterval": 1, "min": 1, "nameGap": 8},
        ],
        empty=_("暂无已发布的考核结果，暂无图表。"),
    )
