from django import forms
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit, User
from clusterzone.core.forms import BootstrapMixin
from clusterzone.projects.models import Project

from .choices import CaseResult, PauseKind
from .models import ApprovalCase, ApprovalMatter, ApprovalWindow, ParallelGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MatterForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ApprovalMatter
        fields = [
            "code", "name", "stage", "department", "window", "legal_basis", "statutory_days", "promised_days",
            "materials", "prerequisites", "parallel", "group", "regional_assessment", "commitment", "active",
        ]  # fmt: skip
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "materials": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = policy.scope(user, OrgUnit).filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.OTHER])
        self.fields["department"].queryset = units.order_by("region__code", "name")
        self.fields["window"].queryset = policy.scope(user, ApprovalWindow).order_by("region__code", "number")
        self.fields["group"].queryset = policy.scope(user, ParallelGroup).order_by("code")
        self.fields["prerequisites"].queryset = policy.scope(user, ApprovalMatter).order_by("stage", "code")
        self._style()


class CaseForm(BootstrapMixin, forms.ModelForm):
    accepted_on = forms.DateField(
        label=_("受理日期"),
        required=False,
        widget=DATE,
        help_text=_("已受理的填写受理日期；留空为未受理（计划办理）。"),
    )

    class Meta:
        model = ApprovalCase
        fields = ["project", "matter", "applied_on", "accepted_on", "agent", "handler", "notes"]
        widgets = {"applied_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = policy.scope(user, Project).order_by("code")
        self.fields["matter"].queryset = (
            policy.scope(user, ApprovalMatter).filter(active=True).order_by("stage", "code")
        )
        users = User.objects.filter(is_active=True).order_by("username")
        self.fields["agent"].queryset = users
        self.fields["handler"].queryset = users
        if self.instance.pk:
            for name in ("project", "matter", "accepted_on"):
                self.fields.pop(name)
        self._style()


class AcceptForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("受理日期"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PauseForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("暂停类型"), choices=PauseKind.choices)
    on = forms.DateField(label=_("暂停日期"), widget=DATE, help_text=_("暂停计时的第一天。"))
    reason = forms.CharField(label=_("暂停原因"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ResumeForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("恢复日期"), widget=DATE, help_text=_("恢复计时的当天；暂停计到前一天。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CompleteForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("办结日期"), widget=DATE)
    result = forms.ChoiceField(label=_("办理结果"), choices=CaseResult.choices)
    reason = forms.CharField(
        label=_("不予许可理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
