"""{% muju_panel enterprise %}: the enterprise's final per-亩 class with its region's
differentiated terms, shown on the enterprise's page (the registry's template loads it; the
registry's code knows nothing of land)."""

from django import template

from clusterzone.accounts import policy

from .. import selectors

register = template.Library()


@register.inclusion_tag("land/_enterprise_panel.html", takes_context=True)
def muju_panel(context, enterprise):
    user = getattr(context.get("request"), "user", None)
    if user is None or not policy.may(user, "view", "enterprisefigures"):
        return {"show": False}
    return {
        "show": True,
        "evaluation": selectors.enterprise_evaluation(enterprise=enterprise),
        "output": selectors.enterprise_output_per_mu(enterprise),
    }
