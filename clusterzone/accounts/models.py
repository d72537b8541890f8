from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterzone.core.models import TrackedModel

from .choices import RegionLevel, Role, UnitKind

region_code_validator = RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字（GB/T 2260）。"))


class Region(TrackedModel):
    """An administrative region (GB/T 2260). `path` holds the codes from the root down
    ("410000/411700/411722/") so a subtree is one prefix query."""

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True, validators=[region_code_validator])
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("路径"), max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent.code == self.code:
            raise ValidationError({"parent": _("上级区划不能是自身。")})
        order = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY]
        if self.parent_id and self.level and self.parent.level:
            if order.index(self.level) <= order.index(self.parent.level):
                raise ValidationError({"parent": _("上级区划的级别必须高于本级。")})
        if self.parent_id and self.parent.path and self.pk and f"{self.code}/" in self.parent.path.split("/"):
            raise ValidationError({"parent": _("上级区划不能是自身的下级。")})

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.code}/"

    def save(self, *args, **kwargs):
        self.path = self.compute_path()
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return self.name


class OrgUnit(TrackedModel):
    """An organisation unit: a joint-meeting office, a member department, a cluster's
    management committee or a bank, placed in a region."""

    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("单位类型"), max_length=20, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="units"
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("组织单位")
        verbose_name_plural = _("组织单位")
        ordering = ["region__code", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="unit_unique_name_in_region",
                violation_error_message=_("同一区划下已有同名单位。"),
            )
        ]

    def __str__(self):
        return self.name


def validate_roles(value):
    if not isinstance(value, list):
        raise ValidationError(_("角色应为列表。"))
    valid = set(Role.values)
    bad = [v for v in value if v not in valid]
    if bad:
        raise ValidationError(_("未知角色：%(roles)s"), params={"roles": "、".join(map(str, bad))})


class User(AbstractUser):
    """A platform user, attached to one unit, holding one or more roles."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    roles = models.JSONField(_("角色"), default=list, blank=True, validators=[validate_roles])
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def has_role(self, *roles: str) -> bool:
        return any(r in (self.roles or []) for r in roles)

    @property
    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(r, r)) for r in self.roles or []]
