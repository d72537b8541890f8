"""One FilterSet per listed model, shared by the list page, the API and the Excel export."""

import django_filters
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts.models import OrgUnit, Region

from .choices import Scale, Source
from .models import Criterion, Rating


class CriterionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("关键字"))
    region = django_filters.ModelChoiceFilter(
        label=_("区划"), queryset=Region.objects.all(), empty_label=_("全部")
    )
    source = django_filters.ChoiceFilter(label=_("来源"), choices=Source.choices, empty_label=_("全部"))
    scale = django_filters.ChoiceFilter(label=_("评分方式"), choices=Scale.choices, empty_label=_("全部"))

    class Meta:
        model = Criterion
        fields = ["q", "region", "source", "scale"]


class RatingFilter(django_filters.FilterSet):
    month = django_filters.CharFilter(label=_("月份"))
    unit = django_filters.ModelChoiceFilter(
        label=_("被评单位"), queryset=OrgUnit.objects.all(), empty_label=_("全部")
    )
    rater_unit = django_filters.ModelChoiceFilter(
        label=_("评议单位"), queryset=OrgUnit.objects.all(), empty_label=_("全部")
    )
    criterion = django_filters.ModelChoiceFilter(
        label=_("评议项目"), queryset=Criterion.objects.all(), empty_label=_("全部")
    )

    class Meta:
        model = Rating
        fields = ["month", "unit", "rater_unit", "criterion"]
