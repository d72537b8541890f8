from django import template

from clusterzone.core import units

register = template.Library()


@register.filter
def money(value):
    return units.money(value)


@register.filter
def km2(value):
    return units.area_km2(value)


@register.filter
def mu(value):
    return units.mu(value)


@register.filter
def pct(value):
    return units.percent(value)


@register.filter
def cn_date(value):
    return units.date_label(value)


@register.filter
def cn_month(value):
    return units.month_label(value) if value else "—"


@register.filter
def yesno_cn(value):
    return "是" if value else "否"


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (sorting, paging links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.inclusion_tag("core/_period_select.html")
def period_select(
    name,
    value="",
    kinds="monthly",
    id="",
    blank="",
    required=False,
    css="form-select form-select-sm",
    invalid=False,
):
    """The platform's period picker: a select of periods labelled 2025年4月 (grouped by year,
    newest first), valued by the period code the page and the API take. `kinds` lists the
    period kinds offered ("monthly", "annual,quarterly,monthly", "half_monthly"); `blank`
    is the label of an empty first option (e.g. "全部", "最近一期")."""
    from django.utils import timezone

    from clusterzone.core.periods import Period, PeriodError, picker_choices

    text = "" if value is None else str(value)
    groups = picker_choices(kinds, selected=text or None, today=timezone.localdate())
    offered = {code for _year, options in groups for code, _label in options}
    unknown = ""
    if text and text not in offered:
        try:
            Period.parse(text)
        except PeriodError:
            unknown = text  # an invalid value the page reports stays visible, not silently replaced
    return {
        "name": name,
        "id": id or f"id_{name}",
        "value": text,
        "kinds": kinds,
        "groups": groups,
        "blank": blank,
        "required": required,
        "css": f"{css} is-invalid" if invalid else css,
        "unknown": unknown,
    }
