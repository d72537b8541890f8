from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalStage(models.IntegerChoices):
    """The four stages of the reform of approvals for construction projects (国办发〔2019〕11号)."""

    PLANNING = 1, _("立项用地规划许可")
    CONSTRUCTION_PERMIT = 2, _("工程建设许可")
    BUILDING_PERMIT = 3, _("施工许可")
    ACCEPTANCE = 4, _("竣工验收")


class PauseKind(models.TextChoices):
    """Why a case's clock stops: a request for missing materials (补正), or one of the
    procedures the Administrative Licensing Law §45 leaves out of the time limit."""

    CORRECTION = "correction", _("补正材料")
    EXPERT = "expert", _("专家评审")
    HEARING = "hearing", _("听证")
    TESTING = "testing", _("检验检测")
    TENDER = "tender", _("招标拍卖")
    OTHER = "other", _("其他")


class CaseStatus(models.TextChoices):
    PLANNED = "planned", _("未受理")
    RUNNING = "running", _("办理中")
    PAUSED = "paused", _("暂停计时")
    COMPLETED = "completed", _("已办结")


class CaseResult(models.TextChoices):
    APPROVED = "approved", _("准予")
    REFUSED = "refused", _("不予")


class CaseAction(models.TextChoices):
    APPLY = "apply", _("申请")
    ACCEPT = "accept", _("受理")
    PAUSE = "pause", _("暂停计时")
    RESUME = "resume", _("恢复计时")
    COMPLETE = "complete", _("办结")


# The national reform's limit for the whole approval of a construction project.
DEFAULT_PROMISE_DAYS = 120
