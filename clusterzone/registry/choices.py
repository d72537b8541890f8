from django.db import models
from django.utils.translation import gettext_lazy as _


class ClusterStatus(models.TextChoices):
    PROVINCIAL = "provincial", _("省定产业集聚区")
    CITY_PARK = "city_park", _("市级专业园区")


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("门类")
    DIVISION = "division", _("大类")


class IndustryRole(models.TextChoices):
    MAIN = "main", _("主导")
    AUXILIARY = "auxiliary", _("辅助")


STAR_CHOICES = [(0, _("无星级"))] + [(i, f"{'一二三四五六'[i - 1]}星级") for i in range(1, 7)]
