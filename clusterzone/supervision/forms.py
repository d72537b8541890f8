from django import forms
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit
from clusterzone.projects.models import Project
from clusterzone.registry.models import Cluster

from .choices import ProblemCategory, Satisfaction
from .selectors import responsible_units

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css + " form-control-sm")


class ProblemRaiseForm(_Styled):
    cluster = forms.ModelChoiceField(label=_("集聚区"), queryset=Cluster.objects.none())
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none(), required=False)
    title = forms.CharField(label=_("问题"), max_length=200)
    category = forms.ChoiceField(label=_("类别"), choices=ProblemCategory.choices)
    description = forms.CharField(
        label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    responsible_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=OrgUnit.objects.none())
    responsible_person = forms.CharField(label=_("责任人"), max_length=50, required=False)
    raised_on = forms.DateField(label=_("提出日期"), widget=DATE, required=False, help_text=_("默认今天"))
    deadline_days = forms.IntegerField(
        label=_("期限（工作日）"), min_value=1, max_value=365, required=False,
        help_text=_("提出日之后第N个工作日（提出当日不计），按法定节假日和调休计算"),
    )  # fmt: skip
    deadline = forms.DateField(label=_("或：办理期限"), widget=DATE, required=False)
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        clusters = policy.scope(user, Cluster).select_related("region")
        self.fields["cluster"].queryset = clusters
        self.fields["project"].queryset = policy.scope(user, Project).filter(cluster__in=clusters)
        self.fields["responsible_unit"].queryset = responsible_units(user=user).order_by("kind", "name")


class AssignForm(_Styled):
    responsible_unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=OrgUnit.objects.none(), required=False
    )
    responsible_person = forms.CharField(label=_("责任人"), max_length=50, required=False)
    deadline_days = forms.IntegerField(
        label=_("新期限（工作日）"), min_value=1, max_value=365, required=False
    )
    deadline = forms.DateField(label=_("或：新期限"), widget=DATE, required=False)
    comment = forms.CharField(label=_("交办意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = responsible_units(user=user).order_by("kind", "name")


class FeedbackForm(_Styled):
    comment = forms.CharField(label=_("办理情况"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(_Styled):
    satisfaction = forms.ChoiceField(label=_("满意度"), choices=Satisfaction.choices)
    comment = forms.CharField(label=_("核实意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(_Styled):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))


class EscalateForm(_Styled):
    reason = forms.CharField(label=_("上报原因"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline_days = forms.IntegerField(
        label=_("新期限（工作日）"), min_value=1, max_value=365, required=False, help_text=_("默认10个工作日")
    )
    deadline = forms.DateField(label=_("或：新期限"), widget=DATE, required=False)
