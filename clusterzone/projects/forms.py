from django import forms
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit, User
from clusterzone.core.forms import PeriodSelect
from clusterzone.registry.forms import BootstrapMixin
from clusterzone.registry.models import Enterprise, Industry

from .choices import Stage
from .models import Project, ProjectMilestone

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "code", "name", "cluster", "investor", "investor_name", "industry", "category", "kind",
            "total_investment", "key_level", "land_area", "planned_sign_date", "sign_date",
            "planned_start_date", "start_date", "planned_production_date", "production_date",
            "leader", "team_users", "team_units", "attracted_by", "description",
        ]  # fmt: skip
        widgets = {
            name: DATE
            for name in (
                "planned_sign_date", "sign_date", "planned_start_date", "start_date",
                "planned_production_date", "production_date",
            )
        } | {"description": forms.Textarea(attrs={"rows": 3})}  # fmt: skip
        help_texts = {
            "code": _(
                "全国投资项目代码（24位，如 2503-410423-04-01-123456）；没有时留空，系统生成平台代码。"
            ),
            "total_investment": _("单位：万元"),
            "land_area": _("单位：亩；投资强度 = 总投资 ÷ 用地面积"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        clusters = policy.scope(user, self.fields["cluster"].queryset.model).select_related("region")
        self.fields["cluster"].queryset = clusters.order_by("region__code", "code")
        self.fields["investor"].queryset = policy.scope(user, Enterprise).order_by("name")
        self.fields["industry"].queryset = Industry.objects.filter(level="division").order_by("code")
        # people of the units the user can see (the leader in charge, the service team)
        users = User.objects.filter(unit__in=policy.scope(user, OrgUnit), is_active=True)
        self.fields["leader"].queryset = users.order_by("username")
        self.fields["team_users"].queryset = users.order_by("username")
        self.fields["team_units"].queryset = policy.scope(user, OrgUnit).order_by("name")
        self.fields["attracted_by"].queryset = policy.scope(user, OrgUnit).order_by("name")
        if self.instance.pk:
            self.fields["code"].disabled = self.instance.code.startswith("XM-") is False
        self._style()


class TransitionForm(BootstrapMixin, forms.Form):
    to_stage = forms.ChoiceField(label=_("变更为"), choices=Stage.choices)
    date = forms.DateField(label=_("日期"), widget=DATE)
    reason = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("终止项目时必填终止原因"))  # fmt: skip

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices is not None:
            self.fields["to_stage"].choices = choices
        self._style()


class MilestoneForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ProjectMilestone
        fields = ["name", "planned_date", "actual_date", "responsible_unit", "notes"]
        widgets = {"planned_date": DATE, "actual_date": DATE, "notes": forms.TextInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = policy.scope(user, OrgUnit).order_by("name")
        self._style()


class InvestmentForm(BootstrapMixin, forms.Form):
    period = forms.CharField(label=_("月份"), max_length=7, widget=PeriodSelect(kinds="monthly"))
    amount = forms.DecimalField(label=_("完成投资（万元）"), min_value=0, max_digits=14, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class QuotaForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        from .models import Quota

        model = Quota
        fields = ["region", "year", "min_amount", "max_amount", "count"]
        help_texts = {
            "min_amount": _("单位：万元，含下限；如 100000 即 10亿元"),
            "max_amount": _("单位：万元，不含上限；最高档留空"),
            "count": _("该档次应完成的项目个数（“1233工程”：10亿以上1个、5–10亿2个、1–5亿3个）"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from clusterzone.accounts.models import Region

        regions = policy.scope(user, Region)
        self.fields["region"].queryset = regions.order_by("code")
        self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"
        self._style()


class UnitQuotaForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        from .models import UnitQuota

        model = UnitQuota
        fields = ["unit", "year", "min_amount", "count", "basis"]
        help_texts = {
            "min_amount": _("单位：万元；如每个乡镇1个5000万元以上项目、每个专班1个1亿元以上项目"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = policy.scope(user, OrgUnit).order_by("name")
        # a quota posted without its basis counts signed amounts, as before 到资 could be chosen
        self.fields["basis"].required = False
        self._style()

    def clean_basis(self):
        return self.cleaned_data.get("basis") or self._meta.model._meta.get_field("basis").default
