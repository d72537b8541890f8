"""FilterSets of regions and organisation units, shared by the pages, the API and the export."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import RegionLevel, Role, UnitKind
from .models import OrgUnit, Region, User


class LazySelect(forms.Select):
    """A select whose options (value, label) come from `load()` when the page renders, so a
    filter picks by name while the query string (and the API) keeps the code. One query."""

    def __init__(self, load, attrs=None):
        super().__init__(attrs)
        self._load = load

    def optgroups(self, name, value, attrs=None):
        self.choices = [("", _("全部")), *self._load()]
        return super().optgroups(name, value, attrs)


class PeriodPickFilter(django_filters.CharFilter):
    """A period filter shown as the period picker (2025年4月, never a code); the query string
    and the API keep the code. `kinds` lists the period kinds offered."""

    def __init__(self, *args, kinds="monthly", **kwargs):
        from clusterzone.core.forms import PeriodSelect

        kwargs.setdefault("widget", PeriodSelect(kinds=kinds, blank=_("全部")))
        super().__init__(*args, **kwargs)


class ScopedPickFilter(django_filters.CharFilter):
    """A code (or id) filter shown as a list of names from the user's scope: `options(user)`
    returns [(value, label)] for the user of the filter's request. The query string and the
    API keep the value, so nothing else changes."""

    options = None  # set by subclasses or the `options` argument: callable(user) -> list

    def __init__(self, *args, options=None, **kwargs):
        if options is not None:
            self.options = options
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        request = getattr(getattr(self, "parent", None), "request", None)
        user = getattr(request, "user", None)
        options = self.options
        field.widget = LazySelect(lambda: options(user) if user is not None else [])
        return field

    def filter(self, qs, value):
        # a value that cannot be an id (letters for a number) matches nothing, never a 500
        try:
            return super().filter(qs, value)
        except (ValueError, TypeError):
            return qs.none()


def leader_options(user):
    """Leaders in charge (分包领导) in the user's scope, by name, valued by id."""
    from . import policy

    rows = (
        policy.scope(user, User)
        .filter(roles__icontains=f'"{Role.PROJECT_LEADER}"')
        .select_related("unit")
        .order_by("full_name", "username")
    )
    return [(str(u.pk), f"{u.full_name or u.username}（{u.unit.name if u.unit_id else ''}）") for u in rows]


def region_options():
    """Regions by name, indented by level (province, city, county), valued by code."""
    indent = {"province": "", "city": "　", "county": "　　"}
    rows = Region.objects.order_by("path").values_list("code", "name", "level")
    return [(code, f"{indent.get(level, '')}{name}") for code, name, level in rows]


class RegionSubtreeFilter(django_filters.CharFilter):
    """A region, picked by name (its code in the query string; the API also takes the name):
    matches that region and everything below it. `field_name` is the path to the region
    ("region", "cluster__region"), or "" on the Region model itself."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", LazySelect(region_options))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        value = value.strip()
        path = (
            Region.objects.filter(Q(code=value) | Q(name=value))
            .order_by("code")
            .values_list("path", flat=True)
            .first()
        )
        if path is None:
            return qs.none()
        prefix = f"{self.field_name}__" if self.field_name else ""
        return qs.filter(**{f"{prefix}path__startswith": path})


def scoped_region_options(user):
    """As region_options, only the regions in the user's scope."""
    from . import policy

    indent = {"province": "", "city": "　", "county": "　　"}
    rows = policy.scope(user, Region).order_by("path").values_list("code", "name", "level")
    return [(code, f"{indent.get(level, '')}{name}") for code, name, level in rows]


class ScopedRegionSubtreeFilter(RegionSubtreeFilter):
    """A RegionSubtreeFilter offering only the regions in the user's scope (for records that
    exist only there, e.g. a region's quotas)."""

    @property
    def field(self):
        field = super().field
        request = getattr(getattr(self, "parent", None), "request", None)
        user = getattr(request, "user", None)
        if user is not None:
            field.widget = LazySelect(lambda: scoped_region_options(user))
        return field


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
    region = RegionSubtreeFilter(field_name="region", label=_("行政区划（含下级）"))
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
    region = RegionSubtreeFilter(field_name="unit__region", label=_("行政区划（含下级）"))
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
