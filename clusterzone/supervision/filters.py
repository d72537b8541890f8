"""One FilterSet per listed model, shared by the list page, the API and the Excel export."""

import django_filters
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.models import OrgUnit
from clusterzone.registry.filters import ClusterPickFilter

from .choices import ProblemCategory, ProblemStatus
from .models import Problem


class ProblemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("关键字"))
    cluster = ClusterPickFilter(field_name="cluster__code", label=_("集聚区"))
    project = django_filters.CharFilter(field_name="project__code", label=_("项目代码"))
    category = django_filters.ChoiceFilter(
        label=_("类别"), choices=ProblemCategory.choices, empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=ProblemStatus.choices, empty_label=_("全部")
    )
    responsible_unit = django_filters.ModelChoiceFilter(
        label=_("责任单位"), queryset=OrgUnit.objects.all(), empty_label=_("全部")
    )

    as_of = django_filters.DateFilter(label=_("灯色日期"), method="keep")

    class Meta:
        model = Problem
        fields = ["q", "cluster", "project", "category", "status", "responsible_unit", "as_of"]

    def keep(self, qs, name, value):  # the date of the lights, not a row filter
        return qs
