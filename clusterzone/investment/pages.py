"""Standard pages of investment leads and of the service-clock rules (core.modelpages)."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import selectors, services
from .filters import ClockRuleFilter, LeadFilter
from .forms import ClockRuleForm, LeadForm
from .models import ClockRule, Lead
from .tables import CLOCK_RULE_TABLE, LEAD_TABLE
from .views.clocks import ClockRuleDetailView, ClockRuleListView
from .views.pages import LeadDetailView, LeadListView


def _lead_save(*, actor, instance, data):
    if instance.pk:
        return services.lead_update(actor=actor, lead=instance, data=data)
    return services.lead_create(actor=actor, data=data)


LEADS = register(
    ModelPages(
        app="investment",
        name="lead",
        path="leads/",
        model=Lead,
        title=_("招商线索"),
        section=_("招商"),
        selector=lambda user: selectors.lead_list(user=user),
        filterset=LeadFilter,
        table=LEAD_TABLE,
        form=LeadForm,
        save=_lead_save,
        detail_template="investment/lead_detail.html",
        list_view=LeadListView,
        detail_view=LeadDetailView,
        import_kind="leads",
    )
)


CLOCK_RULES = register(
    ModelPages(
        app="investment",
        name="clock",
        path="clocks/",
        model=ClockRule,
        title=_("招商服务时限"),
        section=_("招商"),
        selector=lambda user: selectors.clock_rule_list(user=user),
        filterset=ClockRuleFilter,
        table=CLOCK_RULE_TABLE,
        form=ClockRuleForm,
        save=lambda *, actor, instance, data: services.clock_rule_save(actor=actor, rule=instance, data=data),
        delete=lambda *, actor, instance: services.clock_rule_delete(actor=actor, rule=instance),
        detail_template="investment/clock_detail.html",
        list_view=ClockRuleListView,
        detail_view=ClockRuleDetailView,
        export_name="招商服务时限",
    )
)
