"""The half-monthly report item by item (seed 003: "每月2日、17日…基础设施建设情况、新入驻企业及新上
项目情况、争取上级资金情况").

A half-monthly data set is reported through its items (models.ReportItem): infrastructure
projects under way with the investment completed in the half-month, the enterprises that
settled, the new projects, the superior funds won, and the narrative (工作进展, 存在问题,
下步打算). The report's summary figures are computed from the items, never typed a second
time: each indicator in ITEM_INDICATORS is the year-to-date total of the cluster's items in
the data set's submissions of the year up to this one (flows are reported 1–N cumulative).

On approval, an enterprise entered by name is created in the registry and a project entered
by name in the project library, and the item is linked to the record created.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import stamp_history

from .choices import ReportItemKind as K
from .choices import SubmissionAction, SubmissionStatus
from .models import ReportItem, Submission

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)

# indicator code → (item kind, aggregate over the items, filter); year-to-date totals
ITEM_INDICATORS: dict[str, tuple[str, object]] = {
    "fai_infrastructure": (K.INFRASTRUCTURE, Sum("investment", filter=Q(kind=K.INFRASTRUCTURE))),
    "projects_settled": (K.PROJECT, Count("id", filter=Q(kind=K.PROJECT))),
    "projects_started": (K.PROJECT, Count("id", filter=Q(kind=K.PROJECT, started=True))),
    "enterprises_settled": (K.ENTERPRISE, Count("id", filter=Q(kind=K.ENTERPRISE))),
    "superior_funds": (K.FUND, Sum("amount", filter=Q(kind=K.FUND))),
}
SECTIONS = [K.INFRASTRUCTURE, K.ENTERPRISE, K.PROJECT, K.FUND, K.PROGRESS, K.PROBLEM, K.PLAN]
NARRATIVE = (K.PROGRESS, K.PROBLEM, K.PLAN)


def Enterprise_model():  # noqa: N802
    return apps.get_model("registry", "Enterprise")


def itemised(dataset) -> bool:
    """The data set is reported item by item (its setting 按明细填报; the half-monthly report
    of seed 003 has it)."""
    return bool(dataset.itemised)


def computed_codes(dataset) -> list[str]:
    """The data set's indicators whose figures are computed from the items."""
    if not itemised(dataset):
        return []
    return [
        it.indicator.code
        for it in dataset.items.select_related("indicator")
        if it.indicator.code in ITEM_INDICATORS
    ]


# --- reading --------------------------------------------------------------------------------


def submission_items(submission: Submission) -> list[ReportItem]:
    return list(
        ReportItem.objects.filter(submission=submission)
        .select_related("project", "enterprise", "problem")
        .order_by("kind", "order", "id")
    )


@dataclass
class Section:
    kind: str
    label: str
    items: list


def sections(submission: Submission) -> list[Section]:
    items = submission_items(submission)
    return [Section(k.value, k.label, [i for i in items if i.kind == k]) for k in SECTIONS]


def _ytd_qs(submission: Submission):
    return ReportItem.objects.filter(
        submission__cluster_id=submission.cluster_id,
        submission__dataset_id=submission.dataset_id,
        submission__period_end__year=submission.period_end.year,
        submission__period_end__lte=submission.period_end,
    )


def totals(submission: Submission) -> dict[str, dict[str, Decimal]]:
    """{"period": {code: value}, "ytd": {code: value}}: the half-month's own items and the
    year to date (two queries)."""
    aggs = {code: agg for code, (_kind, agg) in ITEM_INDICATORS.items()}

    def run(qs):
        row = qs.aggregate(**aggs)
        return {c: Decimal(row[c] or 0) for c in ITEM_INDICATORS}

    return {
        "period": run(ReportItem.objects.filter(submission=submission)),
        "ytd": run(_ytd_qs(submission)),
    }


def item_history(submission: Submission) -> list[dict]:
    """Every change of the report's items, newest first: who, when, what (added, changed,
    deleted), the reason and, for a change, each field's value before and after (one query)."""
    rows = list(
        ReportItem.history.filter(submission_id=submission.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    out, previous = [], {}
    for h in rows:
        before = previous.get(h.id)
        changes = []
        if before is not None and h.history_type == "~":
            for name in ITEM_FIELDS:
                attname = f"{name}_id" if name in ("project", "enterprise") else name
                old, new = getattr(before, attname), getattr(h, attname)
                if old != new:
                    changes.append({"field": name, "old": _text(old), "new": _text(new)})
        previous[h.id] = h
        user = h.history_user
        out.append(
            {
                "item": h.id,
                "kind": h.kind,
                "action": {"+": "add", "~": "change", "-": "delete"}[h.history_type],
                "at": h.history_date,
                "user": (getattr(user, "full_name", "") or user.get_username()) if user else "",
                "reason": h.history_change_reason or "",
                "changes": changes,
            }
        )
    out.sort(key=lambda r: r["at"], reverse=True)
    return out


def _text(value) -> str:
    return "" if value is None else str(value)


# --- writing --------------------------------------------------------------------------------


def _require_editable(actor, submission: Submission) -> Submission:
    from .services import _require

    _require(actor, "change", submission)
    fresh = Submission.objects.select_for_update().select_related("dataset", "cluster").get(pk=submission.pk)
    if fresh.status not in EDITABLE:
        raise DomainError(_("报表已%(s)s，不能修改明细。") % {"s": fresh.get_status_display()}, code="state")
    if not itemised(fresh.dataset):
        raise DomainError(_("该报表不按明细填报。"), field="kind")
    return fresh


def _decimal(value, field: str, label: str, *, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise DomainError(_("请填写%(f)s。") % {"f": label}, field=field)
        return None
    try:
        d = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise DomainError(_("%(f)s“%(v)s”不是数字。") % {"f": label, "v": value}, field=field)
    if d < 0:
        raise DomainError(_("%(f)s不能为负数。") % {"f": label}, field=field)
    return d


def _clean(submission: Submission, data: dict, *, registered_codes: set | None = None) -> ReportItem:
    """The item `data` describes, checked; `registered_codes` (the credit codes already in the
    registry, when the caller has loaded them in bulk) saves a query."""
    kind = data.get("kind") or ""
    if kind not in K.values:
        raise DomainError(_("未知的栏目“%(k)s”。") % {"k": kind}, field="kind")
    item = ReportItem(submission=submission, kind=kind)
    name = (data.get("name") or "").strip()
    project, enterprise = data.get("project"), data.get("enterprise")
    for obj, field, label in ((project, "project", _("项目")), (enterprise, "enterprise", _("企业"))):
        if obj is not None and obj.cluster_id != submission.cluster_id:
            raise DomainError(_("%(l)s应属于本集聚区。") % {"l": label}, field=field)
    if kind in NARRATIVE:
        item.text = (data.get("text") or "").strip()
        if not item.text:
            raise DomainError(_("请填写内容。"), field="text")
        return item
    item.text = (data.get("text") or "").strip()
    if kind == K.FUND:
        item.fund_source = (data.get("fund_source") or "").strip()
        item.programme = (data.get("programme") or "").strip()
        if not item.fund_source:
            raise DomainError(_("请填写资金来源。"), field="fund_source")
        if not item.programme:
            raise DomainError(_("请填写资金项目（专项）。"), field="programme")
        item.amount = _decimal(data.get("amount"), "amount", _("金额（万元）"), required=True)
        item.project = project
        return item
    if kind == K.ENTERPRISE:
        if enterprise is None and not name:
            raise DomainError(_("请从企业名录中选择企业，或填写企业名称。"), field="name")
        item.enterprise, item.name = enterprise, "" if enterprise else name
        code = (data.get("credit_code") or "").strip().upper()
        if not enterprise and not code:
            raise DomainError(
                _("未入库的企业须填写统一社会信用代码（审核通过后据此登记入企业名录）。"), field="credit_code"
            )
        if not enterprise and (
            code in registered_codes
            if registered_codes is not None
            else Enterprise_model().objects.filter(credit_code=code).exists()
        ):
            raise DomainError(
                _("统一社会信用代码“%(c)s”已在企业名录中，请直接选择该企业。") % {"c": code},
                field="credit_code",
            )
        if code and not enterprise:
            from clusterzone.registry.models import validate_credit_code

            try:
                validate_credit_code(code)
            except ValidationError as exc:
                raise DomainError(" ".join(exc.messages), field="credit_code")
            item.credit_code = code
        return item
    # infrastructure or project: chosen from the project library or entered
    if project is None and not name:
        raise DomainError(_("请从项目库中选择项目，或填写项目名称。"), field="name")
    item.project, item.name = project, "" if project else name
    item.investment = _decimal(
        data.get("investment"),
        "investment",
        _("本半月完成投资（万元）") if kind == K.INFRASTRUCTURE else _("总投资（万元）"),
        required=kind == K.INFRASTRUCTURE,
    )
    item.started = bool(data.get("started")) and kind == K.PROJECT
    return item


@transaction.atomic
def item_add(*, actor, submission: Submission, data: dict) -> ReportItem:
    """Add one item; the report's summary figures are recomputed from the items."""
    fresh = _require_editable(actor, submission)
    item = _clean(fresh, data)
    item.order = ReportItem.objects.filter(submission=fresh, kind=item.kind).count() + 1
    stamp_history(item, actor=actor, reason=_("填报明细"))
    item.save()
    recompute(actor=actor, submission=fresh)
    _sync(submission, fresh)
    return item


ITEM_FIELDS = (
    "project", "enterprise", "name", "credit_code", "investment", "started",
    "fund_source", "programme", "amount", "text",
)  # fmt: skip


@transaction.atomic
def item_update(*, actor, item: ReportItem, data: dict) -> ReportItem:
    """Change one item (its section stays); the report's summary figures are recomputed
    from the items and the change is kept in the item's history."""
    fresh = _require_editable(actor, item.submission)
    data = {**data, "kind": item.kind}
    if item.kind == K.ENTERPRISE and item.enterprise_id is None and data.get("enterprise") is None:
        # the item's own entry is not "already in the registry"
        data.setdefault("credit_code", item.credit_code)
    cleaned = _clean(fresh, data)
    for name in ITEM_FIELDS:
        setattr(item, name, getattr(cleaned, name))
    stamp_history(item, actor=actor, reason=(data.get("reason") or "").strip() or _("修改明细"))
    item.save()
    recompute(actor=actor, submission=fresh)
    _sync(item.submission, fresh)
    return item


@transaction.atomic
def item_delete(*, actor, item: ReportItem) -> None:
    fresh = _require_editable(actor, item.submission)
    stamp_history(item, actor=actor, reason=_("删除明细"))
    item.delete()
    recompute(actor=actor, submission=fresh)
    _sync(item.submission, fresh)


def _sync(target: Submission, source: Submission) -> None:
    target.version, target.updated_at = source.version, source.updated_at


def recompute(*, actor, submission: Submission) -> dict[str, Decimal]:
    """Write the data set's item-computed indicators (year to date) as the report's values,
    with history; returns the figures written."""
    from . import services, validation
    from .models import SubmissionEvent

    codes = computed_codes(submission.dataset)
    if not codes:
        return {}
    ytd = totals(submission)["ytd"]
    ctx = validation.load_context(submission)
    figures = {c: ytd[c] for c in codes}
    n = services._write_values(submission, ctx, figures, actor=actor, reason=_("由报表明细计算"))
    Submission.objects.filter(pk=submission.pk).update(version=submission.version + 1)
    submission.refresh_from_db(fields=["version", "updated_at"])
    if n:
        SubmissionEvent.objects.create(
            submission=submission,
            action=SubmissionAction.SAVE,
            actor=actor if getattr(actor, "pk", None) else None,
            reason=_("由报表明细计算%(n)s项数据") % {"n": n},
            from_status=submission.status,
            to_status=submission.status,
        )
    return figures


@transaction.atomic
def item_raise_problem(*, actor, item: ReportItem, category: str, responsible_unit, deadline_days: int = 10):
    """Raise a 存在问题 item into the problem ledger (once); returns the problem."""
    if item.kind != K.PROBLEM:
        raise DomainError(_("只有“存在问题”栏目的内容可以转入问题台账。"), field="kind")
    if item.problem_id:
        return item.problem
    from clusterzone.supervision.services import problem_raise

    sub = item.submission
    problem = problem_raise(
        actor=actor,
        cluster=sub.cluster,
        title=item.text[:200],
        category=category,
        responsible_unit=responsible_unit,
        description=_("来自%(r)s") % {"r": str(sub)},
        deadline_days=deadline_days,
        source_key=f"report-item:{item.pk}",
        reason=_("由半月报“存在问题”转入"),
    )
    item.problem = problem
    stamp_history(item, actor=actor, reason=_("转入问题台账"))
    item.save(update_fields=["problem"])
    return problem


def materialise(*, actor, submission: Submission) -> dict[str, int]:
    """On approval: create the registry entries of enterprises and the project-library entries
    of projects that were entered by name, and link the items to them."""
    created = {"enterprises": 0, "projects": 0}
    if not itemised(submission.dataset):
        return created
    items = ReportItem.objects.filter(submission=submission, name__gt="").filter(
        Q(kind=K.ENTERPRISE, enterprise__isnull=True) | Q(kind=K.PROJECT, project__isnull=True)
    )
    for item in items:
        reason = _("%(r)s审核通过，由明细登记") % {"r": str(submission)}
        if item.kind == K.ENTERPRISE:
            ent = Enterprise_model()(
                name=item.name, cluster=submission.cluster, credit_code=item.credit_code or None
            )
            stamp_history(ent, actor=actor, reason=reason)
            ent.save()
            item.enterprise, item.name = ent, ""
            created["enterprises"] += 1
        else:
            from clusterzone.projects.choices import Stage
            from clusterzone.projects.services import project_create

            day = submission.period_end
            data = {
                "name": item.name,
                "cluster": submission.cluster,
                "stage": Stage.STARTED if item.started else Stage.SIGNED,
                "sign_date": day,
                "total_investment": item.investment or Decimal(0),
            }
            if item.started:
                data["start_date"] = day
            item.project, item.name = project_create(actor=actor, data=data, reason=reason), ""
            created["projects"] += 1
        stamp_history(item, actor=actor, reason=reason)
        item.save()
    return created
