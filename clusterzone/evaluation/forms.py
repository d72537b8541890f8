"""Page forms of the service-unit evaluation, with Chinese labels; choices limited to the
user's scope (the committee rates as itself, the office as any committee or office under it)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.registry.models import Enterprise

from .choices import Level
from .models import Criterion, Rating


def _style(form):
    for f in form.fields.values():
        if not isinstance(f.widget, forms.CheckboxInput):
            f.widget.attrs.setdefault(
                "class", "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            )


def rated_units(user):
    """Member departments the user may rate: those of the user's region and the regions above
    it (a county's committee rates the city's departments) and below it (an office)."""
    if policy.is_global(user):
        return OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT).select_related("region").order_by("name")
    path = policy._region_path(user) or "-"
    return (
        OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)
        .filter(Q(region__path__startswith=path) | Q(region__path__in=policy.ancestor_region_paths(user)))
        .select_related("region")
        .order_by("name")
    )


def rater_units(user):
    """The units the user may enter ratings as."""
    qs = OrgUnit.objects.filter(kind__in=[UnitKind.COMMITTEE, UnitKind.JOINT_OFFICE]).order_by("name")
    if policy.is_global(user):
        return qs
    reaches = set(policy.allowed_roles(user, "rating", "add").values())
    if policy.REGION in reaches:
        return qs.filter(region__path__startswith=policy._region_path(user) or "-")
    return qs.filter(pk=user.unit_id) if user.unit_id else qs.none()


def rater_enterprises(user):
    """Enterprises whose rating the user may enter: those of the clusters its committee
    manages; the office: every enterprise in scope."""
    qs = policy.scope(user, Enterprise).order_by("name")
    if policy.is_global(user) or policy.REGION in set(policy.allowed_roles(user, "rating", "add").values()):
        return qs
    return qs.filter(cluster__committee_id=user.unit_id) if user.unit_id else qs.none()


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "region", "code", "name", "source", "scale", "weight", "satisfied_points", "basic_points",
            "unsatisfied_points", "position", "active",
        ]  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = policy.scope(user, Region)
        _style(self)


class RatingForm(forms.ModelForm):
    class Meta:
        model = Rating
        fields = ["month", "unit", "rater_unit", "rater_enterprise", "criterion", "score", "level", "comment"]
        widgets = {
            "month": forms.TextInput(attrs={"placeholder": "2026-04"}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = rated_units(user)
        self.fields["rater_unit"].queryset = rater_units(user)
        self.fields["rater_enterprise"].queryset = rater_enterprises(user)
        self.fields["criterion"].queryset = (
            policy.scope(user, Criterion).filter(active=True, source="rating").select_related("region")
        )
        _style(self)


class RatingSheetForm(forms.Form):
    """One rater's sheet for one unit and month: a field per active criterion of the unit's
    region (百分制: 1–100; 满意度: 满意/基本满意/不满意), and one comment."""

    month = forms.RegexField(
        label=_("月份"), regex=r"^\d{4}-(0[1-9]|1[0-2])$", help_text=_("如 2026-04"),
        error_messages={"invalid": _("月份应写作 YYYY-MM，如 2026-04。")},
    )  # fmt: skip
    unit = forms.ModelChoiceField(label=_("被评单位"), queryset=OrgUnit.objects.none())
    rater_unit = forms.ModelChoiceField(label=_("评议单位"), queryset=OrgUnit.objects.none())
    rater_enterprise = forms.ModelChoiceField(
        label=_("评议企业"), queryset=Enterprise.objects.none(), required=False,
        help_text=_("企业评议时选择（由评议单位代为录入）。"),
    )  # fmt: skip
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = rated_units(user)
        self.fields["rater_unit"].queryset = rater_units(user)
        self.fields["rater_enterprise"].queryset = rater_enterprises(user)
        self.criteria = list(criteria)
        for c in self.criteria:
            if c.scale == "level":
                field = forms.ChoiceField(label=c.name, required=False, choices=[("", "—"), *Level.choices])
            else:
                field = forms.DecimalField(
                    label=c.name, required=False, min_value=1, max_value=100, decimal_places=2
                )
            self.fields[f"c_{c.pk}"] = field
        _style(self)

    def values(self) -> dict:
        out = {}
        for c in self.criteria:
            value = self.cleaned_data.get(f"c_{c.pk}")
            if value not in (None, ""):
                out[c] = value
        return out
