"""The land demo (idempotent), from the seeds: land policies (驻马店市产业集聚区 230 万元/亩, the
county clusters 216, 温县 280 from 4200 万元/公顷), 鲁山's 9000亩 reserve and acquisition
(3,700 of 10,000 亩), 长垣's construction-land quota 7.5 km² with 4.8 allocated, village
relocation and resettlement (鲁山's seven villages and 露峰/汇源 communities, 柘城's 5,680
households and 2.8万 people, 焦作/温县's 20 villages and 15 communities of 559.4万 m² with
3.8万人次 employed), and a final 2025 per-亩 evaluation of 柘城's enterprises with the
county's differentiated terms. Figures the seeds do not give are marked 演示.

    load_land_demo(stdout=None) -> dict   what was written
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from django.utils import timezone

from clusterzone.accounts.models import Region
from clusterzone.accounts.policy import SYSTEM
from clusterzone.assessment.models import Run
from clusterzone.core import workdays
from clusterzone.registry.models import Cluster, Enterprise

from . import services
from .models import (
    AcquisitionPlan,
    DifferentiatedPolicy,
    EnterpriseFigures,
    Housing,
    LandlessEmployment,
    LandPolicy,
    LandQuota,
    Parcel,
    VillageRelocation,
)

LUSHAN, ZHECHENG, CHANGYUAN, WENXIAN, ZMD_CITY = "41042301", "41142401", "41078301", "41082501", "41170201"
DEMO = "演示数据"

# 长垣: quota 7.5 km² (11,250 亩) of which 4.8 km² allocated (seed 004)
CHANGYUAN_ALLOCATIONS = [("起重园区", "1.5"), ("蒲西园区", "0.7"), ("蒲东园区", "0.6"), ("参木园区", "0.7"),
                         ("木岗园区", "0.5"), ("电厂", "0.8")]  # fmt: skip
TERMS = {
    "A": ("优先保障新增用地指标，土地出让价格按基准地价下限执行", "执行优惠电价，优先保障用电", "执行基本水价",
          "优先分配排污权指标", "优先推荐授信，利率下浮"),
    "B": ("正常安排用地", "执行正常电价", "执行基本水价", "正常分配排污权指标", "正常授信"),
    "C": ("原则上不新增用地，鼓励“零增地”技改", "电价每千瓦时上浮0.05元", "水价上浮10%",
          "排污费上浮20%", "审慎授信"),
    "D": ("不再新增供地，闲置低效用地依法收回", "电价每千瓦时上浮0.1元，用电紧张时优先限电", "水价上浮30%",
          "排污费上浮50%，不新增排污指标", "压缩授信"),
}  # fmt: skip


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _upsert(model, keys: dict, values: dict):
    obj = model.objects.filter(**keys).first()
    if obj is None:
        obj = model.objects.create(**keys, **values)
    return obj


def load_land_demo(stdout=None) -> dict:
    clusters = {c.code: c for c in Cluster.objects.select_related("region")}
    out = {"policies": 0, "evaluation": None}
    for c in clusters.values():
        intensity = D(230) if c.code == ZMD_CITY else D(280) if c.code == WENXIAN else D(216)
        if not LandPolicy.objects.filter(cluster=c).exists():
            # 最低亩均税收 11 万元/亩: Henan's 2020 target for its clusters
            LandPolicy.objects.create(
                cluster=c, min_intensity=intensity, standard_factory_below=D(30), min_tax_per_mu=D(11)
            )
            out["policies"] += 1
    lushan = clusters.get(LUSHAN)
    if lushan is not None:
        _upsert(
            AcquisitionPlan, {"cluster": lushan, "year": 2025}, {"planned": D(10000), "acquired": D(3700)}
        )
        _upsert(Parcel, {"cluster": lushan, "code": "LS-储备-01"},
                {"area": D(9000), "planned_use": "industrial", "status": "reserve"})  # fmt: skip
        _upsert(Parcel, {"cluster": lushan, "code": "LS-2025-07"},
                {"area": D(120), "planned_use": "industrial", "status": "supplied",
                 "supply_date": date(2025, 9, 15), "leading_industry": True})  # fmt: skip
        _upsert(Parcel, {"cluster": lushan, "code": "LS-2025-03"},
                {"area": D(85), "planned_use": "industrial", "status": "supplied",
                 "supply_date": date(2025, 3, 10), "leading_industry": False})  # fmt: skip
        _upsert(VillageRelocation, {"cluster": lushan, "phase": "首批"},
                {"villages": "大王庄、军王、詹营、王瓜营、申庄、后营、新华", "village_count": 7, "households": 3600,
                 "people": 15000, "land_freed": D(2600), "moved_households": 1200,
                 "notes": "户数、人数、腾出土地为演示数据"})  # fmt: skip
        for name in ("露峰社区", "汇源社区"):
            # 露峰 and 汇源 for 1.5–2万 people (seed 003); flats are demo figures
            _upsert(Housing, {"cluster": lushan, "name": name},
                    {"kind": "resettlement", "flats": 2500, "capacity": 10000})  # fmt: skip
    zhecheng = clusters.get(ZHECHENG)
    if zhecheng is not None:
        _upsert(VillageRelocation, {"cluster": zhecheng, "phase": "拆迁项目（46个）"},
                {"villages": "46个拆迁项目，160万平方米", "village_count": 46, "households": 5680,
                 "people": 28000, "moved_households": 5680, "notes": "土地收益4.5亿元"})  # fmt: skip
    wenxian = clusters.get(WENXIAN)
    if wenxian is not None:
        _upsert(VillageRelocation, {"cluster": wenxian, "phase": "焦作市村庄迁并"},
                {"villages": "20个村庄", "village_count": 20, "households": 6000, "people": 24000,
                 "notes": "村庄与社区数、建筑面积、就业人次出自种子文件（焦作市集聚区合计），户数人数为演示数据"})  # fmt: skip
        _upsert(Housing, {"cluster": wenxian, "name": "焦作市安置社区（15个）"},
                {"kind": "resettlement", "floor_area": D("559.4"), "flats": 15000})  # fmt: skip
        _upsert(LandlessEmployment, {"cluster": wenxian, "year": 2025, "kind": "employment"},
                {"person_times": 38000})  # fmt: skip
    changyuan = clusters.get(CHANGYUAN)
    if changyuan is not None:
        quota = _upsert(LandQuota, {"region": changyuan.region, "year": 2026}, {"quota": D(11250)})
        if not quota.allocations.exists():
            for name, km2 in CHANGYUAN_ALLOCATIONS:
                services.quota_allocation_save(
                    actor=SYSTEM, data={"quota": quota, "cluster": changyuan, "recipient": name,
                                        "area": D(km2) * 1500}, reason=DEMO,
                )  # fmt: skip
    if zhecheng is not None:
        out["evaluation"] = _evaluation(zhecheng)
    _say(stdout, f"土地演示数据：供地政策 {out['policies']} 条；亩均效益评价 {out['evaluation'] or '—'}。")
    return out


def _evaluation(cluster) -> int | None:
    region = Region.objects.filter(code=cluster.region.code).first()
    for klass, (land, power, water, discharge, credit) in TERMS.items():
        _upsert(DifferentiatedPolicy, {"region": region, "klass": klass},
                {"land": land, "power": power, "water": water, "discharge": discharge, "credit": credit})  # fmt: skip
    ents = list(Enterprise.objects.filter(cluster=cluster).order_by("name"))
    for i, e in enumerate(ents):
        k = D(len(ents) - i)
        _upsert(EnterpriseFigures, {"enterprise": e, "year": 2025},
                {"land_area": D(40) + k * 3, "tax": D(200) + k * 45, "value_added": D(1500) + k * 260,
                 "revenue": D(6000) + k * 900, "energy": D(900) + k * 20, "employees": 120 + int(k) * 11,
                 "rnd": D(80) + k * 12})  # fmt: skip
    existing = Run.objects.filter(subject="enterprise", cluster=cluster, year=2025).first()
    if existing is not None or len(ents) < 5:
        return existing.pk if existing else None
    run = services.evaluation_run(actor=SYSTEM, year=2025, cluster=cluster)
    starts = date(2026, 11, 2)
    services.evaluation_publicize(actor=SYSTEM, run=run, starts_on=starts)
    today = timezone.localdate()
    if today > workdays.add_workdays(starts, 5):
        services.evaluation_finalize(actor=SYSTEM, run=run, today=today)
    return run.pk
