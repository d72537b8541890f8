"""Every write of the assessment, through the policy and DomainError.

scheme_save(*, actor, scheme, definition, reason=None) -> Scheme
    validate (errors keyed by path) and store; an edit saves a new version (version + 1,
    same key), the old one is kept and marked inactive; an unchanged definition returns
    the scheme as it is.
scheme_import(*, actor, text, fmt, reason=None) -> Scheme
    the active scheme with the same name, year and region gets a new version, else a
    new scheme.
scheme_delete(*, actor, scheme)     every version; refused once a run uses it
run_create(*, actor, scheme, year=None, save=True, cluster=None) -> Run
    read the inputs of the scheme's subject kind (subjects.py: approved data for clusters,
    the land app's figures for enterprises …; `cluster` narrows the subjects to one
    cluster's), compute, and store the frozen snapshot (definition,
    inputs, input hash, results). save=False returns an unsaved Run whose `.rows` holds
    the engine's rows (the CLI's dry run).
run_recompute(*, actor, run) -> Run
    re-read the data and compute again: a draft is updated in place; a published run is
    never changed — a new draft (recomputed_from=run) is created instead.
run_publish(*, actor, run) -> Run
run_delete(*, actor, run)           drafts only
input_save(*, actor, instance=None, data) -> AssessmentInput   deduction/veto/manual
input_delete(*, actor, instance)
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import full_clean_or_raise, stamp_history
from clusterzone.reporting.models import Indicator

from . import engine, measures, schemes, sources, subjects
from .choices import InputKind, RunStatus
from .models import AssessmentInput, Result, Run, Scheme


def _actor_user(actor):
    return actor if getattr(actor, "pk", None) else None


# --- schemes ----------------------------------------------------------------------------


def _catalog_codes(definition=None) -> set[str] | None:
    kind = subjects.kind_of(definition) if isinstance(definition, dict) else "cluster"
    if kind == "cluster":
        return set(Indicator.objects.values_list("code", flat=True)) | sources.codes()
    subject = subjects.REGISTRY.get(kind)
    return subject.catalog() if subject is not None else None


@transaction.atomic
def scheme_save(*, actor, scheme: Scheme | None, definition: dict, reason: str | None = None) -> Scheme:
    if scheme is not None:
        policy.require(actor, "change", scheme)
    definition = schemes.normalize(definition) if isinstance(definition, dict) else definition
    schemes.check(definition, catalog=_catalog_codes(definition))
    region = measures.resolve_region(definition["region"])
    new = Scheme(
        subject=subjects.kind_of(definition),
        key=scheme.key if scheme else uuid.uuid4().hex[:12],
        name=str(definition["name"]).strip(),
        year=definition["year"],
        region=region,
        version=(scheme.version + 1) if scheme else 1,
        definition=definition,
        is_active=True,
        reason=reason or "",
        created_by=_actor_user(actor),
    )
    policy.require(actor, "add", new)
    if scheme is not None:
        if schemes.normalize(scheme.definition) == definition:
            return scheme
        latest = Scheme.objects.filter(key=scheme.key).order_by("-version").first()
        new.version = latest.version + 1
        for old in Scheme.objects.filter(key=scheme.key, is_active=True):
            old.is_active = False
            stamp_history(old, actor=actor, reason=reason or _("新版本替代"))
            old.save()
    full_clean_or_raise(new, exclude=["key"])
    stamp_history(new, actor=actor, reason=reason)
    new.save()
    return new


def scheme_import(*, actor, text: str, fmt: str, reason: str | None = None) -> Scheme:
    definition = schemes.load(text, fmt)
    existing = None
    region_code = str(definition.get("region") or "")
    if definition.get("name") and definition.get("year") and region_code:
        existing = (
            Scheme.objects.filter(
                name=str(definition["name"]).strip(),
                year=definition["year"],
                region__code=region_code,
                is_active=True,
            )
            .order_by("-version")
            .first()
        )
    return scheme_save(actor=actor, scheme=existing, definition=definition, reason=reason or _("导入"))


@transaction.atomic
def scheme_delete(*, actor, scheme: Scheme) -> None:
    policy.require(actor, "delete", scheme)
    versions = Scheme.objects.filter(key=scheme.key)
    if Run.objects.filter(scheme__in=versions).exists():
        raise DomainError(_("该方案已有考核结果，不能删除。"))
    for v in versions:
        stamp_history(v, actor=actor)
        v.delete()


# --- runs -------------------------------------------------------------------------------


def _compute(scheme_definition: dict, year: int, region, exclude_run_id=None, cluster=None):
    subject = subjects.for_definition(scheme_definition)
    kwargs = {"exclude_run_id": exclude_run_id}
    if cluster is not None:
        kwargs["cluster"] = cluster
    inputs = subject.read_inputs(scheme_definition, year, region, **kwargs)
    rows = engine.compute(scheme_definition, inputs)
    return inputs, rows


def _store_results(run: Run, rows) -> None:
    subject = subjects.for_definition(run.definition)
    ids = subject.ids([r.cluster for r in rows])
    Result.objects.bulk_create(
        [
            Result(
                run=run,
                cluster_id=ids[r.cluster][0] if subject.store_cluster else None,
                subject_kind=subject.kind,
                subject_id=ids[r.cluster][0],
                subject_code=r.cluster,
                subject_name=ids[r.cluster][1],
                klass=r.klass or "",
                excluded=r.excluded,
                exclude_reasons=r.exclude_reasons,
                score=r.score,
                rank=r.rank,
                star=r.star,
                previous_rank=r.previous_rank,
                previous_star=r.previous_star,
                below_threshold=r.below_threshold,
                below_threshold_years=r.below_threshold_years,
                outcome=r.outcome or "",
                vetoed=r.vetoed,
                veto_reasons=r.veto_reasons,
                flags=r.flags,
                points={k: str(v) for k, v in r.points.items()},
                dimension_points={k: str(v) for k, v in r.dimension_points.items()},
                deductions=r.deductions,
            )
            for r in rows
        ],
        batch_size=500,
    )


@transaction.atomic
def run_create(*, actor, scheme: Scheme, year: int | None = None, save: bool = True, cluster=None) -> Run:
    year = int(year or scheme.year)
    run = Run(
        scheme=scheme,
        scheme_version=scheme.version,
        definition=scheme.definition,
        year=year,
        region=scheme.region,
        subject=subjects.kind_of(scheme.definition),
        cluster=cluster,
        status=RunStatus.DRAFT,
        created_by=_actor_user(actor),
    )
    policy.require(actor, "add", run)
    inputs, rows = _compute(scheme.definition, year, scheme.region, cluster=cluster)
    run.inputs = inputs
    run.input_hash = engine.input_hash(inputs)
    run.rows = rows
    if not save:
        return run
    stamp_history(run, actor=actor)
    run.save()
    _store_results(run, rows)
    return run


@transaction.atomic
def run_recompute(*, actor, run: Run) -> Run:
    """Re-read the data and compute again. Published runs never change: a new draft."""
    run = Run.objects.select_for_update().select_related("scheme", "region").get(pk=run.pk)
    if run.status == RunStatus.PUBLISHED:
        new = Run(
            scheme=run.scheme,
            scheme_version=run.scheme_version,
            definition=run.definition,
            year=run.year,
            region=run.region,
            subject=run.subject,
            cluster=run.cluster,
            status=RunStatus.DRAFT,
            created_by=_actor_user(actor),
            recomputed_from=run,
        )
        policy.require(actor, "add", new)
        inputs, rows = _compute(run.definition, run.year, run.region, cluster=run.cluster)
        new.inputs, new.input_hash = inputs, engine.input_hash(inputs)
        stamp_history(new, actor=actor, reason=_("重新计算"))
        new.save()
        _store_results(new, rows)
        new.rows = rows
        return new
    policy.require(actor, "add", run)
    inputs, rows = _compute(run.definition, run.year, run.region, exclude_run_id=run.pk, cluster=run.cluster)
    run.inputs, run.input_hash = inputs, engine.input_hash(inputs)
    stamp_history(run, actor=actor, reason=_("重新计算"))
    run.save()
    run.results.all().delete()
    _store_results(run, rows)
    run.rows = rows
    return run


@transaction.atomic
def run_publish(*, actor, run: Run, reason: str | None = None, **options) -> Run:
    """Publish a draft run: it becomes the one published run of its scheme, region and year (an
    earlier one is marked 已被替代 and linked to it, which needs a reason), and its results take
    effect on the clusters (apply_results). A subject kind may guard its runs
    (Subject.before_publish): the per-亩 evaluation is published only by finishing its 公示
    (land.services.evaluation_finalize)."""
    policy.require(actor, "publish", run)
    given = run
    run = Run.objects.select_for_update().select_related("scheme", "region").get(pk=run.pk)
    if run.status != RunStatus.DRAFT:
        raise DomainError(_("该考核结果已发布。"), code="invalid_state")
    guard = subjects.REGISTRY.get(run.subject)
    if guard is not None and guard.before_publish is not None:
        guard.before_publish(run, **options)
    reason = (reason or "").strip()
    earlier = list(
        Run.objects.select_for_update()
        .filter(scheme=run.scheme, region=run.region, year=run.year, status=RunStatus.PUBLISHED)
        .exclude(pk=run.pk)
    )
    if earlier and not reason:
        raise DomainError(
            _("%(year)s年已有发布的考核结果（批次 #%(ids)s），再次发布须填写理由，原结果将标记为已被替代。")
            % {"year": run.year, "ids": "、#".join(str(r.pk) for r in earlier)},
            field="reason",
            code="reason_required",
        )
    run.status = RunStatus.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = _actor_user(actor)
    run.publish_reason = reason
    stamp_history(run, actor=actor, reason=reason or _("发布"))
    run.save()
    for old in earlier:
        old.status = RunStatus.SUPERSEDED
        old.superseded_by = run
        stamp_history(old, actor=actor, reason=_("被批次 #%(id)s 替代：%(r)s") % {"id": run.pk, "r": reason})
        old.save(update_fields=["status", "superseded_by"])
    apply_results(actor=actor, run=run)
    given.status, given.published_at, given.published_by = run.status, run.published_at, run.published_by
    given.publish_reason = run.publish_reason
    return run


def apply_results(*, actor, run: Run) -> list:
    """Write a published cluster run's consequences to the clusters, as the province's annual
    assessment does: the new star level (晋位升级 or lowered) and, below the threshold, the
    status 省定产业集聚区 → 市级专业园区 (有进有出); each change is a history record naming the
    run. A cluster without a rank for missing data (数据缺失) is left as it is. Returns the
    changed clusters. A monthly comparison (月评比: a run whose scheme names a month) ranks and
    is published like any run, but star levels and the status follow only the year's
    assessment, so it changes no cluster."""
    from clusterzone.registry.choices import ClusterStatus
    from clusterzone.registry.models import Cluster

    if run.period:
        return []
    results = list(Result.objects.filter(run=run, cluster__isnull=False).select_related("cluster"))
    if not results:
        return []
    has_stars = bool((run.definition or {}).get("stars"))
    has_threshold = bool((run.definition or {}).get("threshold"))
    label = _("%(scheme)s %(year)s年考核结果（批次 #%(id)s）") % {
        "scheme": run.scheme.name,
        "year": run.year,
        "id": run.pk,
    }
    changed = []
    locked = {
        c.pk: c for c in Cluster.objects.select_for_update().filter(pk__in=[r.cluster_id for r in results])
    }
    for r in results:
        if r.rank is None and not r.vetoed:
            continue  # 数据缺失: not ranked, no outcome
        cluster = locked[r.cluster_id]
        notes = []
        if has_stars and not r.vetoed and cluster.star != r.star:
            word = _("晋位升级") if r.star > cluster.star else _("降低星级")
            notes.append(_("%(word)s：%(a)s星 → %(b)s星") % {"word": word, "a": cluster.star, "b": r.star})
            cluster.star = r.star
        if has_threshold and r.below_threshold and cluster.status == ClusterStatus.PROVINCIAL:
            cluster.status = ClusterStatus.CITY_PARK
            notes.append(_("低于门槛标准，调整为市级专业园区"))
        if notes:
            stamp_history(cluster, actor=actor, reason=f"{label}：" + "；".join(str(n) for n in notes))
            cluster.save()
            changed.append(cluster)
    return changed


@transaction.atomic
def run_delete(*, actor, run: Run) -> None:
    policy.require(actor, "delete", run)
    run = Run.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.DRAFT:
        raise DomainError(_("已发布的考核结果不能删除。"), code="invalid_state")
    stamp_history(run, actor=actor)
    run.delete()


# --- the office's inputs ----------------------------------------------------------------

INPUT_FIELDS = ("kind", "cluster", "year", "name", "points", "count", "evidence", "reason")


@transaction.atomic
def input_save(*, actor, instance: AssessmentInput | None = None, data: dict, reason: str | None = None):
    creating = instance is None
    if not creating:
        policy.require(actor, "change", instance)
    obj = instance or AssessmentInput(created_by=_actor_user(actor))
    for k, v in data.items():
        if k in INPUT_FIELDS:
            setattr(obj, k, v)
    policy.require(actor, "add" if creating else "change", obj)
    errors: dict[str, list[str]] = {}
    if not str(obj.name or "").strip():
        errors["name"] = [_("名称不能为空。")]
    if obj.kind == InputKind.MANUAL:
        if obj.points is None or obj.points < 0:
            errors["points"] = [_("评议得分必须是非负数。")]
        if not str(obj.reason or "").strip():
            errors["reason"] = [_("评议打分必须填写理由。")]
    elif obj.kind == InputKind.DEDUCTION:
        if obj.points is not None and obj.points <= 0:
            errors["points"] = [_("扣分值必须为正数（按次扣减）。")]
        if not obj.count or obj.count < 1:
            errors["count"] = [_("次数至少为1。")]
        if not str(obj.evidence or "").strip():
            errors["evidence"] = [_("扣分必须填写依据。")]
    elif obj.kind == InputKind.VETO:
        if not str(obj.evidence or "").strip():
            errors["evidence"] = [_("一票否决必须填写依据。")]
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError(first, errors=errors)
    full_clean_or_raise(obj)
    stamp_history(obj, actor=actor, reason=reason)
    obj.save()
    return obj


@transaction.atomic
def input_delete(*, actor, instance: AssessmentInput, reason: str | None = None) -> None:
    policy.require(actor, "delete", instance)
    stamp_history(instance, actor=actor, reason=reason)
    instance.delete()
