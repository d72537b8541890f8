"""Synthetic projects for scale tests: `synth_projects(clusters, rng, years)` builds, for each
cluster, projects with stage changes, milestones (some overdue) and monthly investment, with
bulk_create (no history rows, no per-row validation: synthetic data only). The lead wires it
into `clusterzone synth`."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from clusterzone.core.bulk import insert_objects

from .choices import STAGE_PATH, ProjectKind, Stage, band_of
from .codes import platform_code
from .models import Project, ProjectInvestment, ProjectMilestone, ProjectStageChange

AMOUNTS = [1500, 4000, 8000, 20000, 60000, 150000]  # one per band, spread by rng below
MILESTONES = ["土地摘牌", "施工许可", "主体封顶", "设备安装", "试生产"]


def synth_projects(clusters, rng: random.Random, years, *, per_cluster: int = 20, batch: int = 2000) -> dict:
    """Create `per_cluster` projects per cluster over `years` (iterable of ints). Returns counts."""
    years = list(years)
    today = dt.date.today()
    projects: list[Project] = []
    for cluster in clusters:
        seq: dict[int, int] = {}
        for _ in range(per_cluster):
            year = rng.choice(years)
            seq[year] = seq.get(year, 0) + 1
            total = Decimal(int(rng.choice(AMOUNTS) * rng.uniform(0.6, 1.6)))
            stage = rng.choice(STAGE_PATH + [Stage.TERMINATED])
            sign = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            idx = STAGE_PATH.index(stage) if stage in STAGE_PATH else 1
            start = sign + dt.timedelta(days=rng.randint(20, 120)) if idx >= 3 else None
            prod = (
                start + dt.timedelta(days=rng.randint(200, 500))
                if start and stage == Stage.PRODUCING
                else None
            )
            stage_date = prod or start or (sign if idx >= 2 else sign - dt.timedelta(days=30))
            projects.append(
                Project(
                    code=platform_code(cluster.code, year, seq[year]), name=f"{cluster.name}合成项目{year}-{seq[year]}",
                    cluster=cluster, kind=rng.choice(ProjectKind.values), total_investment=total, band=band_of(total),
                    land_area=Decimal(max(10, int(total / rng.randint(150, 320)))), stage=stage,
                    stage_date=min(stage_date, today), sign_date=sign if idx >= 2 else None, start_date=start,
                    production_date=prod, terminated_reason="合成数据" if stage == Stage.TERMINATED else "",
                )
            )  # fmt: skip
    insert_objects(Project, projects)
    changes, milestones, investments = [], [], []
    counts = {"projects": len(projects), "stage_changes": 0, "milestones": 0, "investments": 0}

    def flush():  # streamed in batches: memory stays flat whatever the number of projects
        insert_objects(ProjectStageChange, changes, want_ids=False)
        insert_objects(ProjectMilestone, milestones, want_ids=False)
        insert_objects(ProjectInvestment, investments, want_ids=False)
        counts["stage_changes"] += len(changes)
        counts["milestones"] += len(milestones)
        counts["investments"] += len(investments)
        changes.clear(), milestones.clear(), investments.clear()

    for p in projects:
        changes.append(ProjectStageChange(project=p, from_stage="", to_stage=p.stage, date=p.stage_date))
        base = p.sign_date or p.stage_date
        for k, name in enumerate(MILESTONES[: rng.randint(1, len(MILESTONES))]):
            planned = base + dt.timedelta(days=60 * (k + 1))
            done = planned + dt.timedelta(days=rng.randint(-10, 20))
            milestones.append(
                ProjectMilestone(
                    project=p, name=name, planned_date=planned,
                    actual_date=done if done < today and rng.random() < 0.7 else None,
                )
            )  # fmt: skip
        if p.start_date:
            y, m = p.start_date.year, p.start_date.month
            for _ in range(rng.randint(1, 12)):
                if (y, m) > (today.year, today.month):
                    break
                amount = Decimal(int(p.total_investment / rng.randint(10, 40)))
                investments.append(
                    ProjectInvestment(project=p, period=f"{y:04d}-{m:02d}", year=y, month=m, amount=amount)
                )
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        if len(changes) + len(milestones) + len(investments) >= batch * 10:
            flush()
    flush()
    return counts


def delete_synthetic_projects(cluster_ids) -> int:
    """Delete the projects of these clusters (PROTECT on their cluster) and their stage
    changes, milestones, monthly investment and teams in bulk. Returns the projects deleted."""
    from django.db import connection

    db = connection.alias
    ids = list(cluster_ids)
    total = 0
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for model in (ProjectInvestment, ProjectMilestone, ProjectStageChange):
            model.objects.filter(project__cluster_id__in=chunk)._raw_delete(db)
        Project.team_users.through.objects.filter(project__cluster_id__in=chunk)._raw_delete(db)
        Project.team_units.through.objects.filter(project__cluster_id__in=chunk)._raw_delete(db)
        projects = Project.objects.filter(cluster_id__in=chunk)
        total += projects.count()
        projects._raw_delete(db)
    return total
