"""Enumerations of the investment-attraction module (招商引资)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceRegion(models.TextChoices):
    PRD = "prd", _("珠三角")
    YRD = "yrd", _("长三角")
    SE_FUJIAN = "se_fujian", _("闽东南")
    JJJ = "jjj", _("京津冀")
    IN_PROVINCE = "in_province", _("省内")
    OVERSEAS = "overseas", _("境外")
    OTHER = "other", _("其他")


class CompanyType(models.TextChoices):
    FORTUNE500 = "fortune500", _("世界500强")
    CHINA500 = "china500", _("中国500强")
    SOE = "central_soe", _("央企")
    LEADER = "industry_leader", _("行业龙头")
    PRIVATE = "private", _("民营")
    FOREIGN = "foreign", _("外资")


class LeadStage(models.TextChoices):
    CONTACT = "contact", _("接洽")
    VISIT = "visit", _("考察")
    NEGOTIATE = "negotiate", _("洽谈")
    INTENT = "intent", _("意向")
    SIGNED = "signed", _("签约")
    LANDED = "landed", _("落地")
    LOST = "lost", _("流失")


# the forward path; a move may skip forward, except that 落地 needs 签约 first
STAGE_PATH = [
    LeadStage.CONTACT,
    LeadStage.VISIT,
    LeadStage.NEGOTIATE,
    LeadStage.INTENT,
    LeadStage.SIGNED,
    LeadStage.LANDED,
]
OPEN_STAGES = [LeadStage.CONTACT, LeadStage.VISIT, LeadStage.NEGOTIATE, LeadStage.INTENT, LeadStage.SIGNED]
FINAL_STAGES = {LeadStage.LANDED, LeadStage.LOST}


def rank(stage: str) -> int:
    return STAGE_PATH.index(stage)


class FollowUpKind(models.TextChoices):
    VISIT = "visit", _("拜访")
    TALK = "talk", _("洽谈")
    INSPECTION = "inspection", _("考察")
    PHONE = "phone", _("电话")
    OTHER = "other", _("其他")


class Segment(models.TextChoices):
    UPSTREAM = "upstream", _("上游")
    MIDSTREAM = "midstream", _("中游")
    DOWNSTREAM = "downstream", _("下游")


class ClockKind(models.TextChoices):
    """The service commitments a lead is worked against, in working days."""

    CONTACT = "contact", _("接洽后响应")
    VISIT = "visit", _("考察后研判")
    NEGOTIATE = "negotiate", _("洽谈后反馈")
    INTENT = "intent", _("意向后反馈")
    PROGRESS = "progress", _("定期报告进展")


# defaults from practice: respond within 1 working day, assess within 3, feed back within 7,
# report progress every 14
DEFAULT_CLOCKS = {
    ClockKind.CONTACT: 1,
    ClockKind.VISIT: 3,
    ClockKind.NEGOTIATE: 7,
    ClockKind.INTENT: 7,
    ClockKind.PROGRESS: 14,
}
