"""Page forms of the finance module: a financing need (published to banks), a bank's
response to it, and a granted credit turned into a loan."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit
from clusterzone.registry.forms import BootstrapMixin
from clusterzone.registry.models import Enterprise

from .choices import LoanKind, ResponseKind
from .models import FinancingNeed

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FinancingNeedForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = FinancingNeed
        fields = [
            "enterprise", "amount", "purpose", "term_months", "collateral", "deadline", "published_on",
            "open_to_all", "banks", "notes",
        ]  # fmt: skip
        widgets = {
            "deadline": DATE, "published_on": DATE, "notes": forms.Textarea(attrs={"rows": 2}),
            "banks": forms.SelectMultiple(attrs={"size": 6}),
        }  # fmt: skip
        help_texts = {
            "amount": _("单位：万元"),
            "banks": _("选择发布的银行；或勾选“向所有银行发布”，本区划内的银行都可响应"),
            "published_on": _("银行须在发布后的若干个工作日内响应（默认5个工作日）"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = policy.scope(
            user, Enterprise.objects.select_related("cluster")
        ).order_by("name")
        self.fields["banks"].queryset = OrgUnit.objects.filter(kind=UnitKind.BANK).order_by("name")
        if not self.instance.pk:
            # the instance's empty value would win over the field's initial: today, by default
            self.initial["published_on"] = self.initial.get("published_on") or timezone.localdate()
        else:  # the clock runs from the publication day: it is not edited afterwards
            self.fields.pop("published_on")
        self._style()


class RespondForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("响应"), choices=ResponseKind.choices)
    amount = forms.DecimalField(
        label=_("授信金额（万元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    reason = forms.CharField(
        label=_("说明/婉拒原因"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responded_on = forms.DateField(label=_("响应日期"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ToLoanForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("贷款种类"), choices=LoanKind.choices, initial=LoanKind.WORKING_CAPITAL)
    issued_on = forms.DateField(label=_("发放日期"), widget=DATE, initial=timezone.localdate)
    maturity = forms.DateField(label=_("到期日"), widget=DATE, required=False)
    rate = forms.DecimalField(
        label=_("年利率（%）"), required=False, min_value=0, max_digits=6, decimal_places=3
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
