"""Enumerations of the projects module and the size bands (规模档次)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectKind(models.TextChoices):
    INDUSTRIAL = "industrial", _("工业")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    PUBLIC_SERVICE = "public_service", _("公共服务")
    LIVING = "living", _("生活配套")


class KeyLevel(models.TextChoices):
    NONE = "", _("无")
    PROVINCE = "province", _("省重点")
    CITY = "city", _("市重点")
    COUNTY = "county", _("县重点")


class Stage(models.TextChoices):
    PLANNING = "planning", _("谋划")
    NEGOTIATING = "negotiating", _("在谈")
    SIGNED = "signed", _("签约")
    STARTED = "started", _("开工")
    BUILDING = "building", _("在建")
    COMPLETED = "completed", _("竣工")
    PRODUCING = "producing", _("投产")
    TERMINATED = "terminated", _("终止")


# the forward path; a transition may skip forward (see services.ALLOWED_TRANSITIONS)
STAGE_PATH = [
    Stage.PLANNING,
    Stage.NEGOTIATING,
    Stage.SIGNED,
    Stage.STARTED,
    Stage.BUILDING,
    Stage.COMPLETED,
    Stage.PRODUCING,
]
FINAL_STAGES = {Stage.PRODUCING, Stage.TERMINATED}


class Band(models.TextChoices):
    """Size band of a project by total investment (万元), lower bound inclusive."""

    B10Y = "b10y", _("10亿以上")
    B5Y = "b5y", _("5–10亿")
    B1Y = "b1y", _("1–5亿")
    B5000 = "b5000", _("5000万–1亿")
    B3000 = "b3000", _("3000–5000万")
    SMALL = "small", _("3000万以下")


@dataclass(frozen=True)
class BandRange:
    band: str
    min: Decimal
    max: Decimal | None  # exclusive; None = open


BAND_RANGES = [
    BandRange(Band.B10Y, Decimal(100000), None),
    BandRange(Band.B5Y, Decimal(50000), Decimal(100000)),
    BandRange(Band.B1Y, Decimal(10000), Decimal(50000)),
    BandRange(Band.B5000, Decimal(5000), Decimal(10000)),
    BandRange(Band.B3000, Decimal(3000), Decimal(5000)),
    BandRange(Band.SMALL, Decimal(0), Decimal(3000)),
]


def band_of(total_investment) -> str:
    """The size band of a total investment in 万元: 100000 → '10亿以上', 99999.99 → '5–10亿'."""
    v = Decimal(str(total_investment or 0))
    for r in BAND_RANGES:
        if v >= r.min:
            return r.band
    return Band.SMALL
