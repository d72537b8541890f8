"""Standard pages of the finance module (core.modelpages): financing needs (list with filters
and 导出Excel, detail with the clock and the banks' responses, publish, edit, Excel导入)."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import selectors, services
from .filters import NeedFilter
from .forms import FinancingNeedForm
from .models import FinancingNeed
from .tables import NEED_TABLE
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
