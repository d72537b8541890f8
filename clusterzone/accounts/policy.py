"""THE policy: who may see and do what. Services, selectors, views, API and importers all
ask here; no permission logic lives anywhere else.

Two questions:
- scope(user, model): the queryset of a model the user may see (their unit's region subtree);
- can(user, action, obj): may the user view/add/change/delete this object (for "add", an
  unsaved instance whose place — region or cluster — is already set).

The rules are data (RULES below): for each (object kind, action) the roles allowed and the
reach of each role: "region" = anywhere in the unit's region subtree, "own_cluster" = only
the cluster whose management committee is the user's unit.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from .choices import Role

REGION = "region"
OWN_CLUSTER = "own_cluster"
LED = "led"  # the object's `leader` (分包领导) is the user
OWN_DEPARTMENT = "own_department"  # the object's department (`policy_department`) is the user's unit
AGENT = "agent"  # the object's agent (`policy_agent`, 代办员) is the user
OWNER = "owner"  # the object's owner (`policy_owner`, e.g. the raiser of a problem) is the user
# the object's bank is the user's unit: one of the lookups the model declares in `policy_bank`
# (a loan's lender or a participant of its syndicate, a response's bank, a need published to
# the bank); reached wherever the object sits in the region tree
OWN_BANK = "own_bank"
# the user's bank is one of the parties the model declares in `policy_bank_parties` (lookups
# to units: a syndicate's participants, the banks a need is published to), or the row is open
# to every bank of its region (the boolean field named by `policy_bank_open`)
BANK_PARTY = "bank_party"
# the user is one of the leaders who follow the object (领导联系企业): a lookup to users the
# model declares in `policy_followers` (an enterprise's contacts' leader)
FOLLOWED = "followed"

# every role of the government side; a bank's users (金融机构用户) read the registry and the
# finance rows their bank takes part in, not the offices' internal work
ALL_ROLES = {r: REGION for r in Role.values if r != Role.BANK_STAFF}
REGISTRY_VIEW = {**ALL_ROLES, Role.BANK_STAFF: REGION}
OFFICE_EDIT = {Role.OFFICE_ADMIN: REGION, Role.OFFICE_STAFF: REGION}
ADMIN_ONLY = {Role.OFFICE_ADMIN: REGION}

RULES: dict[tuple[str, str], dict[str, str]] = {
    ("region", "view"): REGISTRY_VIEW,
    ("region", "add"): ADMIN_ONLY,
    ("region", "change"): ADMIN_ONLY,
    ("region", "delete"): ADMIN_ONLY,
    ("orgunit", "view"): REGISTRY_VIEW,
    ("orgunit", "add"): ADMIN_ONLY,
    ("orgunit", "change"): ADMIN_ONLY,
    ("orgunit", "delete"): ADMIN_ONLY,
    ("user", "view"): ADMIN_ONLY,
    ("user", "add"): ADMIN_ONLY,
    ("user", "change"): ADMIN_ONLY,
    ("user", "delete"): ADMIN_ONLY,
    ("cluster", "view"): REGISTRY_VIEW,
    ("cluster", "add"): ADMIN_ONLY,
    ("cluster", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("cluster", "delete"): ADMIN_ONLY,
    ("enterprise", "view"): REGISTRY_VIEW,
    ("enterprise", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("enterprise", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("enterprise", "delete"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    # statistical reporting: a cluster's report is entered and submitted by its committee
    # (or the office), reviewed by the joint-meeting office of the cluster's region
    ("submission", "view"): ALL_ROLES,
    ("submission", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("submission", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("submission", "submit"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("submission", "approve"): OFFICE_EDIT,
    ("submission", "return"): OFFICE_EDIT,
    ("submission", "reopen"): OFFICE_EDIT,
    ("submission", "delete"): ADMIN_ONLY,
    ("target", "view"): ALL_ROLES,
    ("target", "add"): OFFICE_EDIT,
    ("target", "change"): OFFICE_EDIT,
    ("target", "delete"): OFFICE_EDIT,
    # projects (一项一码): a cluster's committee keeps its projects, the leader in charge
    # (分包领导) updates the projects he or she leads
    ("project", "view"): ALL_ROLES,
    ("project", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("project", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER, Role.PROJECT_LEADER: LED},
    ("project", "delete"): ADMIN_ONLY,
    ("quota", "view"): ALL_ROLES,
    ("quota", "add"): OFFICE_EDIT,
    ("quota", "change"): OFFICE_EDIT,
    ("quota", "delete"): OFFICE_EDIT,
    # investment attraction: leads and industry-chain maps
    ("lead", "view"): ALL_ROLES,
    ("lead", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("lead", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER, Role.PROJECT_LEADER: LED},
    ("lead", "delete"): OFFICE_EDIT,
    ("clockrule", "view"): ALL_ROLES,
    ("clockrule", "add"): OFFICE_EDIT,
    ("clockrule", "change"): OFFICE_EDIT,
    ("clockrule", "delete"): OFFICE_EDIT,
    ("chain", "view"): ALL_ROLES,
    ("chain", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("chain", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("chain", "delete"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    # assessment: schemes are set by the office of the region they assess; runs are drafted
    # and published by the office (drafts are seen by office roles only: see the selectors);
    # deductions, vetoes and manual points are recorded by the office per cluster
    ("scheme", "view"): ALL_ROLES,
    ("scheme", "add"): ADMIN_ONLY,
    ("scheme", "change"): ADMIN_ONLY,
    ("scheme", "delete"): ADMIN_ONLY,
    ("run", "view"): ALL_ROLES,
    ("run", "view_draft"): OFFICE_EDIT,
    ("run", "add"): OFFICE_EDIT,
    ("run", "publish"): ADMIN_ONLY,
    ("run", "delete"): ADMIN_ONLY,
    ("assessmentinput", "view"): ALL_ROLES,
    ("assessmentinput", "add"): OFFICE_EDIT,
    ("assessmentinput", "change"): OFFICE_EDIT,
    ("assessmentinput", "delete"): OFFICE_EDIT,
    ("benchmark", "view"): ALL_ROLES,
    ("benchmark", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("benchmark", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("benchmark", "delete"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("bulletin", "view"): ALL_ROLES,
    ("bulletin", "add"): OFFICE_EDIT,
    # the register of issued documents (core.documents): every official document of an
    # office (通报, 会议纪要 …) is issued by office roles and read by everyone of the region
    ("issueddocument", "view"): ALL_ROLES,
    ("issueddocument", "add"): OFFICE_EDIT,
    ("documentoffice", "view"): ALL_ROLES,
    ("documentoffice", "add"): OFFICE_EDIT,
    ("documentoffice", "change"): ADMIN_ONLY,
    # one-stop approval service (审批服务): the catalog of matters, windows, parallel groups
    # and the region's promise are kept by the office of the department's region; cases are
    # seen by the office (whole scope), the committee (its cluster's projects), the
    # department's liaison (its own matters' cases), the agent (代办员, the cases they handle)
    # and the leader in charge of the project; the department handles them (受理、暂停、办结)
    ("approvalmatter", "view"): ALL_ROLES,
    ("approvalmatter", "add"): OFFICE_EDIT,
    ("approvalmatter", "change"): OFFICE_EDIT,
    ("approvalmatter", "delete"): OFFICE_EDIT,
    ("approvalcase", "view"): {
        **OFFICE_EDIT,
        Role.READONLY: REGION,
        Role.CLUSTER_REPORTER: OWN_CLUSTER,
        Role.DEPARTMENT_LIAISON: OWN_DEPARTMENT,
        Role.APPROVAL_AGENT: AGENT,
        Role.PROJECT_LEADER: LED,
    },
    ("approvalcase", "add"): {
        **OFFICE_EDIT,
        Role.CLUSTER_REPORTER: OWN_CLUSTER,
        Role.DEPARTMENT_LIAISON: OWN_DEPARTMENT,
    },
    ("approvalcase", "change"): {
        **OFFICE_EDIT,
        Role.CLUSTER_REPORTER: OWN_CLUSTER,
        Role.DEPARTMENT_LIAISON: OWN_DEPARTMENT,
    },
    ("approvalcase", "handle"): {**OFFICE_EDIT, Role.DEPARTMENT_LIAISON: OWN_DEPARTMENT},
    ("approvalcase", "delete"): OFFICE_EDIT,
    # land and the per-亩 evaluation (亩均效益评价): the office keeps each cluster's land policy,
    # the region's differentiated terms per class, the 公示 and the objections' decisions; a
    # cluster's committee keeps its enterprises' annual figures
    ("landpolicy", "view"): ALL_ROLES,
    ("landpolicy", "add"): OFFICE_EDIT,
    ("landpolicy", "change"): OFFICE_EDIT,
    ("landpolicy", "delete"): OFFICE_EDIT,
    ("enterprisefigures", "view"): ALL_ROLES,
    ("enterprisefigures", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("enterprisefigures", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("enterprisefigures", "delete"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("differentiatedpolicy", "view"): ALL_ROLES,
    ("differentiatedpolicy", "add"): OFFICE_EDIT,
    ("differentiatedpolicy", "change"): OFFICE_EDIT,
    ("differentiatedpolicy", "delete"): OFFICE_EDIT,
    ("evaluationnotice", "view"): ALL_ROLES,
    ("evaluationnotice", "add"): OFFICE_EDIT,
    ("objection", "view"): OFFICE_EDIT,
    ("objection", "add"): OFFICE_EDIT,
    ("objection", "change"): OFFICE_EDIT,
    ("parcel", "view"): ALL_ROLES,
    ("parcel", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("parcel", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("parcel", "recover"): OFFICE_EDIT,
    ("parcel", "delete"): OFFICE_EDIT,
    ("acquisitionplan", "view"): ALL_ROLES,
    ("acquisitionplan", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("acquisitionplan", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("acquisitionplan", "delete"): OFFICE_EDIT,
    ("landquota", "view"): ALL_ROLES,
    ("landquota", "add"): OFFICE_EDIT,
    ("landquota", "change"): OFFICE_EDIT,
    ("landquota", "delete"): OFFICE_EDIT,
    # supervision: the problem ledger (问题台账). A cluster's committee (or the office) raises
    # a problem; the office assigns (交办), escalates (上报) and returns; the responsible
    # unit's liaison answers (反馈); the office or the raiser checks and closes (销号)
    ("problem", "view"): ALL_ROLES,
    ("problem", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("problem", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWNER},
    ("problem", "assign"): OFFICE_EDIT,
    ("problem", "feedback"): {**OFFICE_EDIT, Role.DEPARTMENT_LIAISON: OWN_DEPARTMENT},
    ("problem", "close"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWNER},
    ("problem", "return"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWNER},
    ("problem", "escalate"): OFFICE_EDIT,
    ("problem", "delete"): ADMIN_ONLY,
    ("ladderlevel", "view"): ALL_ROLES,
    ("ladderlevel", "add"): ADMIN_ONLY,
    ("ladderlevel", "change"): ADMIN_ONLY,
    ("ladderlevel", "delete"): ADMIN_ONLY,
    # money (finance): a bank's users record their own bank's loans and see those it holds a
    # share of; offices see and record everything in scope; committees read their region's
    ("loan", "view"): {**ALL_ROLES, Role.BANK_STAFF: BANK_PARTY},
    ("loan", "add"): {**OFFICE_EDIT, Role.BANK_STAFF: OWN_BANK},
    ("loan", "change"): {**OFFICE_EDIT, Role.BANK_STAFF: OWN_BANK},
    ("loan", "delete"): OFFICE_EDIT,
    ("superiorfund", "view"): ALL_ROLES,
    ("superiorfund", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("superiorfund", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("superiorfund", "delete"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("financingplatform", "view"): ALL_ROLES,
    ("financingplatform", "add"): OFFICE_EDIT,
    ("financingplatform", "change"): OFFICE_EDIT,
    ("financingplatform", "delete"): OFFICE_EDIT,
    # reference data shared by the whole province: administrators of the province office
    ("industry", "view"): REGISTRY_VIEW,
    ("industry", "add"): ADMIN_ONLY,
    ("industry", "change"): ADMIN_ONLY,
    ("industry", "delete"): ADMIN_ONLY,
    # land: a quota's allocations are kept by the office; the villages and people the land
    # moves (产城互动) by the cluster's committee or the office
    ("quotaallocation", "view"): ALL_ROLES,
    ("quotaallocation", "add"): OFFICE_EDIT,
    ("quotaallocation", "change"): OFFICE_EDIT,
    ("quotaallocation", "delete"): OFFICE_EDIT,
    ("villagerelocation", "view"): ALL_ROLES,
    ("villagerelocation", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("villagerelocation", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("villagerelocation", "delete"): OFFICE_EDIT,
    ("housing", "view"): ALL_ROLES,
    ("housing", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("housing", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("housing", "delete"): OFFICE_EDIT,
    ("landlessemployment", "view"): ALL_ROLES,
    ("landlessemployment", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("landlessemployment", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("landlessemployment", "delete"): OFFICE_EDIT,
    # supervision: the division-of-work table (重点工作分工); the office keeps it, the lead
    # unit's liaison reports progress
    ("worktask", "view"): ALL_ROLES,
    ("worktask", "add"): OFFICE_EDIT,
    ("worktask", "change"): OFFICE_EDIT,
    ("worktask", "delete"): OFFICE_EDIT,
    ("worktask", "report"): {**OFFICE_EDIT, Role.DEPARTMENT_LIAISON: OWN_DEPARTMENT},
    # supervision: meetings, the topic library (a unit's liaison proposes, the office
    # coordinates and fixes the agenda) and the action items decided (the owner unit's
    # liaison reports progress, the office closes)
    ("meeting", "view"): ALL_ROLES,
    ("meeting", "add"): OFFICE_EDIT,
    ("meeting", "change"): OFFICE_EDIT,
    ("meeting", "delete"): OFFICE_EDIT,
    ("topic", "view"): ALL_ROLES,
    ("topic", "add"): {**OFFICE_EDIT, Role.DEPARTMENT_LIAISON: OWN_DEPARTMENT},
    ("topic", "change"): {**OFFICE_EDIT, Role.DEPARTMENT_LIAISON: OWN_DEPARTMENT},
    ("topic", "coordinate"): OFFICE_EDIT,
    ("topic", "delete"): OFFICE_EDIT,
    ("actionitem", "view"): ALL_ROLES,
    ("actionitem", "add"): OFFICE_EDIT,
    ("actionitem", "change"): OFFICE_EDIT,
    ("actionitem", "close"): OFFICE_EDIT,
    ("actionitem", "report"): {**OFFICE_EDIT, Role.DEPARTMENT_LIAISON: OWN_DEPARTMENT},
    ("actionitem", "delete"): OFFICE_EDIT,
    # 约谈: a unit red at two monthly checks in a row is listed by the scheduled job; the
    # office records the talk; the unit's liaison sees its own entries
    ("interview", "view"): {**OFFICE_EDIT, Role.READONLY: REGION, Role.DEPARTMENT_LIAISON: OWN_DEPARTMENT},
    ("interview", "add"): ADMIN_ONLY,
    ("interview", "change"): OFFICE_EDIT,
    ("interview", "hold"): OFFICE_EDIT,
    ("interview", "delete"): ADMIN_ONLY,
    ("redcheck", "view"): {**OFFICE_EDIT, Role.READONLY: REGION},
    # bank–enterprise matching (银企对接): a need is published by the enterprise's committee or
    # the office to chosen banks or to all banks of its region; a bank answers for itself
    ("financingneed", "view"): {**ALL_ROLES, Role.BANK_STAFF: BANK_PARTY},
    ("financingneed", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("financingneed", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_CLUSTER},
    ("financingneed", "delete"): OFFICE_EDIT,
    ("needresponse", "view"): {**ALL_ROLES, Role.BANK_STAFF: OWN_BANK},
    ("needresponse", "add"): {**OFFICE_EDIT, Role.BANK_STAFF: OWN_BANK},
    ("needresponse", "change"): {**OFFICE_EDIT, Role.BANK_STAFF: OWN_BANK},
    ("needresponse", "delete"): OFFICE_EDIT,
    ("matchingevent", "view"): {**ALL_ROLES, Role.BANK_STAFF: BANK_PARTY},
    ("matchingevent", "add"): OFFICE_EDIT,
    ("matchingevent", "change"): OFFICE_EDIT,
    ("matchingevent", "delete"): OFFICE_EDIT,
    ("servicepairing", "view"): {**ALL_ROLES, Role.BANK_STAFF: OWN_BANK},
    ("servicepairing", "add"): OFFICE_EDIT,
    ("servicepairing", "change"): OFFICE_EDIT,
    ("servicepairing", "delete"): OFFICE_EDIT,
    ("needclockrule", "view"): ALL_ROLES,
    ("needclockrule", "add"): ADMIN_ONLY,
    ("needclockrule", "change"): ADMIN_ONLY,
    ("needclockrule", "delete"): ADMIN_ONLY,
    # tax sharing of attracted projects and attraction incentives: kept by the offices
    ("taxsharingrule", "view"): ALL_ROLES,
    ("taxsharingrule", "add"): ADMIN_ONLY,
    ("taxsharingrule", "change"): ADMIN_ONLY,
    ("taxsharingrule", "delete"): ADMIN_ONLY,
    ("attractedtax", "view"): ALL_ROLES,
    ("attractedtax", "add"): OFFICE_EDIT,
    ("attractedtax", "change"): OFFICE_EDIT,
    ("attractedtax", "delete"): OFFICE_EDIT,
    ("incentiverule", "view"): ALL_ROLES,
    ("incentiverule", "add"): ADMIN_ONLY,
    ("incentiverule", "change"): ADMIN_ONLY,
    ("incentiverule", "delete"): ADMIN_ONLY,
    # leaders who follow key enterprises (领导联系企业, 挂牌保护): assigned by the office; the
    # leader updates the enterprises followed as the projects rule lets him or her update the
    # projects led
    ("enterprisecontact", "view"): ALL_ROLES,
    ("enterprisecontact", "add"): OFFICE_EDIT,
    ("enterprisecontact", "change"): OFFICE_EDIT,
    ("enterprisecontact", "delete"): OFFICE_EDIT,
    # service-unit evaluation (行风评议): the office sets the criteria of its region (read
    # below it too: a committee rates the city's departments on the city's criteria);
    # ratings are entered by the committees (for themselves or on behalf of enterprises)
    # and the office, and seen only by them — never by the rated department; the results
    # (computed, no rows) are read by the office and leaders, a department's liaison reads
    # its own unit's score, rank and comments
    ("criterion", "view"): ALL_ROLES,
    ("criterion", "add"): OFFICE_EDIT,
    ("criterion", "change"): OFFICE_EDIT,
    ("criterion", "delete"): OFFICE_EDIT,
    ("rating", "view"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_DEPARTMENT},
    ("rating", "add"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_DEPARTMENT},
    ("rating", "change"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_DEPARTMENT},
    ("rating", "delete"): {**OFFICE_EDIT, Role.CLUSTER_REPORTER: OWN_DEPARTMENT},
    ("evaluationresult", "view"): {
        **OFFICE_EDIT,
        Role.READONLY: REGION,
        Role.PROJECT_LEADER: REGION,
        Role.DEPARTMENT_LIAISON: OWN_DEPARTMENT,
    },
}
RULES[("enterprise", "change")] = {**RULES[("enterprise", "change")], Role.PROJECT_LEADER: FOLLOWED}

# Child records are governed by their parent's "change" right: kind → (attribute, parent kind).
CHILD_OF = {
    "subzone": ("cluster", "cluster"),
    "clusterindustry": ("cluster", "cluster"),
    "projectstagechange": ("project", "project"),
    "projectmilestone": ("project", "project"),
    "projectinvestment": ("project", "project"),
    "leadfollowup": ("lead", "lead"),
    "leadstagechange": ("lead", "lead"),
    "agreement": ("lead", "lead"),
    "chainlink": ("chain", "chain"),
    "chainplacement": ("link", "chainlink"),
    "result": ("run", "run"),
    "problemattachment": ("problem", "problem"),
    "approvalpause": ("case", "approvalcase"),
    "loanparticipant": ("loan", "loan"),
    "loanstatuschange": ("loan", "loan"),
    "platformyear": ("platform", "financingplatform"),
    "workmilestone": ("task", "worktask"),
    "guarantee": ("loan", "loan"),
    "fundspayment": ("agreement", "agreement"),
}


# Province-wide catalogs: everyone signed in reads them, the province office's
# administrators edit them (same rule as the industry classification).
CATALOG_KINDS = {
    "industrycategory": "industry",
    "indicator": "industry",
    "dataset": "industry",
    "validationrule": "industry",
    "holidayoverride": "industry",
}
# Rows placed by the cluster they belong to, governed by the rules of `kind`.
CLUSTER_PLACED = {
    "planmilestone": "target",
    "value": "submission",
    "unitquota": "quota",
    "regiontarget": "target",
}


# Rows of the approval catalog governed by the rules of the matters ("approvalmatter").
APPROVAL_CATALOG = {
    "approvalwindow": "approvalmatter",
    "parallelgroup": "approvalmatter",
    "approvalpromise": "approvalmatter",
}


def kind_of(model_or_obj) -> str:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    name = model._meta.model_name
    return CATALOG_KINDS.get(name) or CLUSTER_PLACED.get(name) or APPROVAL_CATALOG.get(name) or name


def _region_path(user) -> str | None:
    """The user's region path, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_cz_region_path", False)
    if cached is not False:
        return cached
    path = None
    if user.unit_id:
        unit = user.unit  # select_related by the auth backend when possible
        path = unit.region.path if unit.region_id else None
    user._cz_region_path = path
    return path


class SystemActor:
    """The actor of the administrator's command-line path and of background jobs (an import
    without --user, the demo loader): the policy lets it do everything, and the change
    history records no user ("系统"). Never attached to a request."""

    pk = None
    id = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = True
    roles: list[str] = []
    unit_id = None

    def __str__(self):
        from django.utils.translation import gettext

        return gettext("系统")


SYSTEM = SystemActor()


def is_global(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


# Where each kind of row sits in the region tree: the path from the row to its Region.
# A model of a later module declares it itself with a class attribute
# `policy_region = "cluster__region"` (or "region", "project__cluster__region" …).
REGION_PATHS = {
    "region": "",
    "orgunit": "region",
    "user": "unit__region",
    "cluster": "region",
}


def _region_lookup(model) -> str:
    kind = model._meta.model_name
    if kind in REGION_PATHS:
        return REGION_PATHS[kind]
    declared = getattr(model, "policy_region", None)
    if declared is not None:
        return declared
    if any(f.name == "cluster" for f in model._meta.get_fields()):
        return "cluster__region"
    raise LookupError(f"{model.__name__}: no policy_region declared")


def _region_filter(model, path: str) -> Q:
    lookup = _region_lookup(model)
    return Q(**{f"{lookup}__path__startswith" if lookup else "path__startswith": path})


def scope(user, queryset_or_model) -> QuerySet:
    """Rows of a model the user may see."""
    qs = (
        queryset_or_model
        if isinstance(queryset_or_model, QuerySet)
        else queryset_or_model._default_manager.all()
    )
    kind = kind_of(qs.model)
    if kind == "industry":
        return qs if getattr(user, "is_authenticated", False) else qs.none()
    if is_global(user):
        return qs
    if not allowed_roles(user, kind, "view"):
        return qs.none()
    path = _region_path(user)
    if not path:
        return qs.none()
    region = _region_filter(qs.model, path)
    if kind in UPWARD_VISIBLE:
        # catalogs of a region are read below it too: a county uses its city's matters
        lookup = _region_lookup(qs.model)
        above = Q(**{f"{lookup}__path__in" if lookup else "path__in": ancestor_region_paths(user)})
        return qs.filter(region | above)
    reaches = set(allowed_roles(user, kind, "view").values())
    if reaches <= {REGION} or REGION in reaches:
        return qs.filter(region)
    bank = reaches & {OWN_BANK, BANK_PARTY}
    q = region & _reach_filter(qs.model, user, reaches - bank) if reaches - bank else Q(pk__in=[])
    if bank:
        q |= _bank_filter(qs.model, user, bank, region)
    return qs.filter(q)


def _bank_lookups(model, reaches) -> list[str]:
    lookups = []
    if getattr(model, "policy_bank", None):
        lookups.append(model.policy_bank)
    if BANK_PARTY in reaches:
        lookups.extend(getattr(model, "policy_bank_parties", ()))
    return lookups


def _multi_valued(model, lookup: str) -> bool:
    field = model._meta.get_field(lookup.split("__")[0])
    return "__" in lookup or field.many_to_many or field.one_to_many


def _bank_filter(model, user, reaches, region: Q) -> Q:
    """Rows a bank's user reaches through the bank (wherever they sit), plus, for parties,
    the rows open to every bank of the user's region subtree."""
    q = Q(pk__in=[])
    if not user.unit_id:
        return q
    for lookup in _bank_lookups(model, reaches):
        if _multi_valued(model, lookup):
            q |= Q(pk__in=model._default_manager.filter(**{lookup: user.unit_id}).values("pk"))
        else:
            q |= Q(**{f"{lookup}_id": user.unit_id})
    if BANK_PARTY in reaches and getattr(model, "policy_bank_open", None):
        q |= region & Q(**{model.policy_bank_open: True})
    return q


def _bank_ids(obj, reaches) -> set:
    """Units of the banks that are parties to an object (a query only for multi-valued
    lookups of a saved object)."""
    ids = set()
    for lookup in _bank_lookups(type(obj), reaches):
        if not _multi_valued(type(obj), lookup):
            *head, last = lookup.split("__")
            target = _follow(obj, "__".join(head)) if head else obj
            if target is not None:
                ids.add(getattr(target, f"{last}_id", None))
        elif obj.pk:
            ids.update(type(obj)._default_manager.filter(pk=obj.pk).values_list(lookup, flat=True))
    ids.discard(None)
    return ids


# Kinds whose rows are visible in the region subtree and in the regions above the user's.
UPWARD_VISIBLE = {"approvalmatter", "differentiatedpolicy", "criterion"}


def _reach_filter(model, user, reaches) -> Q:
    """Rows a user reaches by a role narrower than the region (own cluster, own department,
    agent, leader): the queryset twin of `can`'s reach checks."""
    q = Q(pk__in=[])
    lookup = _region_lookup(model)
    if OWN_CLUSTER in reaches and lookup.endswith("cluster__region") and user.unit_id:
        q |= Q(**{lookup[: -len("region")] + "committee_id": user.unit_id})
    if OWN_DEPARTMENT in reaches and user.unit_id and getattr(model, "policy_department", None):
        q |= Q(**{model.policy_department + "_id": user.unit_id})
    if AGENT in reaches and getattr(model, "policy_agent", None):
        q |= Q(**{model.policy_agent + "_id": user.pk})
    if OWNER in reaches and getattr(model, "policy_owner", None):
        q |= Q(**{model.policy_owner + "_id": user.pk})
    if LED in reaches:
        q |= Q(**{getattr(model, "policy_leader", "leader") + "_id": user.pk})
    if FOLLOWED in reaches and getattr(model, "policy_followers", None):
        q |= Q(pk__in=model._default_manager.filter(**{model.policy_followers + "_id": user.pk}).values("pk"))
    return q


def result_units(user, kind: str) -> QuerySet:
    """Organisation units whose computed readings of `kind` (e.g. "evaluationresult": a
    unit's score, rank and comments) the user may see: every unit of the region subtree for
    a region-wide reach, the user's own unit for `own_department`."""
    from .models import OrgUnit

    qs = OrgUnit.objects.all()
    if is_global(user):
        return qs
    reaches = set(allowed_roles(user, kind, "view").values())
    path = _region_path(user)
    if not reaches or not path:
        return qs.none()
    if REGION in reaches:
        return qs.filter(region__path__startswith=path)
    if OWN_DEPARTMENT in reaches and user.unit_id:
        return qs.filter(pk=user.unit_id)
    return qs.none()


def ancestor_region_paths(user) -> list[str]:
    """Paths of the regions above the user's own (a county user: its city and province)."""
    path = _region_path(user)
    if not path:
        return []
    segs = [s for s in path.split("/") if s]
    return ["/".join(segs[:n]) + "/" for n in range(1, len(segs))]


def scope_runs(user, qs: QuerySet) -> QuerySet:
    """Assessment runs a user may see: those of their region subtree (drafts only with the
    "view_draft" right), plus the published runs of the regions above theirs — a province's
    published ranking is read by every county under it."""
    if is_global(user):
        return qs
    if not may(user, "view", "run"):
        return qs.none()
    own = scope(user, qs)
    above = Q(status="published", region__path__in=ancestor_region_paths(user))
    qs = qs.filter(Q(pk__in=own.values("pk")) | above)
    if not may(user, "view_draft", "run"):
        qs = qs.filter(status="published")
    return qs


def allowed_roles(user, kind: str, action: str) -> dict[str, str]:
    rule = RULES.get((kind, action), {})
    return {r: reach for r, reach in rule.items() if r in (getattr(user, "roles", None) or [])}


def may(user, action: str, kind: str) -> bool:
    """May the user do this action to some object of this kind (menus, buttons)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_global(user):
        return True
    while kind in CHILD_OF:
        kind, action = CHILD_OF[kind][1], ("view" if action == "view" else "change")
    if kind == "industry" and action != "view":
        return bool(allowed_roles(user, kind, action)) and _is_province_user(user)
    return bool(allowed_roles(user, kind, action))


def _follow(obj, lookup: str):
    for part in lookup.split("__") if lookup else []:
        if obj is None or getattr(obj, f"{part}_id", True) is None:
            return None
        obj = getattr(obj, part)
    return obj


def _anchor(obj) -> tuple[str | None, int | None]:
    """(region path, committee unit id of the cluster it belongs to) placing an object."""
    kind = obj._meta.model_name
    if kind == "region":
        if obj.pk and obj.path:
            return obj.path, None
        return (obj.parent.path if obj.parent_id else None), None
    lookup = _region_lookup(type(obj))
    region = _follow(obj, lookup)
    if kind == "cluster":
        cluster = obj
    elif lookup.endswith("cluster__region"):
        cluster = _follow(obj, lookup[: -len("__region")])
    else:
        cluster = None
    return (region.path if region is not None else None), (
        cluster.committee_id if cluster is not None else None
    )


def can(user, action: str, obj: Model) -> bool:
    """May the user do `action` (view/add/change/delete) to this object?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    kind = kind_of(obj)
    if kind == "industry":
        if action == "view" or is_global(user):
            return True
        return bool(allowed_roles(user, kind, action)) and _is_province_user(user)
    if kind in CHILD_OF:
        # adding/removing a sub-zone or leading industry is changing the cluster
        return can(user, "view" if action == "view" else "change", getattr(obj, CHILD_OF[kind][0]))
    if is_global(user):
        return True
    roles = allowed_roles(user, kind, action)
    if not roles:
        return False
    bank = set(roles.values()) & {OWN_BANK, BANK_PARTY}
    if bank and user.unit_id and user.unit_id in _bank_ids(obj, bank):
        return True  # a bank reaches its own loans and responses wherever the borrower sits
    path, committee_id = _anchor(obj)
    user_path = _region_path(user)
    if kind in UPWARD_VISIBLE and action == "view" and path and path in ancestor_region_paths(user):
        return True
    if not path or not user_path or not path.startswith(user_path):
        return False
    for reach in roles.values():
        if reach == REGION:
            return True
        if reach == OWN_CLUSTER and committee_id and committee_id == user.unit_id:
            return True
        if reach == LED and _leader_id(obj) == user.pk:
            return True
        if reach == OWN_DEPARTMENT and user.unit_id and _follow_id(obj, "policy_department") == user.unit_id:
            return True
        if reach == AGENT and _follow_id(obj, "policy_agent") == user.pk:
            return True
        if reach == OWNER and user.pk and _follow_id(obj, "policy_owner") == user.pk:
            return True
        if reach == FOLLOWED and user.pk and _followed_by(obj, user):
            return True
        if reach == BANK_PARTY and getattr(type(obj), "policy_bank_open", None):
            if getattr(obj, type(obj).policy_bank_open):
                return True
    return False


def _follow_id(obj, declaration: str):
    lookup = getattr(type(obj), declaration, None)
    if not lookup:
        return None
    *head, last = lookup.split("__")
    target = _follow(obj, "__".join(head)) if head else obj
    return getattr(target, f"{last}_id", None) if target is not None else None


def _followed_by(obj, user) -> bool:
    lookup = getattr(type(obj), "policy_followers", None)
    if not lookup or not obj.pk:
        return False
    return type(obj)._default_manager.filter(pk=obj.pk, **{lookup + "_id": user.pk}).exists()


def _leader_id(obj):
    if getattr(type(obj), "policy_leader", None):
        return _follow_id(obj, "policy_leader")
    return getattr(obj, "leader_id", None)


def _is_province_user(user) -> bool:
    path = _region_path(user)
    return bool(path) and path.count("/") == 1


def require(user, action: str, obj: Model) -> None:
    """Raise PermissionDenied (a DomainError) unless can(); services call this first."""
    from clusterzone.core.exceptions import PermissionDenied

    if not can(user, action, obj):
        raise PermissionDenied()


def editable_clusters(user) -> QuerySet:
    """Clusters where the user may add enterprises (for form choices and imports)."""
    from django.apps import apps

    Cluster = apps.get_model("registry", "Cluster")  # the policy reads the model, not the app
    qs = scope(user, Cluster).select_related("region")
    if is_global(user):
        return qs
    roles = allowed_roles(user, "enterprise", "add")
    if not roles:
        return qs.none()
    if REGION in roles.values():
        return qs
    return qs.filter(committee_id=user.unit_id)


def placeable_regions(user) -> QuerySet:
    """Regions where the user may place a new cluster."""
    from .models import Region

    if is_global(user):
        return Region.objects.all()
    if not allowed_roles(user, "cluster", "add"):
        return Region.objects.none()
    return scope(user, Region)
