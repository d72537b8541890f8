"""Every write of land and the per-亩 evaluation, through the policy and DomainError.

land_policy_save(*, actor, cluster, data, reason=None) -> LandPolicy    create or edit
figures_save(*, actor, instance=None, data, reason=None) -> EnterpriseFigures
differentiated_policy_save(*, actor, instance=None, data, reason=None) -> DifferentiatedPolicy
evaluation_run(*, actor, scheme=None, year, region=None, cluster=None) -> Run
    a draft run of the per-亩 evaluation by the one assessment engine (the shipped default
    scheme when none is given, saved once per region and year)
evaluation_publicize(*, actor, run, starts_on, workdays=5) -> EvaluationNotice
    the 公示: objections until starts_on + N working days (core.workdays)
objection_record(*, actor, result, reason, received_on) -> Objection
    only during the 公示 (received_on ≤ ends_on) of a run not yet final
objection_decide(*, actor, objection, upheld, decision, new_class=None) -> Objection
    an upheld objection with a new class changes the result's class (recorded with the
    original class on the objection)
parcel_save(*, actor, instance=None, data, reason=None) -> Parcel   (收回 only by parcel_recover)
parcel_recover(*, actor, parcel, on, decision_ref, reason=None) -> Parcel
    收回 of a parcel, with the decision's reference (文号) and date
acquisition_plan_save / land_quota_save(*, actor, instance=None, data, reason=None)
    (a quota's `allocated` is never written from data: it is the sum of its allocations)
quota_allocation_save / quota_allocation_delete   keep the quota's allocated total, ≤ quota
village_relocation_save / housing_save / landless_employment_save (产城互动), delete
evaluation_finalize(*, actor, run, today) -> Run
    after the 公示 has ended and every objection is decided: the classes are final
    (the run is published by assessment.services.run_publish)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.assessment import services as assessment_services
from clusterzone.assessment.choices import RunStatus
from clusterzone.assessment.models import Result, Run, Scheme
from clusterzone.core import workdays
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import full_clean_or_raise, instance_delete, instance_save, stamp_history

from . import evaluation
from .choices import EvaluationClass, ObjectionStatus, ParcelStatus
from .models import (
    AcquisitionPlan,
    DifferentiatedPolicy,
    EnterpriseFigures,
    EvaluationNotice,
    Housing,
    LandlessEmployment,
    LandPolicy,
    LandQuota,
    Objection,
    Parcel,
    QuotaAllocation,
    VillageRelocation,
)

POLICY_FIELDS = (
    "min_intensity", "min_plot_ratio", "min_leading_share", "min_tax_per_mu", "standard_factory_below",
    "idle_months", "notes",
)  # fmt: skip


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def land_policy_save(*, actor, cluster, data: dict, reason: str | None = None) -> LandPolicy:
    obj = LandPolicy.objects.filter(cluster=cluster).first() or LandPolicy(cluster=cluster)
    return instance_save(
        obj, actor=actor, data={k: v for k, v in data.items() if k in POLICY_FIELDS}, reason=reason
    )


def land_policy_update(*, actor, instance: LandPolicy, data: dict, reason: str | None = None) -> LandPolicy:
    fields = (*POLICY_FIELDS, "cluster")
    return instance_save(
        instance, actor=actor, data={k: v for k, v in data.items() if k in fields}, reason=reason
    )


def land_policy_of(cluster) -> LandPolicy:
    """The cluster's policy, or the defaults (216 万元/亩, 1.0, 70%, 12 months) unsaved."""
    return LandPolicy.objects.filter(cluster=cluster).first() or LandPolicy(cluster=cluster)


def figures_save(*, actor, instance=None, data: dict, reason: str | None = None) -> EnterpriseFigures:
    return instance_save(instance or EnterpriseFigures(), actor=actor, data=data, reason=reason)


def differentiated_policy_save(*, actor, instance=None, data: dict, reason=None) -> DifferentiatedPolicy:
    return instance_save(instance or DifferentiatedPolicy(), actor=actor, data=data, reason=reason)


def default_scheme(*, actor, region, year: int) -> Scheme:
    """The shipped scheme for the region and year (saved on first use)."""
    definition = evaluation.default_definition(region.code, year)
    existing = (
        Scheme.objects.filter(
            name=definition["name"], year=year, region=region, subject="enterprise", is_active=True
        )
        .order_by("-version")
        .first()
    )
    if existing is not None:
        return existing
    return assessment_services.scheme_save(
        actor=actor, scheme=None, definition=definition, reason=_("默认方案")
    )


def evaluation_run(
    *, actor, year: int, scheme: Scheme | None = None, region=None, cluster=None, save=True
) -> Run:
    if scheme is None:
        region = region or (cluster.region if cluster is not None else None)
        if region is None:
            raise DomainError(_("请指定集聚区或行政区划。"))
        scheme = default_scheme(actor=actor, region=region, year=year) if save else None
        if scheme is None:
            definition = evaluation.default_definition(region.code, year)
            scheme = Scheme(
                key="default", name=definition["name"], year=year, region=region, version=0,
                subject="enterprise", definition=definition,
            )  # fmt: skip
    if scheme.subject != "enterprise":
        raise DomainError(_("该方案的考核对象不是企业。"), field="scheme")
    return assessment_services.run_create(actor=actor, scheme=scheme, year=year, save=save, cluster=cluster)


def _notice(run) -> EvaluationNotice | None:
    return EvaluationNotice.objects.filter(run=run).first()


@transaction.atomic
def evaluation_publicize(*, actor, run: Run, starts_on: date, workdays_count: int = 5) -> EvaluationNotice:
    if run.subject != "enterprise":
        raise DomainError(_("只有企业亩均效益评价需要公示。"))
    if run.status != RunStatus.DRAFT:
        raise DomainError(_("该评价结果已是最终结果。"), code="invalid_state")
    if _notice(run) is not None:
        raise DomainError(_("该评价结果已公示。"), code="invalid_state")
    notice = EvaluationNotice(
        run=run, starts_on=starts_on, workdays=workdays_count,
        ends_on=workdays.add_workdays(starts_on, workdays_count), created_by=_user(actor),
    )  # fmt: skip
    policy.require(actor, "add", notice)
    full_clean_or_raise(notice)
    stamp_history(notice, actor=actor, reason=_("公示"))
    notice.save()
    return notice


@transaction.atomic
def objection_record(*, actor, result: Result, reason: str, received_on: date) -> Objection:
    notice = _notice(result.run)
    if notice is None:
        raise DomainError(_("该评价结果尚未公示，不能提出异议。"), code="invalid_state")
    if result.run.status != RunStatus.DRAFT:
        raise DomainError(_("评价结果已是最终结果，不再受理异议。"), code="invalid_state")
    if not notice.starts_on <= received_on <= notice.ends_on:
        raise DomainError(
            _("异议须在公示期内（%(a)s至%(b)s）提出。") % {"a": notice.starts_on, "b": notice.ends_on},
            field="received_on",
        )
    if not str(reason or "").strip():
        raise DomainError(_("请填写异议理由。"), field="reason")
    obj = Objection(result=result, reason=reason, received_on=received_on, original_class=result.klass)
    policy.require(actor, "add", obj)
    full_clean_or_raise(obj)
    stamp_history(obj, actor=actor)
    obj.save()
    return obj


@transaction.atomic
def objection_decide(
    *, actor, objection: Objection, upheld: bool, decision: str, new_class: str | None = None
):
    policy.require(actor, "change", objection)
    objection = Objection.objects.select_for_update().select_related("result__run").get(pk=objection.pk)
    if objection.status != ObjectionStatus.PENDING:
        raise DomainError(_("该异议已处理。"), code="invalid_state")
    if objection.result.run.status != RunStatus.DRAFT:
        raise DomainError(_("评价结果已是最终结果。"), code="invalid_state")
    if not str(decision or "").strip():
        raise DomainError(_("请填写处理意见。"), field="decision")
    if new_class and new_class not in EvaluationClass.values:
        raise DomainError(_("类别必须是 A、B、C、D 或 T。"), field="new_class")
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    objection.decision = decision
    objection.decided_at = timezone.now()
    objection.decided_by = _user(actor)
    if upheld and new_class and new_class != objection.result.klass:
        objection.new_class = new_class
        result = objection.result
        result.klass = new_class
        result.flags = [
            *result.flags,
            _("异议成立，类别由%(a)s调整为%(b)s") % {"a": objection.original_class, "b": new_class},
        ]
        result.save(update_fields=["klass", "flags"])
    stamp_history(objection, actor=actor, reason=_("异议处理"))
    objection.save()
    return objection


def check_publishable(run, *, today: date | None = None, **_options) -> None:
    """The guard of the enterprise subject (assessment.subjects.Subject.before_publish): a
    per-亩 evaluation becomes final only after its 公示 has ended and every objection is
    decided, whoever publishes it (this service, the assessment pages or the API)."""
    today = today or timezone.localdate()
    notice = _notice(run)
    if notice is None:
        raise DomainError(_("评价结果须先公示，公示期满后才能确定为最终结果。"), code="invalid_state")
    if today <= notice.ends_on:
        raise DomainError(
            _("公示期至%(d)s，期满后才能确定为最终结果。") % {"d": notice.ends_on}, code="invalid_state"
        )
    if Objection.objects.filter(result__run=run, status=ObjectionStatus.PENDING).exists():
        raise DomainError(_("还有未处理的异议。"), code="invalid_state")


@transaction.atomic
def evaluation_finalize(*, actor, run: Run, today: date) -> Run:
    check_publishable(run, today=today)
    return assessment_services.run_publish(actor=actor, run=run, today=today)


def parcel_save(*, actor, instance=None, data: dict, reason: str | None = None) -> Parcel:
    obj = instance or Parcel()
    # the stored status, not the instance's (an importer may have set the new values on it)
    was = Parcel.objects.filter(pk=obj.pk).values_list("status", flat=True).first() if obj.pk else None
    if data.get("status") == ParcelStatus.RECOVERED and was != ParcelStatus.RECOVERED:
        raise DomainError(_("收回地块请使用“收回”操作并填写收回决定文号。"), field="status")
    return instance_save(obj, actor=actor, data=data, reason=reason)


@transaction.atomic
def parcel_recover(
    *, actor, parcel: Parcel, on: date, decision_ref: str, reason: str | None = None
) -> Parcel:
    policy.require(actor, "recover", parcel)
    parcel = Parcel.objects.select_for_update().get(pk=parcel.pk)
    if parcel.status == ParcelStatus.RECOVERED:
        raise DomainError(_("该地块已收回。"), code="invalid_state")
    if not str(decision_ref or "").strip():
        raise DomainError(_("请填写收回决定文号。"), field="recovery_ref")
    parcel.status = ParcelStatus.RECOVERED
    parcel.recovered_on = on
    parcel.recovery_ref = decision_ref.strip()
    full_clean_or_raise(parcel)
    stamp_history(parcel, actor=actor, reason=reason or _("依法收回：%(r)s") % {"r": parcel.recovery_ref})
    parcel.save()
    return parcel


def acquisition_plan_save(*, actor, instance=None, data: dict, reason: str | None = None) -> AcquisitionPlan:
    return instance_save(instance or AcquisitionPlan(), actor=actor, data=data, reason=reason)


def land_quota_save(*, actor, instance=None, data: dict, reason: str | None = None) -> LandQuota:
    """The quota itself; `allocated` is derived from the allocations and never taken from data."""
    data = {k: v for k, v in data.items() if k != "allocated"}
    return instance_save(instance or LandQuota(), actor=actor, data=data, reason=reason)


def _refresh_allocated(quota_id, *, actor, reason) -> LandQuota:
    quota = LandQuota.objects.select_for_update().get(pk=quota_id)
    total = QuotaAllocation.objects.filter(quota_id=quota_id).aggregate(s=Sum("area"))["s"] or Decimal(0)
    if total > quota.quota:
        raise DomainError(
            _("分配合计%(t)s亩，超过指标%(q)s亩（剩余%(r)s亩）。")
            % {"t": total.normalize(), "q": quota.quota.normalize(), "r": quota.remaining.normalize()},
            field="area",
        )
    if total != quota.allocated:
        quota.allocated = total
        stamp_history(quota, actor=actor, reason=reason)
        quota.save()
    return quota


@transaction.atomic
def quota_allocation_save(*, actor, instance=None, data: dict, reason: str | None = None) -> QuotaAllocation:
    """An allocation of a region's quota; the quota's allocated total follows, and may not
    exceed the quota."""
    obj = instance or QuotaAllocation()
    old_quota = obj.quota_id if obj.pk else None
    obj = instance_save(obj, actor=actor, data=data, reason=reason)
    _refresh_allocated(obj.quota_id, actor=actor, reason=_("指标分配"))
    if old_quota and old_quota != obj.quota_id:
        _refresh_allocated(old_quota, actor=actor, reason=_("指标分配"))
    return obj


@transaction.atomic
def quota_allocation_delete(*, actor, instance: QuotaAllocation) -> None:
    quota_id = instance.quota_id
    instance_delete(instance, actor=actor)
    _refresh_allocated(quota_id, actor=actor, reason=_("删除指标分配"))


def village_relocation_save(*, actor, instance=None, data: dict, reason=None) -> VillageRelocation:
    return instance_save(instance or VillageRelocation(), actor=actor, data=data, reason=reason)


def housing_save(*, actor, instance=None, data: dict, reason=None) -> Housing:
    return instance_save(instance or Housing(), actor=actor, data=data, reason=reason)


def landless_employment_save(*, actor, instance=None, data: dict, reason=None) -> LandlessEmployment:
    return instance_save(instance or LandlessEmployment(), actor=actor, data=data, reason=reason)


def delete(*, actor, instance) -> None:
    """Delete a land row (parcel, plan, quota, figures, terms, relocation, housing …) by the policy."""
    instance_delete(instance, actor=actor)
