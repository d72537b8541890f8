from django.utils.translation import gettext_lazy

from clusterzone.core.views import ScopedDetailView, ScopedListView, ServiceDeleteView, ServiceFormView

from . import selectors, services
from .filters import OrgUnitFilter, RegionFilter, UserFilter
from .forms import RegionForm, UnitForm, UserForm
from .models import OrgUnit, Region, User
from .tables import REGION_TABLE, UNIT_TABLE, USER_TABLE

SECTION = gettext_lazy("系统管理")


class RegionPage:
    model = Region
    kind = "region"
    section = SECTION
    list_url_name = "accounts:region_list"
    detail_url_name = "accounts:region_detail"


class UnitPage:
    model = OrgUnit
    kind = "orgunit"
    section = SECTION
    list_url_name = "accounts:unit_list"
    detail_url_name = "accounts:unit_detail"


class UserPage:
    model = User
    kind = "user"
    section = SECTION
    list_url_name = "accounts:user_list"
    detail_url_name = "accounts:user_edit"


class RegionListView(RegionPage, ScopedListView):
    title = gettext_lazy("行政区划")
    filterset_class = RegionFilter
    table = REGION_TABLE
    add_url_name = "accounts:region_add"
    import_kind = "regions"
    export_name = "行政区划"
    paginate_by = 100

    def selector(self, user):
        return selectors.region_list(user=user)


class RegionDetailView(RegionPage, ScopedDetailView):
    template_name = "accounts/region_detail.html"

    def extra_context(self, obj):
        return {"children": obj.children.order_by("code"), "units": obj.units.order_by("kind", "name")}


class RegionFormView(RegionPage, ServiceFormView):
    form_class = RegionForm

    def save(self, *, actor, instance, data):
        return services.region_save(actor=actor, region=instance, data=data)


class RegionDeleteView(RegionPage, ServiceDeleteView):
    def delete(self, *, actor, instance):
        services.region_delete(actor=actor, region=instance)


class UnitListView(UnitPage, ScopedListView):
    title = gettext_lazy("组织单位")
    filterset_class = OrgUnitFilter
    table = UNIT_TABLE
    add_url_name = "accounts:unit_add"
    export_name = "组织单位"

    def selector(self, user):
        return selectors.unit_list(user=user)


class UnitDetailView(UnitPage, ScopedDetailView):
    template_name = "accounts/unit_detail.html"

    def scoped_queryset(self, user):
        return selectors.unit_list(user=user)


class UnitFormView(UnitPage, ServiceFormView):
    form_class = UnitForm

    def save(self, *, actor, instance, data):
        return services.unit_save(actor=actor, unit=instance, data=data)


class UnitDeleteView(UnitPage, ServiceDeleteView):
    def delete(self, *, actor, instance):
        services.unit_delete(actor=actor, unit=instance)


class UserListView(UserPage, ScopedListView):
    title = gettext_lazy("用户")
    filterset_class = UserFilter
    table = USER_TABLE
    add_url_name = "accounts:user_add"
    export_name = "用户"

    def selector(self, user):
        return selectors.user_list(user=user)


class UserFormView(UserPage, ServiceFormView):
    form_class = UserForm

    def save(self, *, actor, instance, data):
        password = data.pop("password", None)
        return services.user_save(actor=actor, user=instance, data=data, password=password)
