from django import forms
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit, Region, User
from clusterzone.projects.models import Project
from clusterzone.registry.forms import BootstrapMixin
from clusterzone.registry.models import Cluster, Enterprise, Industry

from .models import Chain, ChainLink, ClockRule, Lead, LeadFollowUp

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


# --------------------------------------------------------------------------- chains


class ChainForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Chain
        fields = ["cluster", "category", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"name": _("如“金刚石/超硬材料产业链”"), "category": _("集聚区的主导产业")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        clusters = policy.scope(user, Cluster)
        if not policy.is_global(user):
            roles = policy.allowed_roles(user, "chain", "add")
            if policy.REGION not in roles.values():
                clusters = clusters.filter(committee_id=user.unit_id)
        self.fields["cluster"].queryset = clusters.order_by("code")
        self._style()


class ChainLinkForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ChainLink
        fields = ["segment", "name", "order", "divisions", "key_products"]
        widgets = {
            "key_products": forms.Textarea(attrs={"rows": 2}),
            "divisions": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "divisions": _("国民经济行业分类（GB/T 4754）大类；本集聚区这些行业的企业和项目自动落位到本环节"),
            "order": _("同一链条内的先后顺序，数字小的在前"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["divisions"].queryset = Industry.objects.filter(level="division").order_by("code")
        self.fields["divisions"].label_from_instance = lambda i: f"{i.code} {i.name}"
        self._style()


class PlacementForm(BootstrapMixin, forms.Form):
    """Place one enterprise or one project of the chain's cluster on a link by hand."""

    link = forms.ModelChoiceField(label=_("环节"), queryset=ChainLink.objects.none())
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=Enterprise.objects.none(), required=False)
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none(), required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, chain=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = chain.links.order_by("order", "id")
        self.fields["enterprise"].queryset = (
            policy.scope(user, Enterprise).filter(cluster_id=chain.cluster_id).order_by("name")
        )
        self.fields["project"].queryset = (
            policy.scope(user, Project).filter(cluster_id=chain.cluster_id).order_by("code")
        )
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"
        self._style()

    def clean(self):
        data = super().clean()
        if bool(data.get("enterprise")) == bool(data.get("project")):
            raise forms.ValidationError(_("请选择一个企业或一个项目（二选一）。"))
        return data


# --------------------------------------------------------------------------- clock rules


class ClockRuleForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ClockRule
        fields = ["region", "stage", "workdays"]
        help_texts = {
            "region": _("县级规则优先于市级，市级优先于省级；未设置时用默认时限"),
            "workdays": _("单位：工作日（按法定节假日和调休计算）"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = policy.scope(user, Region)
        if self.instance.pk and self.instance.region_id:
            regions = regions | Region.objects.filter(pk=self.instance.region_id)
        self.fields["region"].queryset = regions.order_by("code")
        self.fields["region"].label_from_instance = lambda r: f"{r.code} {r.name}"
        self._style()
