"""Standard pages of supervision models (core.modelpages): the division-of-work table."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import worktasks
from .models import WorkTask
from .worktask_views import (
    WORKTASK_TABLE,
    WorkTaskDetailView,
    WorkTaskFilter,
    WorkTaskForm,
    WorkTaskListView,
    task_page_delete,
    task_page_save,
)

WORKTASKS = register(
    ModelPages(
        app="supervision",
        name="worktask",
        path="worktasks/",
        model=WorkTask,
        title=_("重点工作分工"),
        section=_("督查督办"),
        selector=lambda user: worktasks.task_list(user=user),
        filterset=WorkTaskFilter,
        table=WORKTASK_TABLE,
        form=WorkTaskForm,
        save=task_page_save,
        delete=task_page_delete,
        detail_template="supervision/worktask_detail.html",
        detail_view=WorkTaskDetailView,
        list_view=WorkTaskListView,
        import_kind="work-tasks",
    )
)
