"""Demo projects from the seeds (`load_projects_demo()`, idempotent: a project is looked up
by cluster and name and created only when missing; its stages, milestones and monthly
investment are added only when it is new). Wired into `clusterzone demo` by the lead.

Seeds: 鲁山 (seed 003): 石材建材工业城 300亿, 海亮工业园 50亿, 中德纺织科技园 13亿, 海威特种布
3亿, 圣光保健器材科技园二期, 方圆碳素; 柘城 (seed 000): 德兴纺织, 力量新材料, 华商药业,
海乐电子, 惠丰金刚石; 焦作/温县: 奇瑞 engine parts, 61万套, 25亿, built in 232 days.
Amounts not given by the seeds are plausible for their quota band. Also the "1233" quota that
seed 002 sets for every county and district of 驻马店市 (每个县区都要引进10亿元以上的工业项目1个，
5-10亿元的2个，1亿元-5亿元的3个) for its year, 2014.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from clusterzone.accounts.models import Region, User
from clusterzone.accounts.policy import SYSTEM
from clusterzone.registry.models import Cluster

from . import services
from .choices import KeyLevel, ProjectKind, Stage
from .models import Project, ProjectMilestone, Quota

D = dt.date
LUSHAN, ZHECHENG, WENXIAN = "41042301", "41142401", "41082501"

# name, cluster, total 万元, key level, land 亩, path [(stage, date)], leader, milestones
# [(name, planned, actual or None)], monthly investment {YYYY-MM: 万元}, investor
PROJECTS = [
    ("石材建材工业城", LUSHAN, 3000000, KeyLevel.PROVINCE, 12000,
     # seed 003: still in preparation (前期工作) in May 2025 — "预计下月开工" in March
     [(Stage.SIGNED, D(2024, 6, 18))],
     "lushan_leader",
     [("一期土地摘牌", D(2024, 9, 30), D(2024, 9, 26)), ("完成前期手续", D(2025, 3, 31), None),
      ("一期开工", D(2025, 4, 30), None)],
     {}, "石材建材工业城投资方"),
    ("海亮工业园", LUSHAN, 500000, KeyLevel.PROVINCE, 1800,
     [(Stage.NEGOTIATING, D(2024, 12, 1)), (Stage.SIGNED, D(2025, 3, 12)), (Stage.STARTED, D(2025, 4, 20))],
     "lushan_leader",
     [("项目备案", D(2025, 3, 31), D(2025, 3, 28)), ("环评批复", D(2025, 5, 15), None)],
     {"2025-04": 8000}, "海亮集团"),
    ("中德纺织科技园", LUSHAN, 130000, KeyLevel.CITY, 520,
     [(Stage.SIGNED, D(2024, 11, 20)), (Stage.STARTED, D(2025, 2, 26)), (Stage.BUILDING, D(2025, 3, 10))],
     "lushan_leader",
     [("主体封顶", D(2025, 5, 10), None), ("设备进场", D(2025, 8, 31), None)],
     {"2025-03": 6000, "2025-04": 7500}, "中德纺织"),
    ("海威特种布", LUSHAN, 30000, KeyLevel.COUNTY, 110,
     [(Stage.SIGNED, D(2025, 1, 15)), (Stage.STARTED, D(2025, 3, 18))],
     "lushan_leader",
     [("厂房主体完工", D(2025, 7, 31), None)],
     {"2025-03": 2500, "2025-04": 3000}, "海威特种布"),
    ("圣光保健器材科技园二期", LUSHAN, 60000, KeyLevel.CITY, 260,
     [(Stage.SIGNED, D(2024, 8, 1)), (Stage.STARTED, D(2024, 9, 15)), (Stage.BUILDING, D(2024, 10, 1))],
     "lushan_leader",
     [("二期厂房竣工", D(2025, 4, 30), None)],
     {"2025-01": 2000, "2025-02": 1500, "2025-03": 3000}, "圣光集团"),
    ("方圆碳素", LUSHAN, 80000, KeyLevel.CITY, 350,
     # seed 003: under construction ("正抓紧建设") in May 2025
     [(Stage.SIGNED, D(2024, 5, 1)), (Stage.STARTED, D(2024, 9, 1)), (Stage.BUILDING, D(2024, 9, 15))],
     "lushan_leader", [], {"2025-03": 2000, "2025-04": 2500}, "方圆碳素"),
    ("德兴纺织", ZHECHENG, 12000, "", 55,
     [(Stage.SIGNED, D(2025, 2, 10)), (Stage.STARTED, D(2025, 4, 1))], None,
     [("厂房封顶", D(2025, 9, 30), None)], {"2025-04": 1200}, "德兴纺织"),
    ("力量新材料", ZHECHENG, 65000, KeyLevel.CITY, 260,
     [(Stage.SIGNED, D(2024, 9, 1)), (Stage.STARTED, D(2024, 11, 1)), (Stage.BUILDING, D(2024, 12, 1))], None,
     [("单晶车间投用", D(2025, 3, 31), None)], {"2025-01": 3000, "2025-02": 2800}, "力量钻石"),
    ("华商药业", ZHECHENG, 15000, "", 70, [(Stage.NEGOTIATING, D(2025, 3, 20))], None, [], {}, "华商药业"),
    ("海乐电子", ZHECHENG, 8000, "", 40, [(Stage.SIGNED, D(2025, 4, 8))], None, [], {}, "海乐电子"),
    ("惠丰金刚石", ZHECHENG, 25000, KeyLevel.COUNTY, 120,
     [(Stage.SIGNED, D(2024, 3, 1)), (Stage.STARTED, D(2024, 5, 6)), (Stage.PRODUCING, D(2025, 1, 10))], None,
     [], {"2024-12": 1500}, "惠丰钻石"),
    # 焦作 奇瑞 engine parts: 61万套, 25亿, started → producing in 232 days
    ("奇瑞发动机零部件项目（年产61万套）", WENXIAN, 250000, KeyLevel.PROVINCE, 800,
     [(Stage.SIGNED, D(2023, 3, 20)), (Stage.STARTED, D(2023, 5, 10)), (Stage.BUILDING, D(2023, 5, 20)),
      (Stage.PRODUCING, D(2023, 5, 10) + dt.timedelta(days=232))], None,
     [("主厂房封顶", D(2023, 8, 31), D(2023, 8, 25)), ("设备安装调试", D(2023, 11, 30), D(2023, 12, 10))],
     {}, "奇瑞汽车"),
]  # fmt: skip

QUOTA_1233 = [(100000, None, 1), (50000, 100000, 2), (10000, 50000, 3)]
QUOTA_1233_CITY, QUOTA_1233_YEAR = "411700", 2014  # seed 002: 驻马店市's counties and districts


def load_projects_demo(stdout=None) -> dict:
    """Create the demo projects that are missing; returns counts."""
    counts = {"projects": 0, "quotas": 0}
    clusters = {c.code: c for c in Cluster.objects.filter(code__in={p[1] for p in PROJECTS})}
    users = {u.username: u for u in User.objects.filter(username__in={p[6] for p in PROJECTS if p[6]})}
    for name, code, total, key, land, path, leader, milestones, monthly, investor in PROJECTS:
        cluster = clusters.get(code)
        if cluster is None or Project.objects.filter(cluster=cluster, name=name).exists():
            continue
        first_stage, first_date = path[0]
        project = services.project_create(
            actor=SYSTEM,
            data={
                "name": name, "cluster": cluster, "total_investment": Decimal(total), "key_level": key,
                "land_area": Decimal(land), "kind": ProjectKind.INDUSTRIAL, "investor_name": investor,
                "leader": users.get(leader) if leader else None, "stage": first_stage, "stage_date": first_date,
                "sign_date": first_date if first_stage == Stage.SIGNED else None,
            },
            reason="演示数据",
        )  # fmt: skip
        for stage, date in path[1:]:
            services.project_transition(
                actor=SYSTEM, project=project, to_stage=stage, date=date, reason="演示数据"
            )
        unit = cluster.committee
        for m_name, planned, actual in milestones:
            services.milestone_save(
                actor=SYSTEM,
                milestone=ProjectMilestone(
                    project=project,
                    name=m_name,
                    planned_date=planned,
                    actual_date=actual,
                    responsible_unit=unit,
                ),
            )
        for period, amount in monthly.items():
            services.investment_record(actor=SYSTEM, project=project, period=period, amount=amount)
        counts["projects"] += 1
    year = QUOTA_1233_YEAR
    stored = set(
        Quota.objects.filter(region__parent__code=QUOTA_1233_CITY, year=year).values_list(
            "region_id", "min_amount"
        )
    )
    for region in Region.objects.filter(parent__code=QUOTA_1233_CITY).order_by("code"):
        for lo, hi, n in QUOTA_1233:
            if (region.pk, Decimal(lo)) not in stored:
                services.quota_save(
                    actor=SYSTEM, quota=Quota(region=region, year=year, min_amount=lo, max_amount=hi, count=n)
                )
                counts["quotas"] += 1
    if stdout is not None:
        stdout.write(f"项目演示数据：新增项目 {counts['projects']} 个，项目指标 {counts['quotas']} 条。\n")
    return counts
