"""Pages of meetings, the topic library and action items beyond the standard set
(core.modelpages): the meeting's agenda, decisions and 会议纪要 (Word), the topic's
coordination steps, and the action item's progress reports and closing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core import officialdoc, units
from clusterzone.core.exceptions import DomainError
from clusterzone.core.exporting import table_xlsx, xlsx_response
from clusterzone.core.tables import Column, Table
from clusterzone.core.views import ScopedDetailView, ScopedListView, ScopedObjectMixin, ServiceFormView

from . import meetings
from .choices import ActionStatus, MeetingKind, TopicStatus
from .models import ActionItem, Meeting, Topic
from .tables import light_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SECTION = gettext_lazy("督查督办")


def as_of_of(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("as_of") or "")
    except ValueError:
        return timezone.localdate()


def _style(form):
    for field in form.fields.values():
        if not isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-control form-control-sm")


def _units(user):
    return OrgUnit.objects.filter(region__in=policy.scope(user, Region)).order_by("name")


# ---------------------------------------------------------------- meetings


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=gettext_lazy("关键字"))
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("会议类型"), choices=MeetingKind.choices, empty_label=gettext_lazy("全部")
    )

    class Meta:
        model = Meeting
        fields = ["q", "kind"]


MEETING_TABLE = Table(
    columns=[
        Column("held_on", gettext_lazy("会议日期"), order_by="held_on", display=units.date_label),
        Column("title", gettext_lazy("会议名称"), order_by="title", link="supervision:meeting_detail"),
        Column("get_kind_display", gettext_lazy("会议类型"), order_by="kind"),
        Column("convener.name", gettext_lazy("召集单位")),
        Column("region.name", gettext_lazy("区划"), order_by="region__code"),
    ],
    default_order="-held_on,-id",
)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["region", "kind", "title", "held_on", "convener", "chair", "attendees", "minutes"]
        widgets = {"held_on": DATE, "minutes": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = policy.scope(user, Region)
        self.fields["convener"].queryset = self.fields["attendees"].queryset = _units(user)
        _style(self)


class DecisionForm(forms.Form):
    content = forms.CharField(label=gettext_lazy("议定事项"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_unit = forms.ModelChoiceField(label=gettext_lazy("责任单位"), queryset=OrgUnit.objects.none())
    participants = forms.ModelMultipleChoiceField(
        label=gettext_lazy("配合单位"), queryset=OrgUnit.objects.none(), required=False
    )
    deadline_days = forms.IntegerField(
        label=gettext_lazy("完成时限（工作日）"), min_value=1, max_value=365, required=False,
        help_text=gettext_lazy("会议之后第N个工作日"),
    )  # fmt: skip
    deadline = forms.DateField(label=gettext_lazy("或：完成时限"), widget=DATE, required=False)
    topic = forms.ModelChoiceField(label=gettext_lazy("议题"), queryset=Topic.objects.none(), required=False)

    def __init__(self, *args, user=None, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = self.fields["participants"].queryset = _units(user)
        if meeting is not None:
            self.fields["topic"].queryset = meetings.agenda(meeting)
        _style(self)


class MeetingDetailView(ScopedDetailView):
    def scoped_queryset(self, user):
        return meetings.meeting_list(user=user)

    def extra_context(self, meeting):
        user = self.request.user
        items = meetings.attach_action_lights(
            meetings.action_list(user=user).filter(meeting=meeting), timezone.localdate()
        )
        return {
            "meeting": meeting,
            "agenda": meetings.agenda(meeting),
            "items": items,
            "can_decide": policy.can(user, "add", ActionItem(meeting=meeting)),
            "decision_form": DecisionForm(user=user, meeting=meeting),
        }


class MeetingDecisionView(ScopedObjectMixin, View):
    model, kind, section = Meeting, "meeting", SECTION
    list_url_name = "supervision:meeting_list"

    def scoped_queryset(self, user):
        return meetings.meeting_list(user=user)

    def post(self, request, pk):
        meeting = self.get_object()
        target = reverse("supervision:meeting_detail", args=[meeting.pk])
        form = DecisionForm(request.POST, user=request.user, meeting=meeting)
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return redirect(target)
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            meetings.decision_record(actor=request.user, meeting=meeting, **data)
        except DomainError as exc:
            if exc.code == "permission_denied":
                raise DjangoPermissionDenied(exc.message)
            messages.error(request, exc.message)
            return redirect(target)
        messages.success(request, _("议定事项已转为督办事项。"))
        return redirect(target)


class MinutesView(ScopedObjectMixin, View):
    model, kind, section = Meeting, "meeting", SECTION
    list_url_name = "supervision:meeting_list"

    def scoped_queryset(self, user):
        return meetings.meeting_list(user=user)

    def get(self, request, pk):
        meeting = self.get_object()
        response = HttpResponse(meetings.minutes_docx(meeting), content_type=officialdoc.DOCX_MIME)
        name = f"{meeting.title}会议纪要.docx"
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response


def meeting_page_save(*, actor, instance, data):
    return meetings.meeting_save(actor=actor, meeting=instance, data=data)


def meeting_page_delete(*, actor, instance):
    return meetings.meeting_delete(actor=actor, meeting=instance)


# ---------------------------------------------------------------- topics


class TopicFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=gettext_lazy("关键字"))
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("协调状态"), choices=TopicStatus.choices, empty_label=gettext_lazy("全部")
    )

    class Meta:
        model = Topic
        fields = ["q", "status"]


TOPIC_TABLE = Table(
    columns=[
        Column("proposed_on", gettext_lazy("提出日期"), order_by="proposed_on", display=units.date_label),
        Column("title", gettext_lazy("议题"), order_by="title", link="supervision:topic_detail"),
        Column("proposer_unit.name", gettext_lazy("提出单位"), order_by="proposer_unit__name"),
        Column("get_status_display", gettext_lazy("协调状态"), order_by="status"),
        Column("coordinating_unit.name", gettext_lazy("协调单位")),
        Column("meeting.title", gettext_lazy("上会会议")),
    ],
    default_order="-proposed_on,-id",
)


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["region", "title", "description", "proposer_unit", "proposed_on", "materials"]
        widgets = {"proposed_on": DATE, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = policy.scope(user, Region)
        self.fields["proposer_unit"].queryset = _units(user)
        self.fields["proposed_on"].required = False
        _style(self)


class CoordinateForm(forms.Form):
    opinion = forms.CharField(label=gettext_lazy("协调意见"), widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    meeting = forms.ModelChoiceField(label=gettext_lazy("上会会议"), queryset=Meeting.objects.none())

    def __init__(self, *args, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        if topic is not None:
            self.fields["meeting"].queryset = Meeting.objects.filter(region_id=topic.region_id).order_by(
                "-held_on"
            )
        _style(self)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("不上会理由"), widget=forms.Textarea(attrs={"rows": 2}))


class TopicDetailView(ScopedDetailView):
    def scoped_queryset(self, user):
        return meetings.topic_list(user=user)

    def extra_context(self, topic):
        return {
            "topic": topic,
            "can_coordinate": policy.can(self.request.user, "coordinate", topic),
            "coordinate_form": CoordinateForm(),
            "schedule_form": ScheduleForm(topic=topic),
            "decline_form": DeclineForm(),
        }


class TopicActionView(ScopedObjectMixin, View):
    model, kind, section = Topic, "topic", SECTION
    list_url_name = "supervision:topic_list"
    step = ""

    def scoped_queryset(self, user):
        return meetings.topic_list(user=user)

    def post(self, request, pk):
        topic = self.get_object()
        target = reverse("supervision:topic_detail", args=[topic.pk])
        form = {
            "coordinate": lambda: CoordinateForm(request.POST),
            "schedule": lambda: ScheduleForm(request.POST, topic=topic),
            "decline": lambda: DeclineForm(request.POST),
        }[self.step]()
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return redirect(target)
        service = {
            "coordinate": meetings.topic_coordinate,
            "schedule": meetings.topic_schedule,
            "decline": meetings.topic_decline,
        }[self.step]
        try:
            service(actor=request.user, topic=topic, **form.cleaned_data)
        except DomainError as exc:
            if exc.code == "permission_denied":
                raise DjangoPermissionDenied(exc.message)
            messages.error(request, exc.message)
            return redirect(target)
        messages.success(request, _("已办理：%(obj)s") % {"obj": topic})
        return redirect(target)


class TopicFormView(ServiceFormView):
    """The topic form with its materials (汇报材料) uploaded."""

    def form_kwargs(self):
        kwargs = super().form_kwargs()
        if self.request.method == "POST":
            kwargs["files"] = self.request.FILES
        return kwargs


def topic_page_save(*, actor, instance, data):
    return meetings.topic_save(actor=actor, topic=instance, data=data)


# ---------------------------------------------------------------- action items


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="content", lookup_expr="icontains", label=gettext_lazy("关键字"))
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=ActionStatus.choices, empty_label=gettext_lazy("全部")
    )
    owner_unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("责任单位"), queryset=OrgUnit.objects.all(), empty_label=gettext_lazy("全部")
    )
    as_of = django_filters.DateFilter(label=gettext_lazy("灯色日期"), method="keep")

    class Meta:
        model = ActionItem
        fields = ["q", "status", "owner_unit", "as_of"]

    def keep(self, qs, name, value):
        return qs


def _share(value):
    return "—" if value is None else f"{value}%"


@dataclass
class ActionTable(Table):
    as_of: date | None = None

    def page_rows(self, objects):
        return super().page_rows(meetings.attach_action_lights(objects, self.as_of or timezone.localdate()))


ACTION_COLUMNS = [
    Column("content", gettext_lazy("议定事项"), order_by="content", link="supervision:action_detail"),
    Column("meeting.title", gettext_lazy("会议"), order_by="meeting__held_on"),
    Column("owner_unit.name", gettext_lazy("责任单位"), order_by="owner_unit__name"),
    Column("deadline", gettext_lazy("完成时限"), order_by="deadline", display=units.date_label),
    Column("get_status_display", gettext_lazy("状态"), order_by="status"),
    Column("planned", gettext_lazy("计划进度"), display=_share, export=_share),
    Column("actual", gettext_lazy("完成进度"), display=_share, export=_share),
    Column("light", gettext_lazy("灯色"), display=light_label, export=light_label),
]
ACTION_TABLE = ActionTable(columns=ACTION_COLUMNS, default_order="deadline,id")


class ActionListView(ScopedListView):
    def get(self, request):
        as_of = as_of_of(request)
        self.table = ActionTable(columns=ACTION_COLUMNS, default_order="deadline,id", as_of=as_of)
        if request.GET.get("export") == "xlsx":
            _fs, qs, _sort = self.filtered(request)
            rows = meetings.attach_action_lights(qs, as_of)
            name = f"{self.export_name}_{timezone.localdate():%Y%m%d}.xlsx"
            return xlsx_response(table_xlsx(self.table, rows, title=str(self.title)), name)
        return super().get(request)


class ProgressForm(forms.Form):
    share = forms.IntegerField(label=gettext_lazy("完成进度（%）"), min_value=0, max_value=100)
    content = forms.CharField(label=gettext_lazy("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))
    reported_on = forms.DateField(label=gettext_lazy("报送日期"), widget=DATE, required=False)


class CloseForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("办结意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ActionDetailView(ScopedDetailView):
    def scoped_queryset(self, user):
        return meetings.action_list(user=user)

    def extra_context(self, item):
        as_of = as_of_of(self.request)
        meetings.attach_action_lights([item], as_of)
        user = self.request.user
        is_open = item.status == ActionStatus.OPEN
        return {
            "item": item,
            "as_of": as_of,
            "can_report": is_open and policy.can(user, "report", item),
            "can_close": is_open and policy.can(user, "close", item),
            "progress_form": ProgressForm(initial={"reported_on": timezone.localdate()}),
            "close_form": CloseForm(),
        }


class ActionStepView(ScopedObjectMixin, View):
    model, kind, section = ActionItem, "actionitem", SECTION
    list_url_name = "supervision:action_list"
    step = ""

    def scoped_queryset(self, user):
        return meetings.action_list(user=user)

    def post(self, request, pk):
        item = self.get_object()
        target = reverse("supervision:action_detail", args=[item.pk])
        form = (ProgressForm if self.step == "report" else CloseForm)(request.POST)
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return redirect(target)
        service = meetings.action_report if self.step == "report" else meetings.action_close
        try:
            service(actor=request.user, item=item, **form.cleaned_data)
        except DomainError as exc:
            if exc.code == "permission_denied":
                raise DjangoPermissionDenied(exc.message)
            messages.error(request, exc.message)
            return redirect(target)
        messages.success(request, _("已办理：%(obj)s") % {"obj": item})
        return redirect(target)


def _step(cls, step):
    return type(f"{cls.__name__}_{step}", (cls,), {"step": step}).as_view()


urlpatterns = [
    path("meetings/<int:pk>/decide/", MeetingDecisionView.as_view(), name="meeting_decide"),
    path("meetings/<int:pk>/minutes.docx", MinutesView.as_view(), name="meeting_minutes"),
    path("topics/<int:pk>/coordinate/", _step(TopicActionView, "coordinate"), name="topic_coordinate"),
    path("topics/<int:pk>/schedule/", _step(TopicActionView, "schedule"), name="topic_schedule"),
    path("topics/<int:pk>/decline/", _step(TopicActionView, "decline"), name="topic_decline"),
    path("actions/<int:pk>/report/", _step(ActionStepView, "report"), name="action_report"),
    path("actions/<int:pk>/close/", _step(ActionStepView, "close"), name="action_close"),
]
