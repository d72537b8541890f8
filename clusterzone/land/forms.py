"""Forms of land: one ModelForm per edited model; choices limited to what the user may place.
A quota's `allocated` is not a field anywhere: it is the sum of the quota's allocations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core.forms import BootstrapMixin
from clusterzone.projects.models import Project
from clusterzone.registry.models import Enterprise

from .models import (
    AcquisitionPlan,
    DifferentiatedPolicy,
    EnterpriseFigures,
    Housing,
    LandlessEmployment,
    LandPolicy,
    LandQuota,
    Parcel,
    QuotaAllocation,
    VillageRelocation,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class _PlacedForm(BootstrapMixin, forms.ModelForm):
    """Limits `cluster` to the clusters the user may edit and `region` to the user's regions."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "cluster" in self.fields:
            qs = policy.editable_clusters(user).order_by("region__code", "code")
            if self.instance.pk and getattr(self.instance, "cluster_id", None):
                qs = qs | type(self.instance.cluster).objects.filter(pk=self.instance.cluster_id)
            self.fields["cluster"].queryset = qs.distinct()
        if "region" in self.fields:
            self.fields["region"].queryset = policy.scope(user, Region).order_by("code")
            self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"
        if "enterprise" in self.fields:
            self.fields["enterprise"].queryset = policy.scope(user, Enterprise).order_by("name")
        if "project" in self.fields:
            self.fields["project"].queryset = policy.scope(user, Project).order_by("name")
        if "enterprises" in self.fields:
            self.fields["enterprises"].queryset = policy.scope(user, Enterprise).order_by("name")
        if "quota" in self.fields:
            self.fields["quota"].queryset = policy.scope(user, LandQuota).select_related("region")
        self._style()


class LandPolicyForm(_PlacedForm):
    class Meta:
        model = LandPolicy
        fields = [
            "cluster", "min_intensity", "min_plot_ratio", "min_leading_share", "min_tax_per_mu",
            "standard_factory_below", "idle_months", "notes",
        ]  # fmt: skip
        widgets = {"notes": TEXT}
        help_texts = {
            "min_intensity": _("中心城市集聚区 230，县域集聚区 216；4200万元/公顷即 280万元/亩。"),
        }


class ParcelForm(_PlacedForm):
    class Meta:
        model = Parcel
        fields = [
            "cluster", "code", "area", "planned_use", "status", "supply_date", "price", "project",
            "enterprise", "leading_industry", "planned_start", "actual_start", "building_area",
        ]  # fmt: skip
        widgets = {"supply_date": DATE, "planned_start": DATE, "actual_start": DATE}
        help_texts = {
            "area": _("1公顷 = 15亩；1平方公里 = 1500亩。"),
            "status": _("收回请用地块页的“收回”操作。"),
        }


class AcquisitionPlanForm(_PlacedForm):
    class Meta:
        model = AcquisitionPlan
        fields = ["cluster", "year", "planned", "acquired"]


class LandQuotaForm(_PlacedForm):
    class Meta:
        model = LandQuota
        fields = ["region", "year", "quota"]  # allocated: the sum of the allocations
        help_texts = {"quota": _("1平方公里 = 1500亩；已分配由各项分配合计得出。")}


class QuotaAllocationForm(_PlacedForm):
    class Meta:
        model = QuotaAllocation
        fields = ["quota", "cluster", "recipient", "area", "allocated_on"]
        widgets = {"allocated_on": DATE}


class EnterpriseFiguresForm(_PlacedForm):
    class Meta:
        model = EnterpriseFigures
        fields = [
            "enterprise",
            "year",
            "land_area",
            "tax",
            "value_added",
            "revenue",
            "energy",
            "employees",
            "rnd",
        ]


class DifferentiatedPolicyForm(_PlacedForm):
    class Meta:
        model = DifferentiatedPolicy
        fields = ["region", "klass", "land", "power", "water", "discharge", "credit"]
        widgets = {k: forms.Textarea(attrs={"rows": 2}) for k in DifferentiatedPolicy.TERMS}


class VillageRelocationForm(_PlacedForm):
    class Meta:
        model = VillageRelocation
        fields = [
            "cluster", "phase", "villages", "village_count", "households", "people", "land_freed",
            "moved_households", "planned_finish", "notes",
        ]  # fmt: skip
        widgets = {"planned_finish": DATE, "villages": forms.Textarea(attrs={"rows": 2}), "notes": TEXT}


class HousingForm(_PlacedForm):
    class Meta:
        model = Housing
        fields = [
            "cluster",
            "kind",
            "name",
            "floor_area",
            "flats",
            "completed_flats",
            "capacity",
            "completion",
        ]
        widgets = {"completion": DATE}


class LandlessEmploymentForm(_PlacedForm):
    class Meta:
        model = LandlessEmployment
        fields = ["cluster", "year", "kind", "person_times", "training_unit", "enterprises", "notes"]
        widgets = {"notes": TEXT}
