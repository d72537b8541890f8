"""Forms of the submission pages: the list's filters, the entry form (one field per reported
indicator of the data set), and the reason / comment forms of the workflow steps."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.filters import PeriodPickFilter
from clusterzone.registry.filters import ClusterPickFilter

from .choices import SubmissionStatus
from .models import DataSet, Submission


class SubmissionFilter(django_filters.FilterSet):
    """Filters of the submission list, shared by the page and the API. (Belongs in
    reporting/filters.py once that file exists.)"""

    dataset = django_filters.ModelChoiceFilter(
        label=_("报表"),
        queryset=DataSet.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=_("全部"),
    )
    period = PeriodPickFilter(
        field_name="period", label=_("期间"), kinds="annual,quarterly,monthly,half_monthly"
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=SubmissionStatus.choices, empty_label=_("全部")
    )
    cluster = ClusterPickFilter(field_name="cluster__code", label=_("集聚区"))

    class Meta:
        model = Submission
        fields = ["dataset", "period", "status", "cluster"]


class SubmissionEntryForm(forms.Form):
    """Raw text per indicator (parsed by the service: '1,234.5' is accepted, '' clears)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("填报说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("数据与上年同期相比变动较大时，请在此说明原因。"),
    )
    reason = forms.CharField(label=_("修改原因"), required=False, max_length=500)

    def __init__(self, *args, codes=(), prefilled=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = list(codes)
        self.prefilled = [c for c in prefilled if c in self.codes]
        for code in self.codes:
            self.fields[f"v_{code}"] = forms.CharField(required=False, max_length=40)
        for code in self.prefilled:  # the reason for overwriting the platform's figure
            self.fields[f"r_{code}"] = forms.CharField(required=False, max_length=500)

    def overrides(self) -> dict[str, str]:
        return {
            c: self.cleaned_data.get(f"r_{c}", "") for c in self.prefilled if self.cleaned_data.get(f"r_{c}")
        }

    def raw_reasons(self) -> dict[str, str]:
        return {c: self.data.get(f"r_{c}", "") for c in self.prefilled}

    def values(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"v_{code}", "") for code in self.codes}

    def raw_values(self) -> dict[str, str]:
        return {code: self.data.get(f"v_{code}", "") for code in self.codes}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("原因"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写原因。")},
    )


class SubmitForm(forms.Form):
    comment = forms.CharField(label=_("说明"), required=False, max_length=2000, widget=forms.Textarea)
