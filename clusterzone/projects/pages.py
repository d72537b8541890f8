"""Standard pages of the project library and of the project task quotas (core.modelpages)."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import selectors, services
from .filters import ProjectFilter, QuotaFilter, UnitQuotaFilter
from .forms import ProjectForm, QuotaForm, UnitQuotaForm
from .models import Project, Quota, UnitQuota
from .tables import PROJECT_TABLE, QUOTA_TABLE, UNIT_QUOTA_TABLE
from .views.pages import ProjectDetailView
from .views.quotas import QuotaFormView, QuotaListView


def _project_save(*, actor, instance, data):
    if instance.pk:
        return services.project_update(actor=actor, project=instance, data=data)
    return services.project_create(actor=actor, data=data)


PROJECTS = register(
    ModelPages(
        app="projects",
        name="",  # projects:list, projects:add, projects:detail, projects:edit
        path="",
        model=Project,
        title=_("项目库"),
        section=_("项目"),
        selector=lambda user: selectors.project_list(user=user),
        filterset=ProjectFilter,
        table=PROJECT_TABLE,
        form=ProjectForm,
        save=_project_save,
        detail_template="projects/project_detail.html",
        detail_view=ProjectDetailView,
        import_kind="projects",
    )
)


def _quota_delete(*, actor, instance):
    services.quota_delete(actor=actor, quota=instance)


QUOTAS = register(
    ModelPages(
        app="projects",
        name="quota",
        path="quotas/",
        model=Quota,
        title=_("项目任务指标"),
        section=_("项目"),
        selector=lambda user: selectors.quota_list(user=user),
        filterset=QuotaFilter,
        table=QUOTA_TABLE,
        form=QuotaForm,
        save=lambda *, actor, instance, data: services.quota_save(actor=actor, quota=instance, data=data),
        delete=_quota_delete,
        detail_template="projects/quota_detail.html",
        list_view=QuotaListView,
        form_view=QuotaFormView,
        import_kind="quotas",
        export_name="项目任务指标",
    )
)

UNIT_QUOTAS = register(
    ModelPages(
        app="projects",
        name="unit_quota",
        path="quotas/units/",
        model=UnitQuota,
        title=_("单位招商指标"),
        section=_("项目"),
        selector=lambda user: selectors.unit_quota_list(user=user),
        filterset=UnitQuotaFilter,
        table=UNIT_QUOTA_TABLE,
        form=UnitQuotaForm,
        save=lambda *, actor, instance, data: services.unit_quota_save(
            actor=actor, quota=instance, data=data
        ),
        delete=_quota_delete,
        detail_template="projects/unit_quota_detail.html",
        form_view=QuotaFormView,
        import_kind="unit-quotas",
        menu=False,  # reached from the region quota list, which shows them too
    )
)
