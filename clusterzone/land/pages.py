"""Standard pages of land (core.modelpages): list with 导出Excel, detail with history, add,
edit, delete and import, one declaration per model; section 土地与亩均."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import filters, forms, selectors, services, tables
from .models import (
    AcquisitionPlan,
    DifferentiatedPolicy,
    EnterpriseFigures,
    Housing,
    LandlessEmployment,
    LandPolicy,
    LandQuota,
    Parcel,
    QuotaAllocation,
    VillageRelocation,
)
from .views import LandDetailView

SECTION = _("土地与亩均")


def _saver(fn):
    return lambda *, actor, instance, data: fn(
        actor=actor, instance=instance if instance.pk else None, data=data
    )


def _policy_save(*, actor, instance, data):
    if instance.pk:
        return services.land_policy_update(actor=actor, instance=instance, data=data)
    return services.land_policy_save(actor=actor, cluster=data.pop("cluster"), data=data)


def _delete(*, actor, instance):
    services.delete(actor=actor, instance=instance)


def _decl(name, path, model, title, selector, filterset, table, form, save, **kw):
    return register(
        ModelPages(
            app="land", name=name, path=path, model=model, title=title, section=SECTION,
            selector=selector, filterset=filterset, table=table, form=form, save=save,
            delete=kw.pop("delete", _delete), detail_template="land/detail.html",
            detail_view=LandDetailView, **kw,
        )
    )  # fmt: skip


POLICIES = _decl(
    "policy", "policies/", LandPolicy, _("供地政策"), lambda user: selectors.land_policy_list(user=user),
    filters.LandPolicyFilter, tables.LAND_POLICY_TABLE, forms.LandPolicyForm, _policy_save,
    import_kind="land-policies",
)  # fmt: skip
PARCELS = _decl(
    "parcel", "parcels/", Parcel, _("地块"), lambda user: selectors.parcel_list(user=user),
    filters.ParcelFilter, tables.PARCEL_TABLE, forms.ParcelForm, _saver(services.parcel_save),
    import_kind="parcels",
)  # fmt: skip
ACQUISITIONS = _decl(
    "acquisition", "acquisition/", AcquisitionPlan, _("征收计划"),
    lambda user: selectors.acquisition_plan_list(user=user), filters.AcquisitionPlanFilter,
    tables.ACQUISITION_TABLE, forms.AcquisitionPlanForm, _saver(services.acquisition_plan_save),
    import_kind="acquisition-plans",
)  # fmt: skip
QUOTAS = _decl(
    "quota", "quotas/", LandQuota, _("建设用地指标"), lambda user: selectors.land_quota_list(user=user),
    filters.LandQuotaFilter, tables.QUOTA_TABLE, forms.LandQuotaForm, _saver(services.land_quota_save),
    import_kind="land-quotas",
)  # fmt: skip
ALLOCATIONS = _decl(
    "allocation", "allocations/", QuotaAllocation, _("指标分配"),
    lambda user: selectors.quota_allocation_list(user=user), filters.QuotaAllocationFilter,
    tables.ALLOCATION_TABLE, forms.QuotaAllocationForm, _saver(services.quota_allocation_save),
    delete=lambda *, actor, instance: services.quota_allocation_delete(actor=actor, instance=instance),
    import_kind="quota-allocations",
)  # fmt: skip
FIGURES = _decl(
    "figures", "figures/", EnterpriseFigures, _("企业亩均数据"), lambda user: selectors.figures_list(user=user),
    filters.EnterpriseFiguresFilter, tables.FIGURES_TABLE, forms.EnterpriseFiguresForm,
    _saver(services.figures_save), import_kind="enterprise-figures",
)  # fmt: skip
TERMS = _decl(
    "terms", "differentiated/", DifferentiatedPolicy, _("差别化政策"),
    lambda user: selectors.differentiated_policy_list(user=user), filters.DifferentiatedPolicyFilter,
    tables.DIFFERENTIATED_TABLE, forms.DifferentiatedPolicyForm, _saver(services.differentiated_policy_save),
    import_kind="differentiated-policies",
)  # fmt: skip
VILLAGES = _decl(
    "village", "villages/", VillageRelocation, _("村庄迁并"),
    lambda user: selectors.village_relocation_list(user=user), filters.VillageRelocationFilter,
    tables.VILLAGE_TABLE, forms.VillageRelocationForm, _saver(services.village_relocation_save),
    import_kind="village-relocations",
)  # fmt: skip
HOUSING = _decl(
    "housing", "housing/", Housing, _("安置社区与公租房"), lambda user: selectors.housing_list(user=user),
    filters.HousingFilter, tables.HOUSING_TABLE, forms.HousingForm, _saver(services.housing_save),
    import_kind="housing",
)  # fmt: skip
EMPLOYMENT = _decl(
    "employment", "employment/", LandlessEmployment, _("失地农民就业培训"),
    lambda user: selectors.landless_employment_list(user=user), filters.LandlessEmploymentFilter,
    tables.EMPLOYMENT_TABLE, forms.LandlessEmploymentForm, _saver(services.landless_employment_save),
    import_kind="landless-employment",
)  # fmt: skip
