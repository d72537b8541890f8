"""Charts, one place for the whole platform: the palette (the same series has the same colour
on every page), the layout every ECharts option shares (title, legend under it and apart from
the axes, labels never clipped), and the rule that a chart with no data is a message.

Pages build their ECharts options in Python with `option(...)` and `series(key, ...)`, hand
them to the template with `json_script`, and the shared renderer (static/js/charts.js) draws
every `[data-cz-chart]` element — or shows the chart's `empty` message when it has no data.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# series meaning → (legend label, colour). A meaning keeps its colour on every page: the
# current year's cumulative value is always blue, the same period of last year grey, the
# time-progress line amber, the annual target (or benchmark) purple, 同比 green, a gap red.
PALETTE: dict[str, tuple[str, str]] = {
    "current": (_("本年累计"), "#1f6feb"),
    "last_year": (_("上年同期"), "#8c959f"),
    "schedule": (_("按时间进度应完成"), "#bf8700"),
    "target": (_("全年目标"), "#8250df"),
    "yoy": (_("同比增长（%）"), "#1a7f37"),
    "own_rank": (_("本集聚区排位"), "#1f6feb"),
    "benchmark_rank": (_("赶超目标排位"), "#8250df"),
    "gap": (_("差距"), "#d1242f"),
    "score": (_("综合得分"), "#1f6feb"),
    "rank": (_("名次"), "#8250df"),
    "clusters": (_("集聚区数"), "#0969da"),
}

EMPTY = _("暂无数据，暂无图表。")


def colour(key: str) -> str:
    return PALETTE[key][1]


def series(key: str, data, *, name=None, **extra) -> dict:
    """One series of meaning `key`: its legend label (or `name`) and its palette colour."""
    label, col = PALETTE[key]
    out = {"name": str(name if name is not None else label), "data": data, "itemStyle": {"color": col}}
    if extra.get("type", "line") == "line":
        out["lineStyle"] = {"color": col, **extra.pop("lineStyle", {})}
    out.setdefault("type", "line")
    out.update(extra)
    return out


def has_data(option: dict | None) -> bool:
    """True when some series of the option has a value (None and missing points are no data)."""
    if not option:
        return False
    for s in option.get("series", []):
        for point in s.get("data") or []:
            value = point.get("value") if isinstance(point, dict) else point
            if isinstance(value, list | tuple):
                if any(v is not None for v in value):
                    return True
            elif value is not None:
                return True
    return False


def option(
    *, title: str, series_list: list[dict], x: list | None = None, y_axes=None, empty=None, **extra
) -> dict:
    """An ECharts option in the platform's layout. `empty` is the message shown instead of the
    chart when no series has data (the renderer reads `czEmpty`)."""
    out = {
        "title": {"text": str(title), "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 24, "type": "scroll", "textStyle": {"fontSize": 11}},
        "grid": {"left": 12, "right": 12, "top": 64, "bottom": 8, "containLabel": True},
        "series": series_list,
    }
    if x is not None:
        out["xAxis"] = {"type": "category", "data": x, "axisLabel": {"hideOverlap": True}}
    if y_axes is not None:
        out["yAxis"] = y_axes
    out.update(extra)
    if not has_data(out):
        out["czEmpty"] = str(empty or EMPTY)
    return out
