from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    FLOW = "flow", _("累计数（1–N月累计）")
    STOCK = "stock", _("期末数")


class Unit(models.TextChoices):
    WAN_YUAN = "万元", _("万元")
    PERSON = "人", _("人")
    COUNT = "个", _("个")
    MU = "亩", _("亩")
    KM2 = "平方公里", _("平方公里")
    PERCENT = "%", _("%")
    WAN_M2 = "万平方米", _("万平方米")
    KM = "公里", _("公里")
    WAN_YUAN_PER_MU = "万元/亩", _("万元/亩")


class PeriodKind(models.TextChoices):
    ANNUAL = "annual", _("年报")
    QUARTERLY = "quarterly", _("季报")
    MONTHLY = "monthly", _("月报")
    HALF_MONTHLY = "half_monthly", _("半月报")
    TEN_DAY = "ten_day", _("旬报")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已上报")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("退回")


class SubmissionAction(models.TextChoices):
    CREATE = "create", _("创建")
    SAVE = "save", _("保存数据")
    SUBMIT = "submit", _("上报")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回")
    REOPEN = "reopen", _("重新打开")
    IMPORT = "import", _("批量导入")


class Severity(models.TextChoices):
    ERROR = "error", _("错误（阻止保存）")
    WARNING = "warning", _("警告（需填写说明）")


class Operator(models.TextChoices):
    LE = "<=", "≤"
    LT = "<", "<"
    GE = ">=", "≥"
    GT = ">", ">"
    EQ = "==", "="
    NE = "!=", "≠"


class ReportItemKind(models.TextChoices):
    """The sections of the half-monthly report (seed 003: 基础设施建设情况、新入驻企业及新上项目情况、
    争取上级资金情况) and its narrative (工作进展、存在问题、下步打算), item by item."""

    INFRASTRUCTURE = "infrastructure", _("基础设施建设")
    ENTERPRISE = "enterprise", _("新入驻企业")
    PROJECT = "project", _("新上项目")
    FUND = "fund", _("争取上级资金")
    PROGRESS = "progress", _("工作进展")
    PROBLEM = "problem", _("存在问题")
    PLAN = "plan", _("下步打算")


class ScopeRule(models.TextChoices):
    SUBTREE = "subtree", _("发布区划所辖全部集聚区")
    EXPLICIT = "explicit", _("仅指定的集聚区")
