"""Importers of the approval service on core.importing: the matters catalog
(`clusterzone import approval-matters FILE`) and cases (`approval-cases`), also on the
import page and through the same declarations.

Matters: upsert key 事项编码; the department is named by its unit name (among the units the
user can see), the window by its number in the department's region.
Cases: upsert key (项目代码, 事项编码) — the latest case of that matter for that project. A
new row is created and, with a 受理日期, accepted; with a 办结日期 (and 办理结果) it is
completed through the same services as the pages, so every act is recorded with the day of
the import as its entry day (补录). Pauses are recorded on the case's page or the API.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit, User
from clusterzone.core.exceptions import DomainError
from clusterzone.core.importing import Importer, Ref, register
from clusterzone.core.importing import columns as c
from clusterzone.projects.models import Project

from . import services
from .choices import ApprovalStage, CaseResult
from .models import ApprovalCase, ApprovalMatter, ApprovalWindow, ParallelGroup

STAGE_ALIASES = {"立项用地规划许可阶段": 1, "工程建设许可阶段": 2, "施工许可阶段": 3, "竣工验收阶段": 4}


@register
class MatterImporter(Importer):
    kind = "approval-matters"
    title = _("审批事项")
    model = ApprovalMatter
    key_fields = ("code",)
    scope_column = "审批部门"
    select_related = ("department__region", "window", "group")
    columns = [
        c.code("事项编码", "code", required=True, pattern=r"[0-9A-Za-z\-]{2,32}", message=_("事项编码只能由字母、数字和连字符组成。"), example="411722-102"),
        c.text("事项名称", "name", required=True, example="建设用地规划许可证"),
        c.choice("审批阶段", "stage", choices=ApprovalStage.choices, required=True, aliases=STAGE_ALIASES, example="立项用地规划许可"),
        c.text("审批部门", None, required=True, aliases=("部门",), example="上蔡县自然资源局", help=_("系统中已有的单位名称")),
        c.integer("窗口号", None, aliases=("办理窗口",), example="9"),
        c.integer("法定时限", "statutory_days", unit="工作日", required=True, example="20"),
        c.integer("承诺时限", "promised_days", unit="工作日", required=True, example="10"),
        c.text("设定依据", "legal_basis", aliases=("法律依据",)),
        c.text("申请材料", "materials"),
        c.boolean("可并联办理", "parallel"),
        c.code("联审编码", "group", ref=Ref(ParallelGroup, "code", _("联审联批组")), pattern=r"[0-9A-Za-z\-]{1,32}"),
        c.boolean("区域评估可替代", "regional_assessment"),
        c.boolean("可实行承诺制", "commitment", aliases=("承诺制",)),
    ]  # fmt: skip
    notes = (_("时限单位为工作日；表头可写作“承诺时限（工作日）”。"),)

    def _units(self, ctx):
        cache = ctx.loaded.get((OrgUnit, "name"))
        if cache is None:
            cache = ctx.loaded[(OrgUnit, "name")] = {}
            qs = OrgUnit.objects.select_related("region")
            if ctx.checks_policy:
                qs = policy.scope(ctx.actor, qs)
            for u in qs:
                cache.setdefault(u.name, []).append(u)
        return cache

    def _windows(self, ctx):
        cache = ctx.loaded.get((ApprovalWindow, "region+number"))
        if cache is None:
            cache = ctx.loaded[(ApprovalWindow, "region+number")] = {
                (w.region_id, w.number): w for w in ApprovalWindow.objects.all()
            }
        return cache

    def prepare(self, plan, ctx):
        name = plan.values.get("审批部门")
        units = self._units(ctx).get(name, [])
        if not units:
            self.error(plan, "审批部门", _("系统中没有这个单位，或它不在您的权限范围内。"))
            return
        if len(units) > 1:
            self.error(plan, "审批部门", _("有多个同名单位，无法确定是哪一个。"))
            return
        plan.data["department"] = units[0]
        number = plan.values.get("窗口号")
        if number is not None:
            window = self._windows(ctx).get((units[0].region_id, number))
            if window is None:
                self.error(plan, "窗口号", _("该部门所在区划没有这个窗口号。"))
            else:
                plan.data["window"] = window
        elif "窗口号" in ctx.present:
            plan.data["window"] = None

    def save(self, plan, *, actor, reason):
        return services.matter_save(actor=actor, matter=plan.instance, data={}, reason=reason)


@register
class CaseImporter(Importer):
    kind = "approval-cases"
    title = _("审批办件")
    model = ApprovalCase
    key_fields = ()
    scope_column = "项目代码"
    select_related = ("project__cluster__region", "matter__department__region")
    columns = [
        c.code("项目代码", "project", required=True, ref=Ref(Project, "code", _("项目")), pattern=r"[0-9A-Za-z\-]{2,32}", example="XM-41172201-0001"),
        c.code("事项编码", "matter", required=True, ref=Ref(ApprovalMatter, "code", _("审批事项")), pattern=r"[0-9A-Za-z\-]{2,32}", example="411722-102"),
        c.date("申请日期", "applied_on"),
        c.date("受理日期", None, aliases=("受理时间",)),
        c.date("办结日期", None, aliases=("办结时间",)),
        c.choice("办理结果", None, choices=CaseResult.choices, aliases={"准予许可": "approved", "同意": "approved", "不予许可": "refused"}),
        c.text("不予许可理由", None),
        c.text("代办员", None, help=_("用户名")),
        c.text("经办人", None, help=_("用户名")),
        c.text("备注", "notes"),
    ]  # fmt: skip
    notes = (
        _("同一项目同一事项视为同一办件：已有办件只更新申请日期、代办员、经办人和备注，并可补记受理、办结。"),
        _("暂停计时请在办件页面登记。导入的受理、办结按导入当天为录入日期，早于该日的记为补录。"),
    )

    def _existing(self, ctx):
        cache = ctx.loaded.get((ApprovalCase, "project+matter"))
        if cache is None:
            projects = [o.pk for o in ctx.loaded.get((Project, "code"), {}).values()]
            cache = ctx.loaded[(ApprovalCase, "project+matter")] = {}
            for case in (
                ApprovalCase.objects.filter(project_id__in=projects)
                .select_related(*self.select_related)
                .order_by("id")
            ):
                cache[(case.project_id, case.matter_id)] = case
        return cache

    def find_existing(self, plan, ctx):
        project = ctx.lookup(Project, "code", plan.values.get("项目代码"))
        matter = ctx.lookup(ApprovalMatter, "code", plan.values.get("事项编码"))
        if project is None or matter is None:
            return None
        return self._existing(ctx).get((project.pk, matter.pk))

    def _users(self, ctx):
        cache = ctx.loaded.get((User, "username"))
        if cache is None:
            cache = ctx.loaded[(User, "username")] = {
                u.username: u for u in User.objects.filter(is_active=True)
            }
        return cache

    def prepare(self, plan, ctx):
        for header, field in (("代办员", "agent"), ("经办人", "handler")):
            name = plan.values.get(header)
            if name:
                user = self._users(ctx).get(name)
                if user is None:
                    self.error(plan, header, _("系统中没有这个用户。"))
                else:
                    plan.data[field] = user
        accepted, completed = plan.values.get("受理日期"), plan.values.get("办结日期")
        result = plan.values.get("办理结果")
        if completed and not accepted and (plan.creating or not plan.instance.accepted_on):
            self.error(plan, "办结日期", _("办结须先有受理日期。"))
        if completed and not result:
            self.error(plan, "办理结果", _("填写办结日期时须填写办理结果。"))
        if result == CaseResult.REFUSED and not plan.values.get("不予许可理由"):
            self.error(plan, "不予许可理由", _("不予许可须写明理由。"))
        acts = {}
        if accepted and (plan.creating or plan.instance.accepted_on is None):
            acts["accepted_on"] = accepted
        elif accepted and plan.instance.accepted_on != accepted:
            self.error(plan, "受理日期", _("已受理的办件不能通过导入修改受理日期。"))
        if completed and (plan.creating or plan.instance.completed_on is None):
            acts["complete"] = (completed, result, plan.values.get("不予许可理由") or "")
        elif completed and plan.instance.completed_on != completed:
            self.error(plan, "办结日期", _("已办结的办件不能通过导入修改办结日期。"))
        plan.extra["acts"] = acts
        if not plan.creating:
            for name in ("project", "matter"):
                plan.data.pop(name, None)

    def extra_changed(self, plan):
        return bool(plan.extra.get("acts"))

    def save(self, plan, *, actor, reason):
        acts = plan.extra.get("acts", {})
        data = dict(plan.data)
        if plan.creating:
            case = services.case_create(
                actor=actor, data={**data, "accepted_on": acts.get("accepted_on")}, reason=reason
            )
        else:
            case = services.case_update(actor=actor, case=plan.instance, data=data, reason=reason)
            if acts.get("accepted_on"):
                case = services.case_accept(actor=actor, case=case, on=acts["accepted_on"])
        if acts.get("complete"):
            on, result, why = acts["complete"]
            if on and case.accepted_on and on < case.accepted_on:
                raise DomainError(_("办结日期不能早于受理日期。"), field="completed_on")
            case = services.case_complete(actor=actor, case=case, on=on, result=result, reason=why)
        return case
