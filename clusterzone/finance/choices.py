from django.db import models
from django.utils.translation import gettext_lazy as _


class LoanKind(models.TextChoices):
    WORKING_CAPITAL = "working_capital", _("流动资金")
    PROJECT = "project", _("项目")
    MORTGAGE = "mortgage", _("按揭")
    SYNDICATED = "syndicated", _("银团")


class LoanStatus(models.TextChoices):
    NORMAL = "normal", _("正常")
    WATCH = "watch", _("关注")
    NPL = "npl", _("不良")
    SETTLED = "settled", _("已结清")
    PENDING = "pending", _("待解付")


# statuses whose loans are outstanding (count in the balance)
OUTSTANDING = (LoanStatus.NORMAL, LoanStatus.WATCH, LoanStatus.NPL)


class FundSource(models.TextChoices):
    CENTRAL = "central", _("中央")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")


class NeedStatus(models.TextChoices):
    PUBLISHED = "published", _("已发布")
    GRANTED = "granted", _("已授信")
    LOANED = "loaned", _("已放贷")
    CLOSED = "closed", _("已关闭")


class ResponseKind(models.TextChoices):
    INTERESTED = "interested", _("有意向")
    DECLINED = "declined", _("婉拒")
    GRANTED = "granted", _("已授信")


# the default service clock of a financing need: banks respond within 5 working days
DEFAULT_RESPOND_WORKDAYS = 5
