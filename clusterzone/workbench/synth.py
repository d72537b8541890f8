"""The synthetic province across the apps (`clusterzone synth`): the reporting module's
clusters, enterprises, reports, values and targets, then the project library's projects and
the investment module's leads on the same clusters, each app building its own part
(reporting.synth, projects.synth, investment.synth). Deterministic for a seed; a re-run
replaces the previous synthetic rows."""

from __future__ import annotations

import random

from clusterzone.core.bulk import deferred_indexes
from clusterzone.core.periods import Period
from clusterzone.reporting import synth as reporting_synth
from clusterzone.reporting.synth import DEFAULT_END, SynthResult

__all__ = ["DEFAULT_END", "build_province"]


def _delete_projects_and_leads(cluster_ids) -> None:
    from clusterzone.investment.synth import delete_synthetic_leads
    from clusterzone.projects.synth import delete_synthetic_projects

    delete_synthetic_leads(cluster_ids)  # leads first: a landed lead points to its project
    delete_synthetic_projects(cluster_ids)


def _build_projects_and_leads(new_clusters, months, end: Period, seed: int, result: SynthResult) -> str:
    from clusterzone.investment import synth as investment_synth
    from clusterzone.investment.models import Lead, LeadFollowUp, LeadStageChange
    from clusterzone.projects import synth as project_synth
    from clusterzone.projects.models import (
        Project,
        ProjectInvestment,
        ProjectMilestone,
        ProjectStageChange,
    )

    project_rng = random.Random(seed * 104729 + 1)
    bulk = (
        Project,
        ProjectStageChange,
        ProjectMilestone,
        ProjectInvestment,
        Lead,
        LeadFollowUp,
        LeadStageChange,
    )
    with deferred_indexes(*bulk):
        result.projects = project_synth.synth_projects(
            new_clusters, project_rng, sorted({m.year for m in months})
        )
        result.leads = investment_synth.synth_leads(
            new_clusters, random.Random(seed * 104729 + 2), today=end.end, refresh=False
        )
    # the leads' stored clock deadlines, once the follow-ups' index is back
    investment_synth.refresh_new_leads(new_clusters)
    return "项目和招商线索"


def build_province(
    *, clusters: int, years: int, seed: int, end: str | Period = DEFAULT_END, stdout=None
) -> SynthResult:
    """Build the synthetic province of every app and return the counts and the time each step
    took."""
    return reporting_synth.build_province(
        clusters=clusters,
        years=years,
        seed=seed,
        end=end,
        stdout=stdout,
        delete_others=_delete_projects_and_leads,
        build_others=_build_projects_and_leads,
    )
