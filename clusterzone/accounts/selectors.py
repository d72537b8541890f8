from clusterzone.accounts import policy

from .models import OrgUnit, Region, User


def region_list(*, user):
    return policy.scope(user, Region).select_related("parent")


def unit_list(*, user):
    return policy.scope(user, OrgUnit).select_related("region", "cluster")


def user_list(*, user):
    return policy.scope(user, User).select_related("unit", "unit__region")
