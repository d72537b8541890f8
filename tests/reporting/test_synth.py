"""Synthetic province: deterministic, idempotent, monotone YTD flows, parts within wholes."""

from collections import defaultdict

import pytest
from django.core.management import call_command
from stdnum.cn import uscc

from clusterzone.core.validators import validate_credit_code
from clusterzone.registry.models import Cluster, Enterprise
from clusterzone.reporting.models import Submission, Target, Value
from clusterzone.workbench.synth import build_province


def snapshot():
    return sorted(
        Value.objects.filter(cluster__code__startswith="S").values_list(
            "cluster__code", "indicator__code", "period", "value"
        )
    )


@pytest.mark.django_db
def test_same_seed_same_values_and_rerun_replaces():
    r = build_province(clusters=3, years=2, seed=7, end="2025-06")
    assert (r.clusters, r.submissions) == (3, 3 * 24)
    first = snapshot()
    targets = sorted(Target.objects.values_list("cluster__code", "indicator__code", "year", "value"))
    assert len(first) == r.values and r.values > 3 * 24 * 10
    build_province(clusters=3, years=2, seed=7, end="2025-06")  # re-run: old rows replaced
    assert snapshot() == first
    assert sorted(Target.objects.values_list("cluster__code", "indicator__code", "year", "value")) == targets
    assert Cluster.objects.filter(code__startswith="S").count() == 3
    assert Submission.objects.filter(status="approved").count() == 3 * 24
    build_province(clusters=3, years=2, seed=8, end="2025-06")
    assert snapshot() != first


def everything():
    """Every synthetic row of every table the build writes, without primary keys."""
    from clusterzone.investment.models import Chain, ChainLink, Lead, LeadFollowUp, LeadStageChange
    from clusterzone.projects.models import Project, ProjectInvestment, ProjectMilestone, ProjectStageChange

    def rows(model, *fields):
        return sorted(map(repr, model.objects.values_list(*fields)))

    return {
        "values": snapshot(),
        "submissions": rows(Submission, "cluster__code", "period", "status", "due_date", "submitted_at"),
        "targets": rows(Target, "cluster__code", "indicator__code", "year", "value", "document"),
        "enterprises": rows(Enterprise, "credit_code", "name", "cluster__code", "employees"),
        "clusters": rows(Cluster, "code", "name", "region__code", "planned_area", "built_area", "star"),
        "projects": rows(Project, "code", "name", "cluster__code", "stage", "total_investment", "sign_date"),
        "stage_changes": rows(ProjectStageChange, "project__code", "to_stage", "date"),
        "milestones": rows(ProjectMilestone, "project__code", "name", "planned_date", "actual_date"),
        "investments": rows(ProjectInvestment, "project__code", "period", "amount"),
        "chains": rows(Chain, "cluster__code", "name"),
        "links": rows(ChainLink, "chain__cluster__code", "chain__name", "name", "order"),
        "leads": rows(Lead, "code", "cluster__code", "stage", "first_contact", "intended_investment"),
        "followups": rows(LeadFollowUp, "lead__code", "date", "kind"),
        "lead_changes": rows(LeadStageChange, "lead__code", "to_stage", "date"),
    }


@pytest.mark.django_db
def test_two_builds_with_the_same_seed_give_identical_data_in_every_table():
    """Same seed → same data in every table (values, submissions, targets, enterprises,
    projects and their milestones and investment, chains, leads and follow-ups), also with the
    batches streamed small (the streaming must not change the random sequence)."""
    from clusterzone.projects import synth as project_synth

    r = build_province(clusters=4, years=2, seed=11, end="2025-06")
    first = everything()
    assert all(first.values()), [k for k, v in first.items() if not v]
    assert len(first["values"]) == r.values and len(first["projects"]) == r.projects["projects"]
    assert len(first["followups"]) == r.leads["lead_followups"]
    # the build stores every clocked lead's service-clock deadline, as computing it gives
    from clusterzone.investment.clocks import refresh_deadlines
    from clusterzone.investment.models import Lead

    assert Lead.objects.filter(clock_deadline__isnull=False).exists()
    assert refresh_deadlines() == {}  # recomputing changes nothing
    real = project_synth.synth_projects

    def small_batches(*args, **kwargs):
        return real(*args, **{**kwargs, "batch": 3})  # flush every 30 rows

    project_synth.synth_projects = small_batches
    try:
        build_province(clusters=4, years=2, seed=11, end="2025-06")
    finally:
        project_synth.synth_projects = real
    assert everything() == first


@pytest.mark.django_db
def test_flows_monotone_within_year_and_parts_within_wholes():
    call_command("synth", clusters=4, years=2, seed=3, end="2025-12", stdout=open("/dev/null", "w"))
    values = defaultdict(dict)
    kinds = {}
    for cluster, code, kind, period, value in Value.objects.values_list(
        "cluster__code", "indicator__code", "indicator__kind", "period", "value"
    ):
        values[(cluster, code)][period] = value
        kinds[code] = kind
    assert {"revenue", "fai", "fai_industrial", "employees", "projects_settled"} <= set(kinds)
    for (cluster, code), series in values.items():
        assert all(v >= 0 for v in series.values())
        if kinds[code] != "flow":
            continue
        for year in (2024, 2025):
            ytd = [series[f"{year}-{m:02d}"] for m in range(1, 13)]
            assert ytd == sorted(ytd), (cluster, code, year)
            assert ytd[0] > 0 or code.startswith("projects")
    for (cluster, code), series in values.items():
        if code == "fai":
            for period, fai in series.items():
                parts = (
                    values[(cluster, "fai_industrial")][period]
                    + values[(cluster, "fai_infrastructure")][period]
                )
                assert parts <= fai
                assert (
                    values[(cluster, "value_added_leading")][period]
                    <= values[(cluster, "value_added")][period]
                )
    # growth: the December YTD revenue grows more often than not over the year
    assert Target.objects.filter(year=2025, indicator__code="fai").count() == 4
    # enterprises with valid credit codes
    codes = list(
        Enterprise.objects.filter(cluster__code__startswith="S").values_list("credit_code", flat=True)
    )
    assert len(codes) == 12
    for code in codes:
        validate_credit_code(code)
        assert uscc.is_valid(code)
