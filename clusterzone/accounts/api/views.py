"""REST endpoints of regions and organisation units (scoped by the policy, written by the
accounts services)."""

from clusterzone.core.api import ScopedModelViewSet

from .. import selectors, services
from ..filters import OrgUnitFilter, RegionFilter, UserFilter
from ..models import OrgUnit, Region, User
from .serializers import (
    OrgUnitInputSerializer,
    OrgUnitSerializer,
    RegionInputSerializer,
    RegionSerializer,
    UserInputSerializer,
    UserSerializer,
)


class RegionViewSet(ScopedModelViewSet):
    """行政区划 (GB/T 2260): the regions in the user's region subtree."""

    model = Region
    serializer_class = RegionSerializer
    input_serializer_class = RegionInputSerializer
    filterset_class = RegionFilter
    search_fields = ["name", "code"]
    ordering_fields = ["code", "name", "level", "updated_at"]
    ordering = ["code"]
    service_object_name = "region"
    save_service = staticmethod(services.region_save)
    delete_service = staticmethod(services.region_delete)

    def base_queryset(self, user):
        return selectors.region_list(user=user)


class OrgUnitViewSet(ScopedModelViewSet):
    """组织单位: joint-meeting offices, departments, management committees, banks."""

    model = OrgUnit
    serializer_class = OrgUnitSerializer
    input_serializer_class = OrgUnitInputSerializer
    filterset_class = OrgUnitFilter
    search_fields = ["name"]
    ordering_fields = ["name", "kind", "region__code", "updated_at"]
    ordering = ["region__code", "kind", "name"]
    service_object_name = "unit"
    save_service = staticmethod(services.unit_save)
    delete_service = staticmethod(services.unit_delete)

    def base_queryset(self, user):
        return selectors.unit_list(user=user)


class UserViewSet(ScopedModelViewSet):
    """用户: office administrators see, create (`POST` username, full_name, unit id, role
    codes, password) and change (`PATCH` unit, roles …, recorded in the history) the users of
    their region subtree; other roles get 403."""

    model = User
    serializer_class = UserSerializer
    input_serializer_class = UserInputSerializer
    service_object_name = "user"
    create_service = staticmethod(services.user_create)
    update_service = staticmethod(services.user_update)
    filterset_class = UserFilter
    search_fields = ["username", "full_name"]
    ordering_fields = ["username", "full_name", "unit__name", "last_login", "date_joined"]
    ordering = ["username"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def base_queryset(self, user):
        return selectors.user_list(user=user)
