"""FilterSets of regions and organisation units, shared by the pages, the API and the export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import RegionLevel, Role, UnitKind
from .models import OrgUnit, Region, User


class RegionSubtreeFilter(django_filters.CharFilter):
    """A region code: matches that region and everything below it. `field_name` is the path
    to the region ("region", "cluster__region"), or "" on the Region model itself."""

    def filter(self, qs, value):
        if not value:
            return qs
        path = Region.objects.filter(code=value.strip()).values_list("path", flat=True).first()
        if path is None:
            return qs.none()
        prefix = f"{self.field_name}__" if self.field_name else ""
        return qs.filter(**{f"{prefix}path__startswith": path})


class RegionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    code = django_filters.CharFilter(label=_("行政区划代码"))
    level = django_filters.ChoiceFilter(label=_("级别"), choices=RegionLevel.choices)
    parent = django_filters.CharFilter(field_name="parent__code", label=_("上级区划代码"))
    within = RegionSubtreeFilter(field_name="", label=_("所辖区划（含本级）"))

    class Meta:
        model = Region
        fields = ["q", "code", "level", "parent", "within"]

    def filter_q(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(Q(name__icontains=value) | Q(code__startswith=value))


class OrgUnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    region = RegionSubtreeFilter(field_name="region", label=_("行政区划代码（含下级）"))
    kind = django_filters.ChoiceFilter(label=_("单位类型"), choices=UnitKind.choices)

    class Meta:
        model = OrgUnit
        fields = ["q", "region", "kind"]

    def filter_q(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(name__icontains=value)


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    region = RegionSubtreeFilter(field_name="unit__region", label=_("行政区划代码（含下级）"))
    unit = django_filters.CharFilter(field_name="unit__name", lookup_expr="icontains", label=_("所属单位"))
    role = django_filters.ChoiceFilter(label=_("角色"), choices=Role.choices, method="filter_role")
    is_active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = User
        fields = ["q", "region", "unit", "role", "is_active"]

    def filter_q(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            Q(username__icontains=value) | Q(full_name__icontains=value) | Q(phone__icontains=value)
        )

    def filter_role(self, qs, name, value):
        if not value:
            return qs
        # roles is a JSON list of codes; a quoted code matches one element on SQLite and PostgreSQL
        return qs.filter(roles__icontains=f'"{value}"')
