"""Pages of the 约谈 list beyond the standard set (core.modelpages): the entry's red items of
both months and the office's record of the talk."""

from __future__ import annotations

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
from clusterzone.core.exceptions import DomainError
from clusterzone.core.tables import Column, Table
from clusterzone.core.views import ScopedDetailView, ScopedObjectMixin

from . import interviews
from .choices import InterviewStatus
from .models import Interview

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SECTION = gettext_lazy("督查督办")


class InterviewFilter(django_filters.FilterSet):
    period = django_filters.CharFilter(label=gettext_lazy("月份"))
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=InterviewStatus.choices, empty_label=gettext_lazy("全部")
    )

    class Meta:
        model = Interview
        fields = ["period", "status"]


def _count(value):
    return str(value)


INTERVIEW_TABLE = Table(
    columns=[
        Column(
            "unit.name", gettext_lazy("约谈单位"), order_by="unit__name", link="supervision:interview_detail"
        ),
        Column("period", gettext_lazy("月份"), order_by="period"),
        Column("red_count", gettext_lazy("红灯事项（两个月）"), display=_count, export=_count),
        Column("get_status_display", gettext_lazy("状态"), order_by="status"),
        Column("held_on", gettext_lazy("约谈日期"), order_by="held_on"),
    ],
    default_order="-period,unit__name",
)


class HoldForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("约谈日期"), widget=DATE)
    notes = forms.CharField(label=gettext_lazy("约谈情况"), widget=forms.Textarea(attrs={"rows": 3}))


class InterviewDetailView(ScopedDetailView):
    def scoped_queryset(self, user):
        return interviews.interview_list(user=user)

    def extra_context(self, interview):
        user = self.request.user
        return {
            "interview": interview,
            "can_hold": interview.status == InterviewStatus.PENDING and policy.can(user, "hold", interview),
            "hold_form": HoldForm(initial={"held_on": timezone.localdate()}),
        }


class InterviewHoldView(ScopedObjectMixin, View):
    model, kind, section = Interview, "interview", SECTION
    list_url_name = "supervision:interview_list"

    def scoped_queryset(self, user):
        return interviews.interview_list(user=user)

    def post(self, request, pk):
        interview = self.get_object()
        target = reverse("supervision:interview_detail", args=[interview.pk])
        form = HoldForm(request.POST)
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return redirect(target)
        try:
            interviews.interview_hold(actor=request.user, interview=interview, **form.cleaned_data)
        except DomainError as exc:
            if exc.code == "permission_denied":
                raise DjangoPermissionDenied(exc.message)
            messages.error(request, exc.message)
            return redirect(target)
        messages.success(request, _("已记录约谈：%(obj)s") % {"obj": interview})
        return redirect(target)


urlpatterns = [
    path("interviews/<int:pk>/hold/", InterviewHoldView.as_view(), name="interview_hold"),
]
