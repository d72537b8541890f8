"""Standard pages of the approval service (core.modelpages): the matters catalog and the
cases, each one declaration; a case's acts, a project's approval plan and the statistics
stay hand-written in views/pages.py."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import selectors, services
from .filters import CaseFilter, MatterFilter
from .forms import CaseForm, MatterForm
from .models import ApprovalCase, ApprovalMatter
from .tables import CASE_TABLE, MATTER_TABLE
from .views.pages import SECTION, CaseDetailView, CaseFormView, CaseListView, MatterDetailView


def _matter_save(*, actor, instance, data):
    return services.matter_save(actor=actor, matter=instance, data=data)


def _matter_delete(*, actor, instance):
    services.matter_delete(actor=actor, matter=instance)


def _case_save(*, actor, instance, data):
    if instance.pk:
        return services.case_update(actor=actor, case=instance, data=data)
    return services.case_create(actor=actor, data=data)


def _case_delete(*, actor, instance):
    services.case_delete(actor=actor, case=instance)


CASES = register(
    ModelPages(
        app="approvals",
        name="case",
        path="cases/",
        model=ApprovalCase,
        title=_("审批办件"),
        section=SECTION,
        kind="approvalcase",
        selector=lambda user: selectors.case_list(user=user),
        filterset=CaseFilter,
        table=CASE_TABLE,
        form=CaseForm,
        save=_case_save,
        delete=_case_delete,
        detail_template="approvals/case_detail.html",
        detail_view=CaseDetailView,
        list_view=CaseListView,
        form_view=CaseFormView,
        import_kind="approval-cases",
    )
)

MATTERS = register(
    ModelPages(
        app="approvals",
        name="matter",
        path="matters/",
        model=ApprovalMatter,
        title=_("审批事项清单"),
        section=SECTION,
        kind="approvalmatter",
        selector=lambda user: selectors.matter_list(user=user),
        filterset=MatterFilter,
        table=MATTER_TABLE,
        form=MatterForm,
        save=_matter_save,
        delete=_matter_delete,
        detail_template="approvals/matter_detail.html",
        detail_view=MatterDetailView,
        import_kind="approval-matters",
    )
)
