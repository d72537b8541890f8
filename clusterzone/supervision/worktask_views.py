"""Pages of the division-of-work table beyond the standard set (core.modelpages): the list's
schedule lights as of a date, the detail with milestones and progress reports, and the POST
views of a progress report and a milestone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core.exceptions import DomainError
from clusterzone.core.exporting import table_xlsx, xlsx_response
from clusterzone.core.tables import Column, Table
from clusterzone.core.views import ScopedDetailView, ScopedListView, ScopedObjectMixin

from . import worktasks
from .models import WorkTask
from .tables import light_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def as_of_of(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("as_of") or "")
    except ValueError:
        return timezone.localdate()


class WorkTaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=gettext_lazy("关键字"))
    year = django_filters.NumberFilter(label=gettext_lazy("年度"))
    lead_unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("牵头单位"), queryset=OrgUnit.objects.all(), empty_label=gettext_lazy("全部")
    )
    as_of = django_filters.DateFilter(label=gettext_lazy("灯色日期"), method="keep")

    class Meta:
        model = WorkTask
        fields = ["q", "year", "lead_unit", "as_of"]

    def keep(self, qs, name, value):  # the date of the lights, not a row filter
        return qs


def _share(value):
    return "—" if value is None else f"{value}%"


@dataclass
class WorkTaskTable(Table):
    """Attaches each row's schedule light as of the request's `as_of` (no extra query)."""

    as_of: date | None = None

    def page_rows(self, objects):
        return super().page_rows(worktasks.attach_task_lights(objects, self.as_of or timezone.localdate()))


WORKTASK_COLUMNS = [
    Column("year", gettext_lazy("年度"), order_by="year"),
    Column("number", gettext_lazy("序号"), order_by="position"),
    Column("title", gettext_lazy("专项工作"), order_by="title", link="supervision:worktask_detail"),
    Column("heading", gettext_lazy("所属类别")),
    Column("lead_unit.name", gettext_lazy("牵头单位"), order_by="lead_unit__name"),
    Column("participants_label", gettext_lazy("参加单位")),
    Column("planned", gettext_lazy("计划进度"), display=_share, export=_share),
    Column("actual", gettext_lazy("完成进度"), display=_share, export=_share),
    Column("light", gettext_lazy("灯色"), display=light_label, export=light_label),
]

WORKTASK_TABLE = WorkTaskTable(columns=WORKTASK_COLUMNS, default_order="-year,position,id")


class WorkTaskListView(ScopedListView):
    def get(self, request):
        as_of = as_of_of(request)
        self.table = WorkTaskTable(columns=WORKTASK_COLUMNS, default_order="-year,position,id", as_of=as_of)
        if request.GET.get("export") == "xlsx":
            _fs, qs, _sort = self.filtered(request)
            rows = worktasks.attach_task_lights(qs, as_of)
            name = f"{self.export_name}_{timezone.localdate():%Y%m%d}.xlsx"
            return xlsx_response(table_xlsx(self.table, rows, title=str(self.title)), name)
        return super().get(request)


class WorkTaskForm(forms.ModelForm):
    class Meta:
        model = WorkTask
        fields = [
            "region", "year", "number", "position", "is_heading", "heading", "title",
            "lead_unit", "participants", "all_members", "target",
        ]  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = policy.scope(user, Region)
        self.fields["region"].queryset = regions
        units = OrgUnit.objects.filter(region__in=regions).order_by("name")
        self.fields["lead_unit"].queryset = units
        self.fields["participants"].queryset = units
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-control")


def task_page_save(*, actor, instance, data):
    return worktasks.task_save(actor=actor, task=instance, data=data)


def task_page_delete(*, actor, instance):
    return worktasks.task_delete(actor=actor, task=instance)


class ProgressForm(forms.Form):
    share = forms.IntegerField(label=gettext_lazy("完成进度（%）"), min_value=0, max_value=100)
    content = forms.CharField(label=gettext_lazy("进展情况"), widget=forms.Textarea(attrs={"rows": 3}))
    reported_on = forms.DateField(label=gettext_lazy("报送日期"), widget=DATE, required=False)


class MilestoneForm(forms.Form):
    due = forms.DateField(label=gettext_lazy("计划完成日期"), widget=DATE)
    planned_share = forms.IntegerField(label=gettext_lazy("计划进度（%）"), min_value=0, max_value=100)
    description = forms.CharField(label=gettext_lazy("节点内容"), max_length=200, required=False)


class WorkTaskDetailView(ScopedDetailView):
    def scoped_queryset(self, user):
        return worktasks.task_list(user=user)

    def extra_context(self, task):
        as_of = as_of_of(self.request)
        worktasks.attach_task_lights([task], as_of)
        user = self.request.user
        return {
            "task": task,
            "as_of": as_of,
            "can_report": policy.can(user, "report", task) and not task.is_heading,
            "progress_form": ProgressForm(initial={"reported_on": timezone.localdate()}),
            "milestone_form": MilestoneForm(),
        }


class TaskActionView(ScopedObjectMixin, View):
    model = WorkTask
    kind = "worktask"
    list_url_name = "supervision:worktask_list"
    section = gettext_lazy("督查督办")
    form_class = None

    def scoped_queryset(self, user):
        return worktasks.task_list(user=user)

    def post(self, request, pk):
        task = self.get_object()
        target = reverse("supervision:worktask_detail", args=[task.pk])
        form = self.form_class(request.POST)
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return redirect(target)
        try:
            self.act(task, form.cleaned_data)
        except DomainError as exc:
            if exc.code == "permission_denied":
                raise DjangoPermissionDenied(exc.message)
            messages.error(request, exc.message)
            return redirect(target)
        messages.success(request, _("已保存：%(obj)s") % {"obj": task})
        return redirect(target)


class ProgressReportView(TaskActionView):
    form_class = ProgressForm

    def act(self, task, data):
        worktasks.progress_report(actor=self.request.user, task=task, **data)


class MilestoneAddView(TaskActionView):
    form_class = MilestoneForm

    def act(self, task, data):
        worktasks.milestone_add(actor=self.request.user, task=task, **data)


urlpatterns = [
    path("worktasks/<int:pk>/report/", ProgressReportView.as_view(), name="worktask_report"),
    path("worktasks/<int:pk>/milestone/", MilestoneAddView.as_view(), name="worktask_milestone"),
]
