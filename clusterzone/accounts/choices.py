from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县区")


class UnitKind(models.TextChoices):
    JOINT_OFFICE = "joint_office", _("联席会议办公室")
    DEPARTMENT = "department", _("成员单位")
    COMMITTEE = "committee", _("集聚区管委会")
    BANK = "bank", _("金融机构")
    OTHER = "other", _("其他")


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", _("联席办管理员")
    OFFICE_STAFF = "office_staff", _("联席办工作人员")
    CLUSTER_REPORTER = "cluster_reporter", _("集聚区填报员")
    DEPARTMENT_LIAISON = "department_liaison", _("部门联络员")
    PROJECT_LEADER = "project_leader", _("分包领导")
    READONLY = "readonly", _("只读")
    APPROVAL_AGENT = "approval_agent", _("代办员")
    BANK_STAFF = "bank_staff", _("金融机构用户")
