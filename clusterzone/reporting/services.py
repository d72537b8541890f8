"""Writes of statistical reporting: submissions, their values and their workflow.

States: 草稿 (draft) → 已上报 (submitted) → 已审核 (approved, locked), or 退回 (returned, with
a reason) from submitted; an approved submission is reopened (reason required) by the office.
The reporter of the cluster's committee (or the office) enters and submits; the joint-meeting
office of the cluster's region approves, returns and reopens (accounts.policy, kind
"submission").

Every service is keyword-only and atomic, asks the policy first, raises DomainError with a
Chinese message on bad input or state, saves rows one by one so django-simple-history keeps
who, when, old and new value, and writes a SubmissionEvent for each transition.

`actor=None` is the system (the administrator's command line, e.g. the statistics bureau's
bulk load): no permission check, history without a user, as in core.importing.

Concurrent edits: every save names the version it was based on; the version is bumped by a
compare-and-set UPDATE, so of two saves based on the same version the second is refused with
"该报表已被他人修改（版本N），请刷新后重新填写。" and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts import policy
from clusterzone.core.bulk import insert_rows
from clusterzone.core.exceptions import DomainError
from clusterzone.core.periods import Period, PeriodError
from clusterzone.core.services import bulk_history, full_clean_or_raise, stamp_history

from . import validation
from .choices import SubmissionAction, SubmissionStatus
from .models import DataSet, Submission, SubmissionEvent, Value
from .validation import ValidationReport

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


def _require(actor, action: str, submission: Submission) -> None:
    if actor is None:  # the system (command line): no permission check
        return
    policy.require(actor, action, submission)


def _actor(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _event(submission: Submission, action: str, actor, *, reason: str = "", from_status: str = ""):
    return SubmissionEvent.objects.create(
        submission=submission,
        action=action,
        actor=_actor(actor),
        reason=reason or "",
        from_status=from_status,
        to_status=submission.status,
    )


def _fresh(submission: Submission) -> Submission:
    """Re-read the row inside the transaction (locked where the database can)."""
    return Submission.objects.select_for_update().select_related("dataset", "cluster").get(pk=submission.pk)


def _sync(target: Submission, source: Submission) -> None:
    for f in ("status", "version", "comment", "return_reason", "submitted_at", "approved_at", "updated_at"):
        setattr(target, f, getattr(source, f))


def _state_error(submission: Submission) -> DomainError:
    if submission.status == SubmissionStatus.APPROVED:
        return DomainError(_("该报表已审核通过并锁定，不能修改；如需更正，请联席办重新打开。"), code="locked")
    if submission.status == SubmissionStatus.SUBMITTED:
        return DomainError(
            _("该报表已上报，正在等待审核，不能修改；如需修改，请联系联席办退回。"), code="state"
        )
    return DomainError(_("该报表当前状态（%(s)s）不允许此操作。") % {"s": submission.get_status_display()})


def _save_transition(submission: Submission, actor, reason: str | None = None) -> None:
    submission.version += 1  # the row is locked by _fresh(): no lost update
    stamp_history(submission, actor=actor, reason=reason)
    submission.save()


# --- open -----------------------------------------------------------------------------------


@transaction.atomic
def submission_open(*, actor, dataset: DataSet, cluster, period) -> Submission:
    """The submission of `cluster` for `dataset` and `period`, created (as a draft) if needed."""
    try:
        p = Period.parse(period)
    except PeriodError as exc:
        raise DomainError(str(exc), field="period")
    if p.kind != dataset.period_kind:
        raise DomainError(
            _("期间“%(p)s”与报表“%(ds)s”的报送周期（%(kind)s）不符。")
            % {"p": p, "ds": dataset.name, "kind": dataset.get_period_kind_display()},
            field="period",
        )
    existing = (
        Submission.objects.select_related("dataset", "cluster", "cluster__region")
        .filter(dataset=dataset, cluster=cluster, period=str(p))
        .first()
    )
    if existing is not None:
        _require(actor, "view", existing)
        return existing
    submission = Submission(
        dataset=dataset,
        cluster=cluster,
        period=str(p),
        period_end=p.end,
        due_date=dataset.due_date(p),
    )
    _require(actor, "add", submission)
    if not dataset.is_active:
        raise DomainError(_("报表“%(ds)s”已停用。") % {"ds": dataset.name})
    from . import scope

    if not scope.in_scope(dataset, cluster, p):
        raise DomainError(scope.out_of_scope_message(dataset, cluster, p), field="cluster")
    full_clean_or_raise(submission, exclude=["dataset", "cluster"])
    stamp_history(submission, actor=actor, reason=_("创建报表"))
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:  # opened at the same moment by someone else
        return Submission.objects.get(dataset=dataset, cluster=cluster, period=str(p))
    _event(submission, SubmissionAction.CREATE, actor)
    return submission


# --- values ---------------------------------------------------------------------------------


def _write_values(
    submission: Submission,
    ctx: validation.Context,
    parsed: dict,
    *,
    actor,
    reason: str | None,
    meta: dict | None = None,
) -> int:
    """Save each changed value individually (history: who, when, old → new); returns the count.
    `meta`: {code: (prefill value, source, override reason)} of the pre-filled indicators."""
    meta = meta or {}
    existing = {
        v.indicator.code: v
        for v in Value.objects.filter(
            cluster_id=submission.cluster_id,
            period=submission.period,
            indicator__code__in=list(parsed),
        ).select_related("indicator")
    }
    changed = 0
    for code, new in parsed.items():
        row = existing.get(code)
        if new is None:
            if row is not None:
                stamp_history(row, actor=actor, reason=reason)
                row.delete()
                changed += 1
            continue
        fig = meta.get(code, (None, "", ""))
        if row is not None:
            same_meta = (row.prefill_value, row.prefill_source, row.override_reason) == fig
            if row.value == new and row.submission_id == submission.pk and same_meta:
                continue
            row.value = new
            row.submission = submission
        else:
            row = Value(
                submission=submission,
                cluster_id=submission.cluster_id,
                indicator=ctx.indicators[code],
                period=submission.period,
                year=ctx.period.year,
                value=new,
            )
        row.prefill_value, row.prefill_source, row.override_reason = fig
        stamp_history(row, actor=actor, reason=fig[2] or reason)
        row.save()
        changed += 1
    return changed


def _prepare(
    submission: Submission, values: dict, ctx: validation.Context | None = None
) -> tuple[validation.Context, dict, ValidationReport]:
    ctx = ctx or validation.load_context(submission)
    parsed, report = validation.parse_values(values or {}, ctx.indicators, submission.dataset.name)
    merged = dict(ctx.stored)
    merged.update(parsed)
    full = validation.validate(submission, merged, context=ctx)
    # only what the input touches or what blocks is reported against this save
    report.merge(full)
    return ctx, parsed, report


def _blocked(report: ValidationReport, ctx: validation.Context) -> DomainError:
    exc = DomainError(
        _("数据未保存：有%(n)s项错误，请修改后再保存。%(msgs)s")
        % {"n": len(report.error_messages()), "msgs": "；".join(report.error_messages())},
        code="invalid_values",
        errors=report.errors,
    )
    exc.report = report
    return exc


def _prefill_meta(
    submission: Submission, ctx: validation.Context, parsed: dict, overrides: dict | None
) -> dict:
    """{code: (prefill value, source, override reason)} for the entered indicators the platform
    pre-fills. A value that differs from the platform's figure needs a reason: the one given
    now, or the one kept with the same stored value. Refuses (DomainError keyed by indicator
    code) when a reason is missing."""
    from . import prefill

    figures = prefill.prefill_for(submission.dataset, submission.cluster, submission.period)
    wanted = [c for c in parsed if c in figures and parsed[c] is not None]
    if not wanted:
        return {}
    kept = {
        code: (value, why)
        for code, value, why in Value.objects.filter(
            cluster_id=submission.cluster_id, period=submission.period, indicator__code__in=wanted
        ).values_list("indicator__code", "value", "override_reason")
    }
    overrides = {k: (v or "").strip() for k, v in (overrides or {}).items()}
    meta, errors = {}, {}
    for code in wanted:
        fig, new = figures[code], parsed[code]
        reason = ""
        if new != fig.value:
            reason = overrides.get(code) or ""
            if not reason and code in kept and kept[code][0] == new:
                reason = kept[code][1]
            if not reason:
                errors[code] = [
                    _("“%(name)s”填报%(new)s，与平台记录（%(source)s）的%(fig)s不同：改写须填写原因。")
                    % {
                        "name": ctx.indicators[code].name,
                        "new": validation.fmt(new),
                        "source": fig.source,
                        "fig": validation.fmt(fig.value),
                    }
                ]
                continue
        meta[code] = (fig.value, fig.source[:200], reason)
    if errors:
        raise DomainError(
            "；".join(m for msgs in errors.values() for m in msgs),
            code="override_reason_required",
            errors=errors,
        )
    return meta


def _changes(ctx: validation.Context, parsed: dict) -> dict:
    out = {}
    for code, new in parsed.items():
        old = ctx.stored.get(code)
        if (old is None) != (new is None) or (old is not None and Decimal(old) != new):
            out[code] = new
    return out


@transaction.atomic
def submission_save_values(
    *,
    actor,
    submission: Submission,
    values: dict[str, object],
    version: int | None,
    comment: str | None = None,
    reason: str | None = None,
    overrides: dict[str, str] | None = None,
) -> ValidationReport:
    """Save entered values (raw strings accepted; "" or None clears a value).

    `overrides`: {indicator code: reason} for values that differ from the figure the
    platform pre-fills (prefill.SOURCES); such a value without a reason is refused.

    `version` is the submission version the entry was based on (None: no check — only for
    internal callers); a stale version is refused and nothing is written. Blocking errors
    write nothing and raise DomainError whose `errors` are keyed by indicator code (and whose
    `report` holds the warnings too). Returns the report (warnings to explain on submitting).
    """
    _require(actor, "change", submission)
    fresh = _fresh(submission)
    if fresh.status not in EDITABLE:
        raise _state_error(fresh)
    if version is not None and int(version) != fresh.version:
        raise DomainError(
            _("该报表已被他人修改（版本%(v)s），请刷新后重新填写。") % {"v": fresh.version},
            code="conflict",
            field="version",
        )
    ctx, parsed, report = _prepare(fresh, values)
    if report.errors:
        raise _blocked(report, ctx)
    from .items import computed_codes

    for code in computed_codes(fresh.dataset):  # figures of the report's items are not typed
        if code in parsed and parsed.pop(code) != ctx.stored.get(code):
            raise DomainError(
                _("“%(n)s”由报表明细汇总计算，请修改明细而不是直接填写。") % {"n": ctx.indicators[code].name},
                field=code,
            )
    meta = _prefill_meta(fresh, ctx, parsed, overrides)
    # compare-and-set: of two saves based on the same version only the first passes
    based_on = fresh.version if version is None else int(version)
    if not Submission.objects.filter(pk=fresh.pk, version=based_on).update(
        version=F("version") + 1, updated_at=timezone.now()
    ):
        current = Submission.objects.values_list("version", flat=True).get(pk=fresh.pk)
        raise DomainError(
            _("该报表已被他人修改（版本%(v)s），请刷新后重新填写。") % {"v": current},
            code="conflict",
            field="version",
        )
    fresh.version = based_on + 1
    changes = _changes(ctx, parsed)
    changes.update({code: parsed[code] for code in meta})  # the source or reason may change alone
    n = _write_values(fresh, ctx, changes, actor=actor, reason=reason, meta=meta)
    comment_changed = comment is not None and comment.strip() != fresh.comment
    if comment_changed:
        fresh.comment = comment.strip()
        stamp_history(fresh, actor=actor, reason=reason)
        fresh.save(update_fields=["comment", "updated_at"])
    if n or comment_changed:
        _event(
            fresh,
            SubmissionAction.SAVE,
            actor,
            reason=reason or _("修改%(n)s项数据") % {"n": n},
            from_status=fresh.status,
        )
    _sync(submission, fresh)
    return report


@transaction.atomic
def values_write_bulk(
    *,
    actor,
    submission: Submission,
    values: dict[str, Decimal | None],
    reason: str,
    context: validation.Context | None = None,
) -> ValidationReport:
    """Importers' write path (Excel exchange, bulk load): no version check, but the same
    validation and history. Values equal to what is stored are not rewritten; a file that
    changes nothing is accepted whatever the submission's state (idempotent re-import).
    `context`: a validation.Context the importer already built in bulk (saves its queries)."""
    _require(actor, "change", submission)
    fresh = _fresh(submission)
    ctx, parsed, report = _prepare(fresh, values, context)
    changes = _changes(ctx, parsed) if not report.errors else parsed
    if not changes and not report.errors:
        return report
    if fresh.status not in EDITABLE:
        raise _state_error(fresh)
    if report.errors:
        raise _blocked(report, ctx)
    n = _write_values(fresh, ctx, changes, actor=actor, reason=reason)
    Submission.objects.filter(pk=fresh.pk).update(version=F("version") + 1, updated_at=timezone.now())
    fresh.refresh_from_db(fields=["version", "updated_at"])
    _event(
        fresh,
        SubmissionAction.IMPORT,
        actor,
        reason=f"{reason}（{_('写入%(n)s项数据') % {'n': n}}）",
        from_status=fresh.status,
    )
    _sync(submission, fresh)
    return report


@dataclass
class ImportRow:
    """One cluster's changes for values_import_many: `submission` as read when the file was
    validated (None: to be opened), `changes` already validated (indicator code → value,
    None clears)."""

    cluster: object
    submission: Submission | None
    changes: dict[str, Decimal | None]
    key: object = None  # the caller's reference (e.g. the file row) for errors


class ImportConflict(DomainError):
    """A row changed between validation and write; `key` names the caller's row."""

    def __init__(self, message: str, *, key=None):
        super().__init__(message, code="conflict")
        self.key = key


@transaction.atomic
def values_import_many(
    *, actor, dataset: DataSet, period, indicators: dict, rows: list[ImportRow], reason: str
) -> dict[str, int]:
    """The importers' bulk write path: many clusters' validated changes for one data set and
    period, with the same locks, history and events as values_write_bulk, in a number of SQL
    statements that does not depend on the number of rows.

    The caller has checked scope, state and validation rules against what it read (all in
    bulk); here the submissions are locked and re-checked: a submission that was approved,
    submitted or saved by someone else since (its version moved), or opened meanwhile, stops
    the whole write with ImportConflict naming the row. Returns {"created", "updated",
    "values"} counts (submissions opened, submissions changed, values written)."""
    p = Period.parse(str(period))
    rows = [r for r in rows if r.changes]
    if not rows:
        return {"created": 0, "updated": 0, "values": 0}
    now = timezone.now()
    existing_ids = [r.submission.pk for r in rows if r.submission is not None]
    locked = {s.pk: s for s in Submission.objects.select_for_update().filter(pk__in=existing_ids)}
    for r in rows:
        if r.submission is None:
            continue
        current = locked.get(r.submission.pk)
        if current is None or current.version != r.submission.version or current.status not in EDITABLE:
            raise ImportConflict(
                _("%(cluster)s 的本期报表在校验后被他人修改（当前状态：%(s)s），请重新导入。")
                % {
                    "cluster": r.cluster.name,
                    "s": current.get_status_display() if current else _("已删除"),
                },
                key=r.key,
            )
    # open the missing submissions in one INSERT (plus their history and CREATE events)
    new_rows = [r for r in rows if r.submission is None]
    if new_rows and not dataset.is_active:
        raise DomainError(_("报表“%(ds)s”已停用。") % {"ds": dataset.name})
    opened = [
        Submission(
            dataset=dataset,
            cluster=r.cluster,
            period=str(p),
            period_end=p.end,
            due_date=dataset.due_date(p),
            created_at=now,
            updated_at=now,
        )
        for r in new_rows
    ]
    if opened:
        try:
            with transaction.atomic():
                Submission.objects.bulk_create(opened)
        except IntegrityError:
            raise ImportConflict(_("导入期间有其他用户同时建立了本期报表，请重新导入。"))
        bulk_history(Submission, opened, history_type="+", actor=actor, reason=_("创建报表"), when=now)
        for r, s in zip(new_rows, opened, strict=True):
            r.submission = s
    by_sub = {r.submission.pk: r for r in rows}
    # the values: one read, then one INSERT, one UPDATE and one DELETE in batches
    stored = {
        (v.cluster_id, v.indicator_id): v
        for v in Value.objects.filter(
            cluster_id__in=[r.cluster.pk for r in rows],
            period=str(p),
            indicator_id__in=[ind.pk for ind in indicators.values()],
        )
    }
    created, changed, deleted = [], [], []
    written: dict[int, int] = {}
    for r in rows:
        for code, new in r.changes.items():
            ind = indicators[code]
            row = stored.get((r.cluster.pk, ind.pk))
            if new is None:
                if row is not None:
                    deleted.append(row)
                    written[r.submission.pk] = written.get(r.submission.pk, 0) + 1
                continue
            if row is not None:
                if row.value == new and row.submission_id == r.submission.pk:
                    continue
                row.value, row.submission_id, row.updated_at = new, r.submission.pk, now
                changed.append(row)
            else:
                created.append(
                    {
                        "submission_id": r.submission.pk,
                        "cluster_id": r.cluster.pk,
                        "indicator_id": ind.pk,
                        "period": str(p),
                        "year": p.year,
                        "value": new,
                        "prefill_value": None,
                        "prefill_source": "",
                        "override_reason": "",
                        "updated_at": now,
                    }
                )
            written[r.submission.pk] = written.get(r.submission.pk, 0) + 1
    if created:
        for row, pk in zip(created, insert_rows(Value, created, want_ids=True), strict=True):
            row["id"] = pk
        bulk_history(Value, created, history_type="+", actor=actor, reason=reason, when=now)
    if changed:
        Value.objects.bulk_update(changed, ["value", "submission", "updated_at"], batch_size=500)
        bulk_history(Value, changed, history_type="~", actor=actor, reason=reason, when=now)
    if deleted:
        bulk_history(Value, deleted, history_type="-", actor=actor, reason=reason, when=now)
        # a raw DELETE: the deletion records above carry who and why; QuerySet.delete() would
        # add a second, anonymous record per row through simple_history's signal
        doomed = Value.objects.filter(pk__in=[v.pk for v in deleted])
        doomed._raw_delete(doomed.db)
    touched = [pk for pk in by_sub if written.get(pk)]
    Submission.objects.filter(pk__in=touched).update(version=F("version") + 1, updated_at=now)
    events = []
    for s in opened:
        events.append(
            SubmissionEvent(
                submission=s, action=SubmissionAction.CREATE, actor=_actor(actor), to_status=s.status
            )
        )
    for pk in touched:
        s = by_sub[pk].submission
        s.version += 1
        events.append(
            SubmissionEvent(
                submission_id=pk,
                action=SubmissionAction.IMPORT,
                actor=_actor(actor),
                reason=f"{reason}（{_('写入%(n)s项数据') % {'n': written[pk]}}）",
                from_status=s.status,
                to_status=s.status,
            )
        )
    SubmissionEvent.objects.bulk_create(events, batch_size=1000)
    return {
        "created": len(opened),
        "updated": len([pk for pk in touched if pk in locked]),
        "values": sum(written.values()),
    }


# --- workflow -------------------------------------------------------------------------------


@transaction.atomic
def submission_submit(*, actor, submission: Submission, comment: str = "") -> Submission:
    """Draft/returned → submitted. Blocking errors refuse; warnings need a 说明 (comment)."""
    _require(actor, "submit", submission)
    fresh = _fresh(submission)
    if fresh.status not in EDITABLE:
        raise _state_error(fresh)
    ctx = validation.load_context(fresh)
    if not any(code in ctx.stored for code in ctx.reported):
        raise DomainError(_("报表尚未填写任何数据，不能上报。"), code="empty")
    report = validation.validate(fresh, dict(ctx.stored), context=ctx)
    if report.errors:
        exc = DomainError(
            _("报表有%(n)s项错误，不能上报：%(msgs)s")
            % {"n": len(report.error_messages()), "msgs": "；".join(report.error_messages())},
            code="invalid_values",
            errors=report.errors,
        )
        exc.report = report
        raise exc
    comment = (comment or "").strip() or fresh.comment
    if report.warnings and not comment:
        exc = DomainError(
            _("以下%(n)s项需要填写说明后才能上报：%(msgs)s")
            % {"n": len(report.warning_messages()), "msgs": "；".join(report.warning_messages())},
            code="comment_required",
            field="comment",
        )
        exc.report = report
        raise exc
    before = fresh.status
    fresh.status = SubmissionStatus.SUBMITTED
    fresh.submitted_at = timezone.now()
    fresh.comment = comment
    _save_transition(fresh, actor)
    _event(fresh, SubmissionAction.SUBMIT, actor, reason=comment, from_status=before)
    _sync(submission, fresh)
    return submission


@transaction.atomic
def submission_approve(*, actor, submission: Submission) -> Submission:
    """Submitted → approved: the figures are locked."""
    _require(actor, "approve", submission)
    fresh = _fresh(submission)
    if fresh.status != SubmissionStatus.SUBMITTED:
        raise DomainError(
            _("只有已上报的报表才能审核（当前状态：%(s)s）。") % {"s": fresh.get_status_display()},
            code="state",
        )
    before = fresh.status
    fresh.status = SubmissionStatus.APPROVED
    fresh.approved_at = timezone.now()
    _save_transition(fresh, actor)
    event = _event(fresh, SubmissionAction.APPROVE, actor, from_status=before)
    from .items import materialise  # enterprises and projects entered in the report's items

    materialise(actor=actor, submission=fresh)
    _sync(submission, fresh)
    _notify("approved", fresh, event)
    return submission


def _notify(event: str, submission: Submission, occurrence) -> None:
    from .notify import submission_event

    submission_event(event, submission, occurrence=occurrence.pk)


def _reason(reason: str | None, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(message, code="reason_required", field="reason")
    return reason


@transaction.atomic
def submission_return(*, actor, submission: Submission, reason: str) -> Submission:
    """Submitted → returned to the reporter, with the reason."""
    _require(actor, "return", submission)
    reason = _reason(reason, _("退回报表必须填写退回原因。"))
    fresh = _fresh(submission)
    if fresh.status != SubmissionStatus.SUBMITTED:
        raise DomainError(
            _("只有已上报的报表才能退回（当前状态：%(s)s）。") % {"s": fresh.get_status_display()},
            code="state",
        )
    before = fresh.status
    fresh.status = SubmissionStatus.RETURNED
    fresh.return_reason = reason
    _save_transition(fresh, actor, reason)
    event = _event(fresh, SubmissionAction.RETURN, actor, reason=reason, from_status=before)
    _sync(submission, fresh)
    _notify("returned", fresh, event)
    return submission


@transaction.atomic
def submission_reopen(
    *, actor, submission: Submission, reason: str, to_status: str = SubmissionStatus.RETURNED
) -> Submission:
    """Approved → returned (default) or draft: unlocks the figures; the reason is recorded."""
    _require(actor, "reopen", submission)
    reason = _reason(reason, _("重新打开已审核的报表必须填写原因。"))
    if to_status not in EDITABLE:
        raise DomainError(_("重新打开后的状态只能是草稿或退回。"), field="to_status")
    fresh = _fresh(submission)
    if fresh.status != SubmissionStatus.APPROVED:
        raise DomainError(
            _("只有已审核的报表才需要重新打开（当前状态：%(s)s）。") % {"s": fresh.get_status_display()},
            code="state",
        )
    before = fresh.status
    fresh.status = to_status
    fresh.approved_at = None
    fresh.return_reason = reason
    _save_transition(fresh, actor, reason)
    _event(fresh, SubmissionAction.REOPEN, actor, reason=reason, from_status=before)
    _sync(submission, fresh)
    return submission


@transaction.atomic
def submission_force_status(*, actor, submission: Submission, status: str, reason: str) -> Submission:
    """The statistics bureau's bulk load: set submitted/approved without the reporter's steps,
    recorded as an IMPORT event. Already in that state: nothing happens (idempotent)."""
    if status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
        raise DomainError(_("批量导入只能将报表设为已上报或已审核。"), field="status")
    _require(actor, "approve" if status == SubmissionStatus.APPROVED else "submit", submission)
    reason = _reason(reason, _("批量设置报表状态必须填写原因。"))
    fresh = _fresh(submission)
    if fresh.status == status:
        _sync(submission, fresh)
        return submission
    if status == SubmissionStatus.SUBMITTED and fresh.status == SubmissionStatus.APPROVED:
        raise _state_error(fresh)
    before = fresh.status
    now = timezone.now()
    fresh.status = status
    fresh.submitted_at = fresh.submitted_at or now
    if status == SubmissionStatus.APPROVED:
        fresh.approved_at = now
    _save_transition(fresh, actor, reason)
    _event(fresh, SubmissionAction.IMPORT, actor, reason=reason, from_status=before)
    _sync(submission, fresh)
    return submission


@transaction.atomic
def reminder_send(*, actor, dataset: DataSet, period, clusters) -> list:
    """催报: remind the reporters of each cluster that has not yet reported the data set for
    the period; the reminder is recorded (who, when, how many reporters) and shown on the
    reporters' workbench. Clusters already reported (已上报/已审核) are skipped."""
    from clusterzone.accounts.choices import Role
    from clusterzone.accounts.models import User

    from .models import ReportReminder

    try:
        period = Period.parse(str(period))
    except PeriodError as exc:
        raise DomainError(str(exc), field="period")
    clusters = list(clusters)
    for cluster in clusters:
        if actor is not None and not policy.can(
            actor, "approve", Submission(dataset=dataset, cluster=cluster)
        ):
            raise DomainError(_("您不能催报“%(cluster)s”的报表。") % {"cluster": cluster.name})
    received = set(
        Submission.objects.filter(
            dataset=dataset,
            period=str(period),
            cluster__in=clusters,
            status__in=(SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED),
        ).values_list("cluster_id", flat=True)
    )
    pending = [c for c in clusters if c.pk not in received]
    if not pending:
        raise DomainError(_("所选集聚区均已上报，无需催报。"))
    reporters: dict[int, int] = {}
    for unit_id, roles in User.objects.filter(
        is_active=True, unit_id__in=[c.committee_id for c in pending if c.committee_id]
    ).values_list("unit_id", "roles"):
        if Role.CLUSTER_REPORTER in (roles or []):
            reporters[unit_id] = reporters.get(unit_id, 0) + 1
    sent_by = actor if getattr(actor, "pk", None) else None
    return ReportReminder.objects.bulk_create(
        [
            ReportReminder(
                dataset=dataset,
                cluster=c,
                period=str(period),
                sent_by=sent_by,
                recipients=reporters.get(c.committee_id, 0),
            )
            for c in pending
        ]
    )
