from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemCategory(models.TextChoices):
    LAND = "land", _("用地")
    FINANCING = "financing", _("融资")
    LABOUR = "labour", _("用工")
    POWER = "power", _("用电")
    APPROVAL = "approval", _("手续审批")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    ENVIRONMENT = "environment", _("环境")
    OTHER = "other", _("其他")


class ProblemStatus(models.TextChoices):
    PENDING = "pending", _("待交办")
    IN_PROGRESS = "in_progress", _("办理中")
    RETURNED = "returned", _("退回重办")
    ANSWERED = "answered", _("已反馈")
    CLOSED = "closed", _("已办结")


OPEN_STATUSES = (
    ProblemStatus.PENDING,
    ProblemStatus.IN_PROGRESS,
    ProblemStatus.RETURNED,
    ProblemStatus.ANSWERED,
)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class ProblemActKind(models.TextChoices):
    RAISE = "raise", _("登记")
    ASSIGN = "assign", _("交办")
    FEEDBACK = "feedback", _("反馈")
    CLOSE = "close", _("办结销号")
    REOPEN = "reopen", _("不满意重办")
    RETURN = "return", _("退回重办")
    ESCALATE = "escalate", _("上报")


class Light(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


# the default four-level ladder (seed 003, 鲁山): what a level cannot solve goes up
DEFAULT_LADDER = [
    (_("管委会"), _("集聚区管委会")),
    (_("联席会议"), _("联席会议")),
    (_("县政府常务会"), _("县政府常务会议")),
    (_("县委常委会"), _("县委常委会议")),
]


class MeetingKind(models.TextChoices):
    JOINT = "joint", _("联席会议")
    WEEKLY = "weekly", _("周例会")
    SPECIAL = "special", _("专题会")


class TopicStatus(models.TextChoices):
    PENDING = "pending", _("待协调")
    COORDINATED = "coordinated", _("已协调")
    ON_AGENDA = "on_agenda", _("上会")
    OFF_AGENDA = "off_agenda", _("不上会")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("督办中")
    CLOSED = "closed", _("已办结")


class InterviewStatus(models.TextChoices):
    PENDING = "pending", _("待约谈")
    HELD = "held", _("已约谈")
