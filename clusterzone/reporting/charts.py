"""The progress page's charts, one message per chart (core.charts): per indicator, the year's
cumulative value against its time-progress line and its annual target; and, in a chart of its
own, the growth on the same period of last year (同比, %)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from clusterzone.core import charts


def progress_charts(series) -> list[dict]:
    """For each progress series (reporting.selectors.progress.Series): its data (as_chart())
    with two ECharts options, `cumulative` and `growth`, and their json_script ids."""
    out = []
    for s in series:
        data = s.as_chart()
        unit = data["unit"]
        lines = [charts.series("current", data["values"], symbolSize=6, connectNulls=False)]
        if data["target"] is not None:
            lines[0]["markLine"] = {
                "symbol": "none",
                "label": {"formatter": str(charts.PALETTE["target"][0]), "position": "insideEndTop"},
                "lineStyle": {"color": charts.colour("target"), "type": "solid"},
                "data": [{"yAxis": data["target"]}],
            }
            lines.append(
                charts.series("schedule", data["schedule"], symbol="none", lineStyle={"type": "dashed"})
            )
        cumulative = charts.option(
            title=_("%(name)s：本年累计与目标（%(unit)s）") % {"name": data["name"], "unit": unit},
            series_list=lines,
            x=data["months"],
            y_axes=[{"type": "value", "name": unit, "nameGap": 8}],
            empty=_("本年尚无已审核数据，暂无图表。"),
        )
        growth = charts.option(
            title=_("%(name)s：同比增长（%%）") % {"name": data["name"]},
            series_list=[charts.series("yoy", data["yoy_pct"], type="bar", barMaxWidth=14)],
            x=data["months"],
            y_axes=[{"type": "value", "name": "%", "nameGap": 8}],
            empty=_("本年或上年同期尚无已审核数据，无法计算同比。"),
        )
        data.update(
            cumulative=cumulative,
            growth=growth,
            cumulative_id=f"chart-{data['indicator']}-cumulative-option",
            growth_id=f"chart-{data['indicator']}-growth-option",
        )
        out.append(data)
    return out
