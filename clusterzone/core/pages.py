"""Standard pages (core.modelpages) of the issuing offices' settings (发文单位设置): the
发文字号 prefix, the red 版头, and the default 主送, 抄送 and 印发 lines of every document an
office issues (bulletins, minutes)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit

from .documents import document_office_save
from .forms import BootstrapMixin
from .modelpages import ModelPages, register
from .models import DocumentOffice
from .tables import Column, Table


def document_office_list(*, user):
    return policy.scope(user, DocumentOffice).select_related("unit")


class DocumentOfficeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")

    class Meta:
        model = DocumentOffice
        fields = ["q"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(unit__name__icontains=value) | Q(prefix__icontains=value)) if value else qs


class DocumentOfficeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = DocumentOffice
        fields = ["unit", "prefix", "red_header", "addressees", "cc", "printer"]
        help_texts = {
            "prefix": _(
                "发文字号为“前缀〔年份〕序号号”，如 鲁集聚办〔2025〕7号；序号按年度自动编排，不重复、不跳号。"
            ),
            "cc": _("抄送机关，如“市委办公室，市政府办公室。”；留空则不印抄送行。"),
            "printer": _("印发机关；留空则为发文单位。"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = policy.scope(user, OrgUnit).order_by("region__code", "name")
        if self.instance.pk:
            self.fields["unit"].disabled = True
        self._style()


DOCUMENT_OFFICE_TABLE = Table(
    columns=[
        Column("unit.name", _("发文单位"), order_by="unit__name", link="core:documentoffice_edit"),
        Column("prefix", _("发文字号前缀"), order_by="prefix"),
        Column("red_header", _("红头")),
        Column("addressees", _("主送")),
        Column("cc", _("抄送")),
        Column("printer", _("印发机关")),
    ],
    default_order="unit__name",
)

DOCUMENT_OFFICES = register(
    ModelPages(
        app="core",
        name="documentoffice",
        path="document-offices/",
        model=DocumentOffice,
        title=_("发文单位设置"),
        section=_("考核评价"),
        selector=lambda user: document_office_list(user=user),
        filterset=DocumentOfficeFilter,
        table=DOCUMENT_OFFICE_TABLE,
        form=DocumentOfficeForm,
        save=lambda *, actor, instance, data: document_office_save(actor=actor, office=instance, data=data),
    )
)
