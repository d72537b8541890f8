"""Standard pages of the finance module (core.modelpages): financing needs (list with filters
and 导出Excel, detail with the clock and the banks' responses, publish, edit, Excel导入), and
the lists with 导出Excel and Excel导入 of matching events, financing-service officers'
pairings, loan guarantees and tax-sharing rules (written through the API or the import)."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import selectors, services
from .filters import GuaranteeFilter, MatchingEventFilter, NeedFilter, PairingFilter, TaxSharingRuleFilter
from .forms import FinancingNeedForm
from .models import FinancingNeed, Guarantee, MatchingEvent, ServicePairing, TaxSharingRule
from .tables import GUARANTEE_TABLE, MATCHING_EVENT_TABLE, NEED_TABLE, PAIRING_TABLE, TAX_RULE_TABLE
from .views import SECTION, NeedDetailView, NeedListView


def _need_save(*, actor, instance, data):
    if instance.pk:
        return services.need_update(actor=actor, need=instance, data=data)
    return services.need_publish(actor=actor, data=data)


def _need_delete(*, actor, instance):
    services.need_delete(actor=actor, need=instance)


NEEDS = register(
    ModelPages(
        app="finance",
        name="need",
        path="needs/",
        model=FinancingNeed,
        title=_("融资需求（银企对接）"),
        section=SECTION,
        selector=lambda user: selectors.need_list(user=user),
        filterset=NeedFilter,
        table=NEED_TABLE,
        form=FinancingNeedForm,
        save=_need_save,
        delete=_need_delete,
        detail_template="finance/need_detail.html",
        list_view=NeedListView,
        detail_view=NeedDetailView,
        import_kind="financing-needs",
        export_name="融资需求",
        menu=False,  # the 金融服务 menu lists it (core.navigation)
    )
)


def _list_pages(name, path, model, title, selector, filterset, table, import_kind):
    return register(
        ModelPages(
            app="finance", name=name, path=path, model=model, title=title, section=SECTION,
            selector=selector, filterset=filterset, table=table, list_view=NeedListView,
            import_kind=import_kind,
        )
    )  # fmt: skip


EVENTS = _list_pages(
    "event", "matching-events/", MatchingEvent, _("银企对接活动"),
    lambda user: selectors.matching_event_list(user=user), MatchingEventFilter, MATCHING_EVENT_TABLE,
    "matching-events",
)  # fmt: skip
PAIRINGS = _list_pages(
    "pairing", "service-pairings/", ServicePairing, _("金融服务员结对"),
    lambda user: selectors.pairing_list(user=user), PairingFilter, PAIRING_TABLE, "service-pairings",
)  # fmt: skip
GUARANTEES = _list_pages(
    "guarantee", "guarantees/", Guarantee, _("贷款担保"),
    lambda user: selectors.guarantee_list(user=user), GuaranteeFilter, GUARANTEE_TABLE, "guarantees",
)  # fmt: skip
TAX_RULES = _list_pages(
    "taxrule", "tax-sharing-rules/", TaxSharingRule, _("税收分成规则"),
    lambda user: selectors.tax_rule_list(user=user), TaxSharingRuleFilter, TAX_RULE_TABLE, "tax-sharing-rules",
)  # fmt: skip
