"""Demo data of the service-unit evaluation: 驻马店市's criteria (服务态度 30, 办事效率 30 as
满意度, 依法行政 15 and 廉洁自律 10 as 满意度, 按时办结率 15 from the problem ledger) and
the ratings of the last two full months given by the city's cluster committees (up to four)
to every member department — deterministic figures, two departments rated lower so that
the bottom two stand out. Idempotent: criteria are kept by code, a month already rated is
left as it is."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clusterzone.accounts.choices import UnitKind
from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core.services import bulk_history

from .choices import Level, Scale, Source
from .models import Criterion, Rating

REGION = "411700"  # 驻马店市
CRITERIA = [
    ("attitude", "服务态度", Source.RATING, Scale.SCORE, 30),
    ("efficiency", "办事效率", Source.RATING, Scale.LEVEL, 30),
    ("law", "依法行政", Source.RATING, Scale.LEVEL, 15),
    ("integrity", "廉洁自律", Source.RATING, Scale.LEVEL, 10),
    ("on_time", "按时办结率", Source.ON_TIME_RATE, Scale.SCORE, 15),
]
LOWER = {"驻马店市国土资源局": 22, "驻马店市住房城乡建设局": 16}  # rated lower in the demo
COMMENTS = {
    "驻马店市国土资源局": "用地预审办理周期偏长，希望提前介入项目选址。",
    "驻马店市住房城乡建设局": "施工许可材料反复补正，建议一次性告知。",
    "驻马店市行政服务中心": "窗口服务热情，代办及时。",
}


def _figure(*parts) -> int:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return 80 + digest[0] % 19  # 80–98


def _level(score: int) -> str:
    if score >= 88:
        return Level.SATISFIED
    if score >= 72:
        return Level.BASICALLY
    return Level.UNSATISFIED


def months_before(today: date, n: int = 2) -> list[str]:
    out, day = [], today.replace(day=1)
    for _ in range(n):
        day = (day - timedelta(days=1)).replace(day=1)
        out.append(f"{day.year:04d}-{day.month:02d}")
    return sorted(out)


@transaction.atomic
def load_evaluation_demo(today: date | None = None, stdout=None) -> int:
    region = Region.objects.filter(code=REGION).first()
    if region is None:
        return 0
    criteria = []
    for position, (code, name, source, scale, weight) in enumerate(CRITERIA, start=1):
        criterion, _created = Criterion.objects.get_or_create(
            region=region, code=code,
            defaults={"name": name, "source": source, "scale": scale, "weight": Decimal(weight), "position": position},
        )  # fmt: skip
        criteria.append(criterion)
    rated = [c for c in criteria if c.source == Source.RATING]
    departments = list(OrgUnit.objects.filter(region=region, kind=UnitKind.DEPARTMENT).order_by("name"))
    committees = list(
        OrgUnit.objects.filter(kind=UnitKind.COMMITTEE, region__path__startswith=region.path).order_by(
            "name"
        )[:4]
    )
    if not committees:
        committees = list(OrgUnit.objects.filter(region=region, kind=UnitKind.JOINT_OFFICE)[:1])
    created = []
    for month in months_before(today or timezone.localdate()):
        if Rating.objects.filter(month=month, unit__region=region).exists():
            continue
        for unit in departments:
            for rater in committees:
                for criterion in rated:
                    score = _figure(month, unit.name, rater.name, criterion.code) - LOWER.get(unit.name, 0)
                    first = criterion == rated[0]
                    created.append(
                        Rating(
                            month=month,
                            unit=unit,
                            rater_unit=rater,
                            criterion=criterion,
                            score=Decimal(score) if criterion.scale == Scale.SCORE else None,
                            level="" if criterion.scale == Scale.SCORE else _level(score),
                            comment=COMMENTS.get(unit.name, "") if first else "",
                        )  # fmt: skip
                    )
    Rating.objects.bulk_create(created)
    bulk_history(Rating, created, history_type="+", actor=None, reason="演示数据")
    if stdout is not None:
        stdout.write(f"行风评议：评议项目 {len(criteria)} 项，新增评分 {len(created)} 条")
    return len(created)
