"""Excel exchange of the half-monthly report's items (reporting.items): the export of a
report's items and the importer `report_items` in the same columns, so an exported file can
be corrected and imported back.

One row is one item: 集聚区代码, 报表代码, 期间 name the report (opened beforehand, a draft or
returned, of an itemised data set); 栏目 the section; the other columns the item as on the
entry page (项目代码 from the project library, 企业 by credit code or name from the registry,
or 名称 + 统一社会信用代码 for an enterprise not yet in the registry).

The import is all or nothing: every row is checked first (report, state, permission, the
item's own rules, with the row, column and reason of each error); then, in one transaction,
the items of each report named in the file are replaced by the file's rows and the report's
summary figures recomputed, with history. A report whose stored items equal the file's is
left alone, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.exporting import write_only_cell
from clusterzone.core.importing import SYSTEM, Importer, RowError, register
from clusterzone.core.importing import columns as c
from clusterzone.core.services import stamp_history

from . import items as item_services
from .choices import ReportItemKind
from .models import ReportItem, Submission

KIND = "report_items"

# item field → the column that holds it (errors of the item's rules name their column)
FIELD_HEADER = {
    "kind": "栏目",
    "project": "项目代码",
    "enterprise": "企业",
    "name": "名称",
    "credit_code": "统一社会信用代码",
    "investment": "投资",
    "started": "本期开工",
    "fund_source": "资金来源",
    "programme": "资金项目",
    "amount": "金额",
    "text": "内容",
}


def _parse_period(value):
    from .exchange import parse_period

    return parse_period(value)


COLUMNS = [
    c.code(
        "集聚区代码", required=True, pattern=r"[0-9A-Za-z][0-9A-Za-z\-]{1,19}",
        message=_lazy("集聚区代码格式不正确。"), example="41172201",
    ),
    c.text("报表代码", required=True, aliases=("数据集代码",), example="half_monthly", fmt=_lazy("报表（数据集）代码")),
    c.Column(
        "期间", None, _parse_period, required=True, fmt=_lazy("半月如 2026-11H2（上半月H1、下半月H2）"),
        example="2026-11H2", text_format=True,
    ),
    c.choice("栏目", required=True, choices=ReportItemKind.choices, example="新上项目"),
    c.text("项目代码", aliases=("项目库代码",), example="", help=_lazy("从项目库中选择时填项目代码")),
    c.text("企业", aliases=("企业名录",), help=_lazy("从企业名录中选择时填统一社会信用代码或企业名称")),
    c.text("名称", aliases=("项目名称", "企业名称"), help=_lazy("未入库的项目、企业填写名称，审核通过后登记入库")),
    c.code("统一社会信用代码", aliases=("信用代码",), help=_lazy("未入库的企业必填")),
    c.decimal("投资", unit="万元", help=_lazy("基础设施：本半月完成投资；新上项目：总投资")),
    c.boolean("本期开工"),
    c.text("资金来源", example="", help=_lazy("争取上级资金：如 省发改委")),
    c.text("资金项目", aliases=("资金项目（专项）", "专项"), help=_lazy("争取上级资金：资金项目（专项）名称")),
    c.decimal("金额", unit="万元"),
    c.text("内容", aliases=("进展", "进展情况"), help=_lazy("工作进展、存在问题、下步打算的内容；其他栏目为一句进展")),
]  # fmt: skip


def _signature(item: ReportItem) -> tuple:
    def num(v):
        return None if v is None else Decimal(v).normalize()

    return (
        item.kind, item.project_id, item.enterprise_id, item.name, item.credit_code, num(item.investment),
        item.started, item.fund_source, item.programme, num(item.amount), item.text,
    )  # fmt: skip


def _row(item: ReportItem, submission: Submission) -> list:
    ent = item.enterprise
    return [
        submission.cluster.code, submission.dataset.code, submission.period, item.get_kind_display(),
        item.project.code if item.project_id else "",
        (ent.credit_code or ent.name) if ent else "",
        item.name, item.credit_code, item.investment, "是" if item.started else "",
        item.fund_source, item.programme, item.amount, item.text,
    ]  # fmt: skip


def items_xlsx(submissions) -> bytes:
    """The items of these submissions, one row each, in the import's columns."""
    import io

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(_("半月报明细")))
    ws.freeze_panes = "A2"
    header = []
    for col in COLUMNS:
        cell = WriteOnlyCell(ws, value=col.display_header)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    by_pk = {s.pk: s for s in submissions}
    qs = (
        ReportItem.objects.filter(submission_id__in=list(by_pk))
        .select_related("project", "enterprise")
        .order_by("submission_id", "kind", "order", "id")
    )
    order = {k: i for i, k in enumerate(item_services.SECTIONS)}
    for item in sorted(qs, key=lambda i: (i.submission_id, order.get(i.kind, 99), i.order, i.pk)):
        ws.append([write_only_cell(ws, v) for v in _row(item, by_pk[item.submission_id])])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@register
class ReportItemImporter(Importer):
    kind = KIND
    title = _lazy("半月报明细")
    model = None  # rows become items of the reports they name (see run)
    permission_model = Submission
    scope_column = "集聚区代码"
    columns = COLUMNS
    notes = (
        _lazy("报表须先在“报表填报”中打开，且为草稿或已退回状态。"),
        _lazy("文件中出现的每份报表，其明细整体替换为文件中的行；汇总数据由明细重新计算。"),
        _lazy("有一行出错则整个文件不导入。"),
    )

    def run(self, source, *, filename=None, actor=None, dry_run=False):
        result, plans, _present = self.read(source, filename=filename, dry_run=dry_run)
        if plans is None:
            return result
        good = [p for p in plans if not p.errors]
        keys = {(p.values["集聚区代码"], p.values["报表代码"], str(p.values["期间"])) for p in good}
        stored = {}
        if keys:
            qs = Submission.objects.select_related("dataset", "cluster__region", "cluster__committee").filter(
                cluster__code__in={k[0] for k in keys},
                dataset__code__in={k[1] for k in keys},
                period__in={k[2] for k in keys},
            )
            stored = {(s.cluster.code, s.dataset.code, s.period): s for s in qs}
        refs = self._refs(good, stored.values())
        groups: dict[int, list[ReportItem]] = defaultdict(list)
        subs: dict[int, Submission] = {}
        for plan in good:
            key = (plan.values["集聚区代码"], plan.values["报表代码"], str(plan.values["期间"]))
            sub = stored.get(key)
            if sub is None or (actor is not None and not policy.can(actor, "view", sub)):
                self.error(plan, "期间", _("该集聚区该期间的这份报表尚未打开，或不在您的权限范围内。"))
                continue
            if actor is not None and not policy.can(actor, "change", sub):
                self.error(plan, "集聚区代码", _("您无权修改这份报表。"))
                continue
            if sub.status not in item_services.EDITABLE:
                self.error(plan, "期间", _("报表已%(s)s，不能修改明细。") % {"s": sub.get_status_display()})
                continue
            if not item_services.itemised(sub.dataset):
                self.error(plan, "报表代码", _("该报表不按明细填报。"))
                continue
            try:
                item = self._item(plan, sub, refs)
            except DomainError as exc:
                header = FIELD_HEADER.get(exc.field or "", "")
                self.error(plan, header, exc.message, value=plan.text(header) if header else "")
                continue
            groups[sub.pk].append(item)
            subs[sub.pk] = sub
        result.errors.extend(e for p in plans for e in p.errors)
        if result.errors:
            return result
        self._write_items(
            subs, groups, result, actor=actor, reason=_("Excel导入：%(f)s") % {"f": result.filename}
        )
        return result

    def _refs(self, plans, submissions) -> dict:
        """The projects, enterprises and registered credit codes the rows name, in bulk."""
        from clusterzone.projects.models import Project
        from clusterzone.registry.models import Enterprise

        cluster_ids = {s.cluster_id for s in submissions}
        codes = {p.values.get("项目代码") for p in plans} - {None}
        keys = {p.values.get("企业") for p in plans} - {None}
        credit = {(p.values.get("统一社会信用代码") or "").upper() for p in plans} - {""}
        projects = {
            (x.cluster_id, x.code): x
            for x in Project.objects.filter(cluster_id__in=cluster_ids, code__in=codes)
        }
        enterprises = {}
        if keys:
            upper = {k.upper() for k in keys}
            for e in Enterprise.objects.filter(cluster_id__in=cluster_ids).filter(
                Q(credit_code__in=upper) | Q(name__in=keys)
            ):
                enterprises.setdefault((e.cluster_id, e.name), e)
                if e.credit_code:
                    enterprises[(e.cluster_id, e.credit_code)] = e
        registered = set(
            Enterprise.objects.filter(credit_code__in=credit).values_list("credit_code", flat=True)
        )
        return {"projects": projects, "enterprises": enterprises, "registered": registered}

    def _item(self, plan, submission, refs) -> ReportItem:
        v = plan.values
        data = {field: v.get(header) or "" for field, header in FIELD_HEADER.items()}
        data["kind"] = v.get("栏目")
        data["investment"] = v.get("投资")
        data["amount"] = v.get("金额")
        data["started"] = bool(v.get("本期开工"))
        code = v.get("项目代码")
        data["project"] = None
        if code:
            data["project"] = refs["projects"].get((submission.cluster_id, code))
            if data["project"] is None:
                raise DomainError(
                    _("本集聚区项目库中没有代码为“%(c)s”的项目。") % {"c": code}, field="project"
                )
        key = v.get("企业")
        data["enterprise"] = None
        if key:
            ents = refs["enterprises"]
            data["enterprise"] = ents.get((submission.cluster_id, key.upper())) or ents.get(
                (submission.cluster_id, key)
            )
            if data["enterprise"] is None:
                raise DomainError(_("本集聚区企业名录中没有“%(c)s”。") % {"c": key}, field="enterprise")
        return item_services._clean(submission, data, registered_codes=refs["registered"])

    def _write_items(self, subs, groups, result, *, actor, reason):
        service_actor = SYSTEM if actor is None else actor
        with transaction.atomic():
            for pk in sorted(subs):
                sub = Submission.objects.select_for_update().select_related("dataset", "cluster").get(pk=pk)
                if sub.status not in item_services.EDITABLE:
                    result.errors.append(
                        RowError(
                            0,
                            "",
                            str(sub),
                            _("报表已%(s)s，不能修改明细。") % {"s": sub.get_status_display()},
                        )
                    )
                    break
                new = groups[pk]
                old = list(ReportItem.objects.filter(submission=sub).order_by("kind", "order", "id"))
                if sorted(map(_signature, old), key=str) == sorted(map(_signature, new), key=str):
                    result.unchanged += len(new)
                    continue
                for item in old:
                    stamp_history(item, actor=service_actor, reason=reason)
                    item.delete()
                counters: dict[str, int] = defaultdict(int)
                for item in new:
                    counters[item.kind] += 1
                    item.order = counters[item.kind]
                    stamp_history(item, actor=service_actor, reason=reason)
                    item.save()
                result.created += len(new)
                item_services.recompute(actor=service_actor, submission=sub)
            if result.errors or result.dry_run:
                transaction.set_rollback(True)
        if result.errors:
            result.created = result.updated = result.unchanged = 0
