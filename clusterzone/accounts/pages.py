"""Standard pages of regions, organisation units and users (core.modelpages)."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import selectors, services
from .filters import OrgUnitFilter, RegionFilter, UserFilter
from .forms import RegionForm, UnitForm, UserForm
from .models import OrgUnit, Region, User
from .tables import REGION_TABLE, UNIT_TABLE, USER_TABLE
from .views import RegionDetailView

SECTION = _("系统管理")


def _user_save(*, actor, instance, data):
    password = data.pop("password", None)
    return services.user_save(actor=actor, user=instance, data=data, password=password)


def _without_reason(data: dict) -> dict:
    """The form's model fields (the change reason goes to the history, not the row)."""
    return {k: v for k, v in data.items() if k != "change_reason"}


REGIONS = register(
    ModelPages(
        app="accounts",
        name="region",
        path="system/regions/",
        model=Region,
        title=_("行政区划"),
        section=SECTION,
        selector=lambda user: selectors.region_list(user=user),
        filterset=RegionFilter,
        table=REGION_TABLE,
        form=RegionForm,
        save=lambda *, actor, instance, data: services.region_save(
            actor=actor, region=instance, data=_without_reason(data), reason=data.get("change_reason")
        ),
        delete=lambda *, actor, instance: services.region_delete(actor=actor, region=instance),
        detail_template="accounts/region_detail.html",
        detail_view=RegionDetailView,
        import_kind="regions",
        paginate_by=100,
    )
)

UNITS = register(
    ModelPages(
        app="accounts",
        name="unit",
        path="system/units/",
        model=OrgUnit,
        title=_("组织单位"),
        section=SECTION,
        selector=lambda user: selectors.unit_list(user=user),
        filterset=OrgUnitFilter,
        table=UNIT_TABLE,
        form=UnitForm,
        save=lambda *, actor, instance, data: services.unit_save(
            actor=actor, unit=instance, data=_without_reason(data), reason=data.get("change_reason")
        ),
        delete=lambda *, actor, instance: services.unit_delete(actor=actor, unit=instance),
        detail_template="accounts/unit_detail.html",
    )
)

USERS = register(
    ModelPages(
        app="accounts",
        name="user",
        path="system/users/",
        model=User,
        title=_("用户"),
        section=SECTION,
        selector=lambda user: selectors.user_list(user=user),
        filterset=UserFilter,
        table=USER_TABLE,
        form=UserForm,
        save=_user_save,
    )
)
