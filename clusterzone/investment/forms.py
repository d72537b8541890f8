from django import forms
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit, User
from clusterzone.registry.forms import BootstrapMixin
from clusterzone.registry.models import Cluster, Industry

from .models import ChainLink, Lead, LeadFollowUp

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lead_clusters(user):
    qs = policy.scope(user, Cluster).select_related("region")
    if policy.is_global(user):
        return qs
    roles = policy.allowed_roles(user, "lead", "add")
    if policy.REGION in roles.values():
        return qs
    return qs.filter(committee_id=user.unit_id)


class LeadForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Lead
        fields = [
            "company", "project_name", "cluster", "source_region", "company_type", "industry", "category",
            "chain_link", "intended_investment", "unit", "leader", "contact", "first_contact", "notes",
        ]  # fmt: skip
        widgets = {"first_contact": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "intended_investment": _("单位：万元"),
            "chain_link": _("线索对应的产业链环节（用于补链招商）"),
            "project_name": _("落地后作为项目名称"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        clusters = _lead_clusters(user)
        if self.instance.pk:
            clusters = clusters | Cluster.objects.filter(pk=self.instance.cluster_id)
        self.fields["cluster"].queryset = clusters.order_by("code")
        self.fields["industry"].queryset = Industry.objects.filter(level="division")
        self.fields["chain_link"].queryset = policy.scope(
            user, ChainLink.objects.select_related("chain")
        ).filter(chain__cluster__in=clusters)
        units = policy.scope(user, OrgUnit)
        self.fields["unit"].queryset = units
        self.fields["unit"].required = True
        self.fields["leader"].queryset = User.objects.filter(is_active=True, unit__in=units).order_by(
            "username"
        )
        self._style()


class FollowUpForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = LeadFollowUp
        fields = ["date", "kind", "content", "next_step", "next_date"]
        widgets = {"date": DATE, "next_date": DATE, "content": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class MoveForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE)
    reason = forms.CharField(label=_("说明"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class SignForm(MoveForm):
    amount = forms.DecimalField(label=_("签约金额（万元）"), max_digits=14, decimal_places=2)
    document = forms.CharField(label=_("协议名称或文号"), required=False, max_length=200)


class LoseForm(MoveForm):
    reason = forms.CharField(label=_("流失原因"), max_length=500)
