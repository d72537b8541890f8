"""Importers of statistical reporting, declared on core.importing.

Two sections, each owned by its author: TARGETS (annual targets, 集聚区代码/指标代码/年度/目标值)
and VALUES (the long table of figures, 集聚区代码/指标代码/期间/数值). The wide per-data-set
template and its import live in reporting/exchange.py.
"""

from __future__ import annotations

from collections import defaultdict as _defaultdict
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field

from django.db import transaction as _transaction
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _lazy

from clusterzone.accounts import policy as _policy
from clusterzone.core.exceptions import DomainError as _DomainError
from clusterzone.core.importing import Column as _Column
from clusterzone.core.importing import Importer as _Importer
from clusterzone.core.importing import ImportResult as _ImportResult
from clusterzone.core.importing import RowError as _RowError
from clusterzone.core.importing import columns as _c
from clusterzone.core.importing import register as _register

# =============================================================================================
# TARGETS importer section (annual targets, 目标责任书) — owned by the targets engineer.
# Columns: 集聚区代码, 指标代码, 年度, 目标值 [, 目标责任书文号]; `clusterzone import targets FILE`.
# Upsert key (cluster, indicator, year); writes through reporting.targets.target_save.
# =============================================================================================

TARGETS_KIND = "targets"

from . import targets as _target_services  # noqa: E402
from .models import Indicator as _TIndicator  # noqa: E402
from .models import Target as _Target  # noqa: E402


def parse_target_year(value) -> int:
    try:
        year = _c.parse_int(value)
    except _c.ParseError:
        year = None
    if year is None or not (_target_services.MIN_YEAR <= year <= _target_services.MAX_YEAR):
        raise _c.ParseError(
            _gettext("年度应为%(a)d—%(b)d之间的四位年份，如 2025。")
            % {"a": _target_services.MIN_YEAR, "b": _target_services.MAX_YEAR}
        )
    return year


def _target_cluster_model():
    from clusterzone.registry.models import Cluster

    return Cluster


class _AnnualTargetRows:
    """The rows of an annual-target file (a cluster's or a region's): keyed (owner, indicator,
    year), each key once per file, the stored target updated; no negative target where the
    indicator cannot be negative. `scope_column` is the owner's code column."""

    owner_field = "cluster"
    owner_label = _lazy("集聚区")

    def _load(self, plans, ctx):
        super()._load(plans, ctx)
        codes = {p.values.get(self.scope_column) for p in plans} - {None}
        years = {p.values.get("年度") for p in plans} - {None}
        stored = {}
        if codes and years:
            rows = self.queryset().filter(**{f"{self.owner_field}__code__in": codes, "year__in": years})
            for t in rows:
                stored[(getattr(t, self.owner_field).code, t.indicator.code, t.year)] = t
        ctx.loaded[(self.model, "key")] = stored
        ctx.loaded[(self.model, "seen")] = {}

    def find_existing(self, plan, ctx):
        key = (plan.values.get(self.scope_column), plan.values.get("指标代码"), plan.values.get("年度"))
        seen = ctx.loaded[(self.model, "seen")]
        if key in seen:
            self.error(
                plan,
                "指标代码",
                _gettext("与第%(row)d行重复（同一%(owner)s、指标、年度只能出现一次）。")
                % {"row": seen[key], "owner": self.owner_label},
            )
        else:
            seen[key] = plan.row
        return ctx.loaded[(self.model, "key")].get(key)

    def prepare(self, plan, ctx):
        indicator = plan.data.get("indicator")
        value = plan.data.get("value")
        if indicator is not None and value is not None and indicator.non_negative and value < 0:
            self.error(plan, "目标值", _gettext("“%(name)s”的目标值不能为负数。") % {"name": indicator.name})


@_register
class TargetImporter(_AnnualTargetRows, _Importer):
    """年度目标: one target per row. Upsert key (cluster, indicator, year); a row equal to
    the stored target is left alone, so importing the same file twice changes nothing."""

    kind = TARGETS_KIND
    title = _lazy("年度目标")
    model = _Target
    key_fields = ()  # composite key, handled in find_existing
    scope_column = "集聚区代码"
    select_related = ("cluster__region", "cluster__committee", "indicator")
    columns = [
        _c.code(
            "集聚区代码", "cluster", required=True, ref=_c.Ref(_target_cluster_model, "code", _lazy("集聚区")),
            pattern=r"[0-9A-Za-z][0-9A-Za-z\-]{1,19}", message=_lazy("集聚区代码格式不正确。"),
            example="41042301",
        ),
        _c.Column(
            "指标代码", "indicator", _c.parse_text, required=True, ref=_c.Ref(_TIndicator, "code", _lazy("指标")),
            fmt=_lazy("指标目录中的代码，如 fai、revenue"), example="fai",
        ),
        _c.Column("年度", "year", parse_target_year, required=True, fmt=_lazy("四位年份"), example="2025"),
        _c.decimal(
            "目标值", "value", required=True, aliases=("目标",), example="600000",
            help=_lazy("按指标的计量单位填写：金额为万元，如60亿填 600000"),
        ),
        _c.text("目标责任书文号", "document", aliases=("文号", "责任书文号"), example="鲁集聚〔2025〕1号"),
    ]  # fmt: skip
    notes = (_lazy("同一集聚区、指标、年度在文件中只能出现一次；已有目标按文件更新。"),)

    def save(self, plan, *, actor, reason):
        return _target_services.target_save(actor=actor, target=plan.instance, data=plan.data, reason=reason)

    def run(self, source, *, filename=None, actor=None, dry_run=False):
        """A file whose first column header is 行政区划代码 (in place of 集聚区代码) holds
        region targets: it is imported as such (RegionTargetImporter)."""
        from clusterzone.core.importing.readers import _read_bytes, read_sheet
        from clusterzone.core.importing.runner import _source_name, split_header

        filename = filename or _source_name(source)
        data = _read_bytes(source)
        try:
            header = [split_header(str(h or "").strip())[0] for h in read_sheet(data, filename).header]
        except Exception:  # unreadable: let the framework report it
            header = []
        if "行政区划代码" in header and "集聚区代码" not in header:
            return RegionTargetImporter().run(data, filename=filename, actor=actor, dry_run=dry_run)
        return super().run(data, filename=filename, actor=actor, dry_run=dry_run)


from .models import RegionTarget as _RegionTarget  # noqa: E402


def _region_model():
    from clusterzone.accounts.models import Region

    return Region


@_register
class RegionTargetImporter(_AnnualTargetRows, _Importer):
    """区域年度目标: a city's or county's own annual target, one per row. Upsert key (region,
    indicator, year); `clusterzone import targets FILE` with 行政区划代码 in place of 集聚区代码
    also lands here."""

    kind = "region-targets"
    title = _lazy("区域年度目标")
    model = _RegionTarget
    key_fields = ()
    scope_column = "行政区划代码"
    owner_field = "region"
    owner_label = _lazy("行政区划")
    select_related = ("region", "indicator")
    columns = [
        _c.code(
            "行政区划代码", "region", required=True, ref=_c.Ref(_region_model, "code", _lazy("行政区划")),
            pattern=r"[0-9]{6}", message=_lazy("行政区划代码应为6位数字，如 411700。"), example="411700",
        ),
        _c.Column(
            "指标代码", "indicator", _c.parse_text, required=True, ref=_c.Ref(_TIndicator, "code", _lazy("指标")),
            fmt=_lazy("指标目录中的代码，如 fai、revenue"), example="fai",
        ),
        _c.Column("年度", "year", parse_target_year, required=True, fmt=_lazy("四位年份"), example="2025"),
        _c.decimal(
            "目标值", "value", required=True, aliases=("目标",), example="9000000",
            help=_lazy("按指标的计量单位填写：金额为万元，如900亿填 9000000"),
        ),
        _c.text("目标文件文号", "document", aliases=("文号", "目标责任书文号"), example=""),
    ]  # fmt: skip
    notes = (_lazy("同一行政区划、指标、年度在文件中只能出现一次；已有目标按文件更新。"),)

    def save(self, plan, *, actor, reason):
        return _target_services.region_target_save(
            actor=actor, target=plan.instance, data=plan.data, reason=reason
        )


# (end of the TARGETS importer section)


# =============================================================================================
# VALUES importer section — the long table 集聚区代码, 指标代码, 期间, 数值
# =============================================================================================

VALUE_STATUSES = ("approved", "submitted")
_RANK = {"draft": 0, "returned": 0, "submitted": 1, "approved": 2}


@_dataclass
class _Group:
    """The rows of one submission: one cluster × data set × period."""

    dataset: object
    cluster: object
    period: object
    rows: list = _field(default_factory=list)  # (plan, indicator, value)
    submission: object = None
    changes: dict = _field(default_factory=dict)
    raise_status: bool = False
    skipped: bool = False


@_register
class ValuesImporter(_Importer):
    """指标数据 (long table): one figure per row. Each figure goes to the submission of its
    cluster, period and the data set holding its indicator for that period kind; values are
    written through reporting.services (history, IMPORT event) and the submission is then
    set to `status` — "submitted" (已上报) by default, or "approved" (已审核), which needs a
    named office user holding the approve right (recorded as the reviewer; never the system).
    A figure that differs from an approved (locked) or submitted one is an error naming the
    row: the office must reopen or return the report first. A report in a reporter's hands
    (draft or returned) is never overwritten unless `overwrite_drafts`: its rows are skipped
    and counted (`skipped`)."""

    kind = "values"
    title = _lazy("指标数据")
    model = None
    scope_column = "集聚区代码"
    columns = [
        _c.code(
            "集聚区代码", required=True, pattern=r"[0-9A-Za-z][0-9A-Za-z\-]{1,19}",
            message=_lazy("集聚区代码格式不正确。"), example="41042301",
        ),
        _c.code(
            "指标代码", required=True, pattern=r"[a-z][a-z0-9_]{1,39}", aliases=("指标",),
            message=_lazy("指标代码应为系统中的英文代码，如 revenue、fai。"), example="fai",
        ),
        _Column(
            "期间", None, None, required=True, aliases=("报告期", "统计期间"),
            fmt=_lazy("2025、2025Q1、2025-04、2025-04H1（半月报上半月）或 2025-04D1（旬报上旬）"), example="2025-04",
            text_format=True,
        ),
        _c.decimal("数值", required=True, aliases=("值", "本期数"), example="150000",
                   help=_lazy("按指标的计量单位填写；流量指标为1–N月累计数，存量指标为期末数")),
    ]  # fmt: skip
    notes = (
        _lazy("每行一个数据；同一集聚区、指标、期间在文件中只能出现一次。"),
        _lazy(
            "数据写入该指标所属报表（按期间类型确定）的本期报表，导入后报表状态为“已上报”"
            "（命令行 --approve 时由具有审核权限的联席办用户设为“已审核”，并记为审核人）。"
        ),
        _lazy(
            "填报人手中的报表（草稿或已退回）不会被覆盖，相应行跳过并计数（命令行 --overwrite-drafts 可覆盖）。"
        ),
        _lazy("与已审核（锁定）或已上报待审数据不同的值会被拒绝：请联席办先重新打开或退回该报表。"),
    )

    def __init__(self, status: str = "submitted", *, overwrite_drafts: bool = False, system_reason: str = ""):
        from .exchange import parse_period

        if status not in VALUE_STATUSES:
            raise _DomainError(
                _gettext("状态只能是 approved（已审核）或 submitted（已上报）。"), field="status"
            )
        self.status = status
        self.overwrite_drafts = overwrite_drafts
        self.system_reason = (system_reason or "").strip()
        self.columns = [
            _Column(col.header, col.field, parse_period, **_column_options(col))
            if col.header == "期间"
            else col
            for col in type(self).columns
        ]

    page_options = (
        ("approve", _lazy("导入后直接审核通过（需具有审核权限，您将记为审核人）")),
        ("overwrite_drafts", _lazy("覆盖填报人手中的报表（草稿或已退回）")),
    )

    def with_options(self, options) -> ValuesImporter:
        """The importer the import page runs: the page's check boxes, the CLI's rules."""
        return type(self)(
            status="approved" if options.get("approve") else "submitted",
            overwrite_drafts=bool(options.get("overwrite_drafts")),
        )

    @property
    def permission_model(self):
        """The model the import page asks the policy about (the importer writes submissions)."""
        from .models import Submission

        return Submission

    def queryset(self):  # pragma: no cover - the run below loads its own rows
        raise NotImplementedError

    # -- the run --

    def run(self, source, *, filename=None, actor=None, dry_run=False) -> _ImportResult:
        result, plans, present = self.read(source, filename=filename, dry_run=dry_run)
        if plans is None:
            return result
        filename = result.filename
        from . import exchange

        if self.status == "approved" and exchange.is_system(actor):
            result.errors.append(
                _RowError(
                    0,
                    "",
                    "",
                    _gettext("导入时审核通过需要指定具有审核权限的联席办用户（--user），系统身份不能审核。"),
                )
            )
            return result
        groups = self._validate(plans, actor)
        for plan in plans:
            result.errors.extend(plan.errors)
        if result.errors:
            result.errors.sort(key=lambda e: e.row)
            return result
        reason = _gettext("Excel导入：%(f)s") % {"f": filename}
        if self.system_reason:
            reason += _gettext("（系统导入原因：%(r)s）") % {"r": self.system_reason}
        with _transaction.atomic():
            for group in groups:
                if group.skipped:
                    result.skipped += len(group.rows)
                    continue
                try:
                    self._write_group(group, actor=actor, reason=reason)
                except _DomainError as exc:
                    plan = group.rows[0][0]
                    result.errors.append(_RowError(plan.row, "", "", exc.message))
                    break
                for _plan, indicator, _value in group.rows:
                    if indicator.code not in group.changes:
                        result.unchanged += 1
                    elif group.stored.get(indicator.code) is None:
                        result.created += 1
                    else:
                        result.updated += 1
            if result.errors or dry_run:
                _transaction.set_rollback(True)
        if result.errors:
            result.created = result.updated = result.unchanged = result.skipped = 0
        return result

    def _validate(self, plans, actor) -> list[_Group]:
        from clusterzone.registry.models import Cluster

        from . import exchange
        from .models import DataSet, DataSetIndicator, Indicator, Submission

        good = [p for p in plans if not p.errors]
        cluster_codes = {p.values["集聚区代码"] for p in good}
        indicator_codes = {p.values["指标代码"] for p in good}
        clusters = {
            cl.code: cl
            for cl in Cluster.objects.filter(code__in=list(cluster_codes)).select_related(
                "region", "committee"
            )
        }
        indicators = {i.code: i for i in Indicator.objects.filter(code__in=list(indicator_codes))}
        holders: dict[tuple[str, str], list] = _defaultdict(list)
        items = DataSetIndicator.objects.filter(
            indicator__code__in=list(indicator_codes), dataset__is_active=True
        ).select_related("dataset", "indicator")
        for item in items:
            holders[(item.indicator.code, item.dataset.period_kind)].append(item.dataset)
        dataset_ids = {ds.pk for found in holders.values() for ds in found}
        from . import scope as _scope

        scoped_datasets = {ds.pk: ds for found in holders.values() for ds in found}
        members = _scope.pairs(
            DataSet.objects.filter(pk__in=list(scoped_datasets)).select_related("region"),
            Cluster.objects.filter(pk__in=[cl.pk for cl in clusters.values()]),
        )
        periods = {p.values["期间"] for p in good}
        all_periods = {str(x) for p in periods for x in (p, p.previous, p.last_year)}
        stored = exchange.StoredValues([cl.pk for cl in clusters.values()], all_periods)
        submissions = {
            (s.dataset_id, s.cluster_id, s.period): s
            for s in Submission.objects.filter(
                dataset_id__in=dataset_ids,
                cluster_id__in=[cl.pk for cl in clusters.values()],
                period__in=[str(p) for p in periods],
            )
        }
        dataset_indicators = {
            ds_id: {} for ds_id in dataset_ids
        }  # dataset id → {code: Indicator}, the data set's own indicators
        for item in DataSetIndicator.objects.filter(
            dataset_id__in=dataset_ids, indicator__is_active=True
        ).select_related("indicator"):
            dataset_indicators[item.dataset_id][item.indicator.code] = item.indicator
        rules = exchange.active_rules(dataset_ids)

        seen: dict[tuple, int] = {}
        groups: dict[tuple, _Group] = {}
        for plan in good:
            code, ind_code, period, value = (
                plan.values["集聚区代码"],
                plan.values["指标代码"],
                plan.values["期间"],
                plan.values["数值"],
            )
            cluster = clusters.get(code)
            if cluster is None or (not exchange.is_system(actor) and not _policy.can(actor, "view", cluster)):
                self.error(plan, "集聚区代码", exchange._unknown_cluster(actor))
                continue
            indicator = indicators.get(ind_code)
            if indicator is None:
                self.error(plan, "指标代码", _gettext("系统中没有这个指标代码。"))
                continue
            if indicator.is_derived:
                self.error(
                    plan,
                    "指标代码",
                    _gettext("“%(name)s”是计算指标，由公式自动计算，不能导入。") % {"name": indicator.name},
                )
                continue
            found = holders.get((ind_code, period.kind), [])
            if not found:
                self.error(
                    plan,
                    "期间",
                    _gettext("没有按该期间类型（%(kind)s）报送“%(name)s”的报表。")
                    % {"kind": _kind_label(period.kind), "name": indicator.name},
                )
                continue
            if len(found) > 1:
                self.error(
                    plan,
                    "指标代码",
                    _gettext("“%(name)s”同时属于多张%(kind)s（%(ds)s），无法确定写入哪一张。")
                    % {
                        "name": indicator.name,
                        "kind": _kind_label(period.kind),
                        "ds": "、".join(ds.name for ds in found),
                    },
                )
                continue
            dataset = found[0]
            if (dataset.pk, cluster.pk) not in members:
                self.error(
                    plan,
                    "集聚区代码",
                    _gettext("该集聚区不在报表“%(ds)s”的报送范围内。") % {"ds": dataset.name},
                )
                continue
            if not _scope.owes(dataset, cluster, period):
                self.error(plan, "期间", _scope.out_of_scope_message(dataset, cluster, period))
                continue
            key = (cluster.pk, ind_code, str(period))
            if key in seen:
                self.error(
                    plan,
                    "数值",
                    _gettext("与第%(row)d行重复（同一集聚区、指标、期间只能有一个数值）。")
                    % {"row": seen[key]},
                )
                continue
            seen[key] = plan.row
            gkey = (dataset.pk, cluster.pk, str(period))
            group = groups.get(gkey)
            if group is None:
                group = groups[gkey] = _Group(dataset=dataset, cluster=cluster, period=period)
                group.submission = submissions.get(gkey)
                if group.submission is not None:
                    group.submission.cluster, group.submission.dataset = cluster, dataset
            group.rows.append((plan, indicator, value))

        for group in groups.values():
            stored.bring(group.cluster.pk, str(group.period), {i.code: v for _p, i, v in group.rows})
        for group in groups.values():
            self._check_group(group, actor, stored, dataset_indicators[group.dataset.pk], rules)
        return list(groups.values())

    def _check_group(self, group: _Group, actor, stored, indicators, rules) -> None:
        from . import exchange
        from .models import Submission

        group.stored = stored.stored(group.cluster.pk, str(group.period))
        values = {ind.code: value for _plan, ind, value in group.rows}
        group.changes = exchange.changed_values(group.stored, values)
        submission = group.submission
        if (
            submission is not None
            and submission.status in ("draft", "returned")
            and not self.overwrite_drafts
        ):
            group.skipped = True  # in the reporter's hands: never overwritten without overwrite_drafts
            return
        current = submission.status if submission is not None else "draft"
        group.raise_status = _RANK[self.status] > _RANK[current]
        if not group.changes and not group.raise_status:
            return
        probe = submission or Submission(
            dataset=group.dataset,
            cluster=group.cluster,
            period=str(group.period),
            period_end=group.period.end,
        )
        first = group.rows[0][0]
        if not exchange.is_system(actor):
            actions = ["change" if submission else "add"]
            if group.raise_status:
                actions.append("approve" if self.status == "approved" else "submit")
            if not all(_policy.can(actor, a, probe) for a in actions):
                self.error(
                    first,
                    "集聚区代码",
                    _gettext("您无权导入该集聚区的%(ds)s数据（或无权将其设为%(s)s）。")
                    % {"ds": group.dataset.name, "s": _status_label(self.status)},
                )
                return
        if submission is not None and submission.status in exchange.LOCKED and group.changes:
            for plan, ind, _value in group.rows:
                if ind.code in group.changes:
                    old = group.stored.get(ind.code)
                    self.error(plan, "数值", _locked_reason(submission, old, ind))
            return
        if not group.changes:
            return
        ctx = exchange.validation_context(probe, group.period, indicators, rules, stored)
        report = exchange.check_values(ctx, group.changes, group.dataset.name)
        rows_by_code = {ind.code: plan for plan, ind, _v in group.rows}
        for key, messages in report.errors.items():
            plan = rows_by_code.get(key)
            for message in messages:
                if plan is not None:
                    self.error(plan, "数值", message)
                else:
                    first.errors.append(_RowError(first.row, "", "", message))

    def _write_group(self, group: _Group, *, actor, reason: str) -> None:
        from . import services

        if not group.changes and not group.raise_status:
            return
        submission = group.submission or services.submission_open(
            actor=actor, dataset=group.dataset, cluster=group.cluster, period=str(group.period)
        )
        if group.changes:
            services.values_write_bulk(
                actor=actor, submission=submission, values=group.changes, reason=reason
            )
        if _RANK[self.status] > _RANK[submission.status]:
            services.submission_force_status(
                actor=actor, submission=submission, status=self.status, reason=reason
            )


def _column_options(col) -> dict:
    return {
        "required": col.required,
        "aliases": col.aliases,
        "unit": col.unit,
        "fmt": col.fmt,
        "example": col.example,
        "help": col.help,
        "text_format": col.text_format,
    }


def _kind_label(kind: str) -> str:
    from .choices import PeriodKind

    return str(dict(PeriodKind.choices).get(kind, kind))


def _status_label(status: str) -> str:
    from .choices import SubmissionStatus

    return str(dict(SubmissionStatus.choices).get(status, status))


def _locked_reason(submission, old, indicator) -> str:
    from .choices import SubmissionStatus
    from .validation import fmt

    old_text = fmt(old, indicator.unit) if old is not None else _gettext("无")
    if submission.status == SubmissionStatus.APPROVED:
        return _gettext(
            "该报表已审核通过并锁定，不能覆盖已审核的数据（原值 %(old)s）；如需更正，请联席办先重新打开该报表。"
        ) % {"old": old_text}
    return _gettext(
        "该报表已上报、正在等待审核，不能覆盖（原值 %(old)s）；如需更正，请联席办先退回该报表。"
    ) % {"old": old_text}


# =============================================================================================
# PLAN MILESTONES importer section (multi-year plan milestones, 规划节点目标) — owned by the
# plan-milestones engineer. Columns: 集聚区代码, 规划名称, 指标代码, 目标年度, 目标值;
# `clusterzone import plan-milestones FILE`. Upsert key (cluster, plan, indicator, year);
# writes through reporting.targets.milestone_save.
# =============================================================================================

MILESTONES_KIND = "plan-milestones"

from .models import PlanMilestone as _PlanMilestone  # noqa: E402


@_register
class PlanMilestoneImporter(_Importer):
    """规划节点目标: one milestone per row (by year N, indicator ≥ value). Upsert key
    (cluster, plan, indicator, year); a row equal to the stored milestone is left alone, so
    importing the same file twice changes nothing."""

    kind = MILESTONES_KIND
    title = _lazy("规划节点目标")
    model = _PlanMilestone
    key_fields = ()  # composite key, handled in find_existing
    scope_column = "集聚区代码"
    select_related = ("cluster__region", "cluster__committee", "indicator")
    columns = [
        _c.code(
            "集聚区代码", "cluster", required=True, ref=_c.Ref(_target_cluster_model, "code", _lazy("集聚区")),
            pattern=r"[0-9A-Za-z][0-9A-Za-z\-]{1,19}", message=_lazy("集聚区代码格式不正确。"),
            example="41042301",
        ),
        _c.text("规划名称", "plan", required=True, aliases=("规划",), example="鲁山县产业集聚区发展规划（2021—2030年）"),
        _c.Column(
            "指标代码", "indicator", _c.parse_text, required=True, ref=_c.Ref(_TIndicator, "code", _lazy("指标")),
            fmt=_lazy("指标目录中的代码，如 fai、revenue"), example="revenue",
        ),
        _c.Column(
            "目标年度", "year", parse_target_year, required=True, aliases=("年度",), fmt=_lazy("四位年份"),
            example="2027",
        ),
        _c.decimal(
            "目标值", "value", required=True, aliases=("目标",), example="1000000",
            help=_lazy("按指标的计量单位填写：金额为万元，如100亿填 1000000"),
        ),
    ]  # fmt: skip
    notes = (_lazy("同一集聚区、规划、指标、目标年度在文件中只能出现一次；已有节点目标按文件更新。"),)

    @staticmethod
    def _key(plan):
        return (
            plan.values.get("集聚区代码"),
            (plan.values.get("规划名称") or "").strip(),
            plan.values.get("指标代码"),
            plan.values.get("目标年度"),
        )

    def _load(self, plans, ctx):
        super()._load(plans, ctx)
        codes = {p.values.get("集聚区代码") for p in plans} - {None}
        stored = {}
        if codes:
            for m in self.queryset().filter(cluster__code__in=codes):
                stored[(m.cluster.code, m.plan, m.indicator.code, m.year)] = m
        ctx.loaded[(_PlanMilestone, "key")] = stored
        ctx.loaded[(_PlanMilestone, "seen")] = {}

    def find_existing(self, plan, ctx):
        key = self._key(plan)
        seen = ctx.loaded[(_PlanMilestone, "seen")]
        if key in seen:
            self.error(
                plan,
                "指标代码",
                _gettext("与第%(row)d行重复（同一集聚区、规划、指标、目标年度只能出现一次）。")
                % {"row": seen[key]},
            )
        else:
            seen[key] = plan.row
        return ctx.loaded[(_PlanMilestone, "key")].get(key)

    def prepare(self, plan, ctx):
        if "plan" in plan.data:
            plan.data["plan"] = str(plan.data["plan"] or "").strip()
        indicator = plan.data.get("indicator")
        value = plan.data.get("value")
        if indicator is not None and indicator.is_derived:
            self.error(
                plan,
                "指标代码",
                _gettext("“%(name)s”是计算指标，不能设节点目标。") % {"name": indicator.name},
            )
        if indicator is not None and value is not None and indicator.non_negative and value < 0:
            self.error(plan, "目标值", _gettext("“%(name)s”的目标值不能为负数。") % {"name": indicator.name})

    def save(self, plan, *, actor, reason):
        return _target_services.milestone_save(
            actor=actor, milestone=plan.instance, data=plan.data, reason=reason
        )


# (end of the PLAN MILESTONES importer section)


# =============================================================================================
# REPORT ITEMS importer (the half-monthly report item by item): declared in exchange_items.py
# =============================================================================================

from . import exchange_items as _exchange_items  # noqa: E402,F401
