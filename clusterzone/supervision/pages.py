"""Standard pages of supervision models (core.modelpages): the division-of-work table,
meetings, the topic library, action items and the 约谈 list."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import interview_views as iv
from . import interviews, meetings, worktasks
from . import meeting_views as mv
from .models import ActionItem, Interview, Meeting, Topic, WorkTask
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

MEETINGS = register(
    ModelPages(
        app="supervision",
        name="meeting",
        path="meetings/",
        model=Meeting,
        title=_("会议"),
        section=_("督查督办"),
        selector=lambda user: meetings.meeting_list(user=user),
        filterset=mv.MeetingFilter,
        table=mv.MEETING_TABLE,
        form=mv.MeetingForm,
        save=mv.meeting_page_save,
        delete=mv.meeting_page_delete,
        detail_template="supervision/meeting_detail.html",
        detail_view=mv.MeetingDetailView,
    )
)

TOPICS = register(
    ModelPages(
        app="supervision",
        name="topic",
        path="topics/",
        model=Topic,
        title=_("议题库"),
        section=_("督查督办"),
        selector=lambda user: meetings.topic_list(user=user),
        filterset=mv.TopicFilter,
        table=mv.TOPIC_TABLE,
        form=mv.TopicForm,
        save=mv.topic_page_save,
        detail_template="supervision/topic_detail.html",
        detail_view=mv.TopicDetailView,
        form_view=mv.TopicFormView,
    )
)

ACTIONS = register(
    ModelPages(
        app="supervision",
        name="action",
        path="actions/",
        model=ActionItem,
        title=_("督办事项"),
        section=_("督查督办"),
        selector=lambda user: meetings.action_list(user=user),
        filterset=mv.ActionFilter,
        table=mv.ACTION_TABLE,
        detail_template="supervision/action_detail.html",
        detail_view=mv.ActionDetailView,
        list_view=mv.ActionListView,
    )
)

INTERVIEWS = register(
    ModelPages(
        app="supervision",
        name="interview",
        path="interviews/",
        model=Interview,
        title=_("约谈名单"),
        section=_("督查督办"),
        selector=lambda user: interviews.interview_list(user=user),
        filterset=iv.InterviewFilter,
        table=iv.INTERVIEW_TABLE,
        detail_template="supervision/interview_detail.html",
        detail_view=iv.InterviewDetailView,
    )
)
