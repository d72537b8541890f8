"""Standard pages of the project library (core.modelpages)."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import selectors, services
from .filters import ProjectFilter
from .forms import ProjectForm
from .models import Project
from .tables import PROJECT_TABLE
from .views.pages import ProjectDetailView


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
