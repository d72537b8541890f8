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
