"""Standard pages of investment leads (core.modelpages)."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import selectors, services
from .filters import LeadFilter
from .forms import LeadForm
from .models import Lead
from .tables import LEAD_TABLE
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
