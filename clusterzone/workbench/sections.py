"""The workbench sections of every role (declared with workbench.registry.section).

Each returns what its template shows, counts first, every item a link to where it is done;
None leaves the section out. To add one: declare it here (or in a module imported below)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.accounts.choices import Role
from clusterzone.assessment.choices import RunStatus
from clusterzone.assessment.selectors import run_list
from clusterzone.investment.clocks import overdue_q
from clusterzone.investment.models import Lead
from clusterzone.projects import selectors as projects
from clusterzone.registry.selectors import home_summary

from . import selectors
from .registry import section

OFFICE = (Role.OFFICE_ADMIN, Role.OFFICE_STAFF)
REPORTER = (Role.CLUSTER_REPORTER,)
LEADER = (Role.PROJECT_LEADER,)
EVERYONE = tuple(Role.values)


@section("review", _("待审核与退回"), roles=OFFICE, template="workbench/_review.html", order=10)
def review(user, today):
    return selectors.review_counts(user=user)


@section("open_periods", _("本期报送"), roles=OFFICE, template="workbench/_open_periods.html", order=20)
def open_periods(user, today):
    items = selectors.open_periods(user=user, today=today)
    return {"items": items} if items else None


@section("lagging", _("时间过半任务未过半"), roles=OFFICE, template="workbench/_lagging.html", order=30)
def lagging(user, today):
    period, items = selectors.lagging_clusters(user=user)
    return {"period": period, "count": len(items), "items": items[:10]}


@section("milestones", _("逾期项目节点"), roles=OFFICE, template="workbench/_milestones.html", order=40)
def overdue_milestones(user, today):
    qs = projects.overdue_milestones(user=user, today=today)
    return {"count": qs.count(), "items": _five_milestones(qs)}


def _five_milestones(qs) -> list:
    """The first five overdue milestones with their project's name: what the card shows."""
    return list(
        qs.select_related(None)
        .select_related("project")
        .only("id", "name", "planned_date", "project_id", "project__name")[:5]
    )


def _overdue_leads(user, today, cluster_ids=None):
    """Overdue by the stored clock deadline: one COUNT and one page of five, whatever the
    number of open leads."""
    overdue = overdue_q(today)
    if cluster_ids is not None:
        overdue &= Q(cluster_id__in=cluster_ids)
    scoped = policy.scope(user, Lead).filter(overdue)
    count = scoped.count()  # no joins or annotations to count
    # the five shown need their cluster's name only (the list's ten joins cost more to plan
    # on PostgreSQL than to run)
    items = (
        scoped.select_related("cluster")
        .only("id", "company", "cluster__name", "cluster_id")
        .order_by("id")[:5]
    )
    return {"count": count, "items": list(items) if count else []}


@section("leads", _("超过服务时限的招商线索"), roles=OFFICE, template="workbench/_leads.html", order=50)
def overdue_leads(user, today):
    return _overdue_leads(user, today)


@section("assessment", _("最新考核结果与通报"), roles=OFFICE, template="workbench/_assessment.html", order=60)
def latest_assessment(user, today):
    from clusterzone.core.documents import document_list
    from clusterzone.core.models import DocumentKind

    run = run_list(user=user).filter(status=RunStatus.PUBLISHED).order_by("-published_at", "-id").first()
    bulletin = document_list(user=user, kind=DocumentKind.BULLETIN).order_by("-issued_at", "-id").first()
    return {"run": run, "bulletin": bulletin}


@section("interviews", _("待约谈单位"), roles=OFFICE, template="workbench/_interviews.html", order=65)
def pending_interviews(user, today):
    """约谈: units red at two monthly checks in a row, not yet talked to."""
    from clusterzone.supervision.interviews import pending_interviews as pending

    qs = pending(user=user)
    count = qs.count()
    return {"count": count, "items": list(qs[:5])} if count else None


@section("my_forms", _("待填报表"), roles=REPORTER, template="workbench/_my_forms.html", order=10)
def my_forms(user, today):
    return {"forms": selectors.reporter_forms(user=user, today=today)}


@section("progress", _("本集聚区进度"), roles=REPORTER, template="workbench/_progress.html", order=20)
def cluster_progress(user, today):
    from clusterzone.reporting.selectors.status import reporter_clusters

    out = []
    for cluster in reporter_clusters(user).select_related("region")[:3]:
        period, sentences = selectors.cluster_sentences(user=user, cluster=cluster)
        if sentences:
            out.append({"cluster": cluster, "period": period, "sentences": sentences})
    return {"items": out} if out else None


@section(
    "cluster_items", _("本集聚区逾期事项"), roles=REPORTER, template="workbench/_cluster_items.html", order=30
)
def cluster_items(user, today):
    from clusterzone.reporting.selectors.status import reporter_clusters

    cluster_ids = list(reporter_clusters(user).values_list("id", flat=True))
    if not cluster_ids:
        return None
    qs = projects.overdue_milestones(user=user, today=today).filter(project__cluster_id__in=cluster_ids)
    return {
        "milestones": {"count": qs.count(), "items": _five_milestones(qs)},
        "leads": _overdue_leads(user, today, cluster_ids),
    }


@section("my_projects", _("我分包的项目"), roles=LEADER, template="workbench/_my_projects.html", order=10)
def my_projects(user, today):
    items = list(projects.my_projects(user=user, today=today))
    return {
        "items": items,
        "overdue": sum(p.overdue_count for p in items),
        "month": today,
    }


@section("summary", _("集聚区概况"), roles=EVERYONE, template="workbench/_summary.html", order=90)
def summary(user, today):
    if not policy.may(user, "view", "cluster"):
        return None
    return {"summary": home_summary(user=user)}


@section(
    "my_enterprises", _("我联系的企业"), roles=EVERYONE, template="workbench/_my_enterprises.html", order=11
)
def my_enterprises(user, today):
    """领导联系企业: any official may be assigned; the section shows only when he or she follows
    at least one enterprise."""
    items = list(selectors.followed_enterprises(user=user))
    if not items:
        return None
    return {"items": items, "protected": sum(1 for c in items if c.protected)}


@section(
    "unit_evaluation", _("本单位行风评议"), roles=(Role.DEPARTMENT_LIAISON,),
    template="workbench/_unit_evaluation.html", order=40,
)  # fmt: skip
def unit_evaluation(user, today):
    """The liaison's unit in the latest month rated: score, rank, flagged or not, comments
    (never who rated)."""
    from clusterzone.evaluation import selectors as evaluation

    row = evaluation.unit_latest(user=user)
    return {"row": row} if row is not None else None


@section(
    "bottom_units", _("行风评议后位单位"), roles=OFFICE, template="workbench/_bottom_units.html", order=65,
)  # fmt: skip
def bottom_units(user, today):
    from clusterzone.evaluation import selectors as evaluation

    found = evaluation.bottom_latest(user=user)
    return {"found": found} if found is not None else None
