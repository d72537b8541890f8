from django import forms
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.core.forms import BootstrapMixin

from .choices import IndustryRole
from .models import Cluster, Enterprise, EnterpriseContact, IndustryCategory, SubZone


class ClusterForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Cluster
        fields = [
            "code", "name", "region", "status", "star", "planned_area", "built_area",
            "land_reserve", "founded", "committee", "notes",
        ]  # fmt: skip
        widgets = {
            "founded": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "code": _("平台内唯一，建议用行政区划代码加两位序号，如 41042301。"),
            "planned_area": _("单位：平方公里"),
            "built_area": _("不大于规划面积"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = policy.placeable_regions(user)
        if self.instance.pk and self.instance.region_id:
            regions = regions | type(self.instance.region).objects.filter(pk=self.instance.region_id)
        self.fields["region"].queryset = regions.order_by("code")
        self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"
        self.fields["committee"].queryset = policy.scope(user, OrgUnit).filter(kind=UnitKind.COMMITTEE)
        if self.instance.pk and not policy.can(user, "add", self.instance):
            # a committee editing its own cluster may not move or rename its code
            for name in ("code", "region", "status", "star", "committee"):
                self.fields[name].disabled = True
        self._style()


class EnterpriseForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "credit_code", "org_code", "name", "cluster", "industry", "above_size", "high_tech",
            "leading", "listing_reserve", "employees", "registered_capital", "address",
        ]  # fmt: skip
        help_texts = {
            "credit_code": _("18位，含校验码；无统一社会信用代码时填写组织机构代码。"),
            "org_code": _("9位，如 77943225-2。"),
            "registered_capital": _("单位：万元"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = policy.editable_clusters(user).order_by("region__code", "code")
        self.fields["industry"].queryset = self.fields["industry"].queryset.order_by("code")
        self._style()


class SubZoneForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SubZone
        fields = ["name", "area", "focus"]
        widgets = {
            "name": forms.TextInput(attrs={"placeholder": _("园区名称")}),
            "area": forms.NumberInput(attrs={"placeholder": _("面积（平方公里）"), "step": "0.01"}),
            "focus": forms.TextInput(attrs={"placeholder": _("主要产业")}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ClusterIndustryForm(BootstrapMixin, forms.Form):
    category = forms.ModelChoiceField(label=_("主导产业"), queryset=IndustryCategory.objects.all())
    role = forms.ChoiceField(label=_("地位"), choices=IndustryRole.choices)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class EnterpriseContactForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = EnterpriseContact
        fields = [
            "enterprise", "leader", "since", "protected", "protected_from", "protected_until",
            "protection_rules", "note",
        ]  # fmt: skip
        widgets = {
            "since": forms.DateInput(attrs={"type": "date"}),
            "protected_from": forms.DateInput(attrs={"type": "date"}),
            "protected_until": forms.DateInput(attrs={"type": "date"}),
            "protection_rules": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from clusterzone.accounts.models import User

        self.fields["enterprise"].queryset = policy.scope(user, Enterprise).order_by("cluster__code", "name")
        self.fields["leader"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.fields["leader"].label_from_instance = lambda u: u.full_name or u.username
        self._style()
