from django import forms
from django.utils.translation import gettext_lazy as _

from clusterzone.core.forms import BootstrapMixin

from . import policy
from .choices import Role
from .models import OrgUnit, Region, User


class RegionForm(BootstrapMixin, forms.ModelForm):
    change_reason = forms.CharField(
        label=_("变更原因"),
        required=False,
        help_text=_("更改上级区划、所属区划或单位类型时必填，记入变更历史"),
    )

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = policy.scope(user, Region).exclude(level="county")
        self.fields["parent"].label_from_instance = lambda r: f"{r.code} {r.name}"
        self._style()


class UnitForm(BootstrapMixin, forms.ModelForm):
    change_reason = forms.CharField(
        label=_("变更原因"),
        required=False,
        help_text=_("更改上级区划、所属区划或单位类型时必填，记入变更历史"),
    )

    class Meta:
        model = OrgUnit
        fields = ["name", "kind", "region", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = policy.scope(user, Region)
        self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"
        self._style()


class UserForm(BootstrapMixin, forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("角色"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    password = forms.CharField(
        label=_("密码"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("新建时必填；编辑时留空表示不修改。至少8位，不能是纯数字或常见密码。"),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "unit", "roles", "phone", "email", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = policy.scope(user, OrgUnit).select_related("region")
        self.fields["unit"].required = True
        self.fields["password"].required = self.instance.pk is None
        self._style()
        self.fields["roles"].widget.attrs.pop("class", None)
