"""Page forms of the assessment module: catch-up benchmark, bulletin request, the office's
inputs (deductions, vetoes, manual points) and the scheme file upload."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core.forms import PeriodSelect
from clusterzone.core.periods import MONTHLY, Period, PeriodError
from clusterzone.registry.models import Cluster

from .choices import InputKind


def _control(form):
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class BenchmarkForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    target = forms.ModelChoiceField(
        label=_("赶超目标（集聚区）"),
        queryset=Cluster.objects.none(),
        help_text=_("可选择全省任一产业集聚区，如“桐柏县产业集聚区”。"),
    )
    target_rank = forms.IntegerField(
        label=_("目标全省排位"), min_value=1, required=False, help_text=_("选定时其在全省的排位，如 45。")
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, cluster=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Cluster.objects.select_related("region").order_by("region__code", "code")
        if cluster is not None:
            province = cluster.region.path.split("/")[0]
            qs = qs.filter(region__path__startswith=province + "/").exclude(pk=cluster.pk)
        self.fields["target"].queryset = qs
        self.fields["target"].label_from_instance = lambda c: f"{c.name}（{c.code}）"
        _control(self)


class BulletinForm(forms.Form):
    FORMATS = [("docx", _("Word 通报（.docx）")), ("xlsx", _("Excel 表格（.xlsx）"))]

    region = forms.ModelChoiceField(label=_("行政区划"), queryset=Region.objects.none(), to_field_name="code")
    period = forms.CharField(
        label=_("月份"), help_text=_("通报该年1月至该月的累计情况。"), widget=PeriodSelect(kinds="monthly")
    )
    date = forms.DateField(label=_("成文日期"), required=False, help_text=_("默认今天，如 2025-05-21。"))
    format = forms.ChoiceField(label=_("格式"), choices=FORMATS, initial="docx")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = policy.scope(user, Region).order_by("path")
        self.fields["region"].label_from_instance = lambda r: f"{r.name}（{r.code}）"
        self.fields["date"].widget = forms.DateInput(attrs={"type": "date"})
        _control(self)

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        try:
            p = Period.parse(text)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc))
        if p.kind != MONTHLY:
            raise forms.ValidationError(_("通报按月生成，请填写月份，如 2025-04。"))
        return p

    def clean_date(self):
        return self.cleaned_data.get("date") or timezone.localdate()


class SchemeFileForm(forms.Form):
    file = forms.FileField(label=_("方案文件（YAML 或 JSON）"))
    reason = forms.CharField(label=_("修改原因"), required=False)


class InputForm(forms.Form):
    """A deduction (扣分), veto (一票否决) or manual points (评议得分) for a cluster and year."""

    kind = forms.ChoiceField(label=_("类型"), choices=InputKind.choices)
    cluster = forms.ModelChoiceField(label=_("集聚区"), queryset=Cluster.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    name = forms.CharField(
        label=_("名称"),
        max_length=100,
        help_text=_(
            "扣分、否决写方案中的名称（如 中央环保督察问题）；评议得分写 指标.口径（如 services.value）。"
        ),
    )
    points = forms.DecimalField(label=_("分值"), required=False, max_digits=8, decimal_places=2)
    count = forms.IntegerField(label=_("次数"), min_value=1, initial=1, required=False)
    evidence = forms.CharField(label=_("依据"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = policy.scope(user, Cluster).order_by("region__code", "code")
        self.fields["year"].initial = timezone.localdate().year - 1
        _control(self)

    def clean_count(self):
        return self.cleaned_data.get("count") or 1
