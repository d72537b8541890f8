"""Demo of the approval service (`load_approvals_demo()`, idempotent): the starter catalog
for 温县 (焦作, seed 004: one county's service centre with 18 windows, free agency and
time-limited completion) and the cases of the 奇瑞 engine-parts project from its signing
(2023-03-20) to its start (2023-05-10): the matters of stages 1–3 accepted and completed in
turn (one 补正 pause), the joint acceptance (竣工联合验收) still to come."""

from __future__ import annotations

import datetime as dt

from clusterzone.accounts.models import Region
from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.workdays import add_workdays

from . import services
from .loaders import load_catalog
from .models import ApprovalCase, ApprovalMatter

REGION = "410825"
PROJECT = ("41082501", "奇瑞发动机零部件项目（年产61万套）")
SIGNED = dt.date(2023, 3, 20)
# matter suffix → (working days after signing it is accepted, working days it takes)
CASES = {
    "101": (1, 1), "102": (1, 8), "103": (10, 4), "104": (2, 6), "105": (2, 9), "106": (2, 7),
    "201": (15, 4), "202": (12, 3), "203": (15, 4), "301": (20, 6), "302": (20, 5), "304": (20, 4),
    "303": (27, 2),
}  # fmt: skip


def load_approvals_demo(stdout=None) -> int:
    from clusterzone.projects.models import Project

    region = Region.objects.filter(code=REGION).first()
    project = Project.objects.filter(cluster__code=PROJECT[0], name=PROJECT[1]).first()
    if region is None or project is None:
        return 0
    load_catalog(region)
    if ApprovalCase.objects.filter(project=project).exists():
        return 0
    matters = {
        m.code.split("-", 1)[1]: m for m in ApprovalMatter.objects.filter(code__startswith=f"{REGION}-")
    }
    created = 0
    for suffix, (after, takes) in CASES.items():
        accepted = add_workdays(SIGNED, after)
        case = services.case_create(
            actor=SYSTEM, data={"project": project, "matter": matters[suffix], "accepted_on": accepted,
                                "applied_on": accepted},
        )  # fmt: skip
        done = add_workdays(accepted, takes)
        if suffix == "102":  # a request for the site's red-line map stops the clock for 3 working days
            paused = add_workdays(accepted, 2)
            resumed = add_workdays(paused, 3)
            services.case_pause(
                actor=SYSTEM, case=case, kind="correction", reason="补正：项目选址红线图", on=paused
            )
            services.case_resume(actor=SYSTEM, case=case, on=resumed)
            done = add_workdays(resumed, takes - 2)
        services.case_complete(actor=SYSTEM, case=case, on=done, result="approved")
        created += 1
    services.case_create(actor=SYSTEM, data={"project": project, "matter": matters["401"]})
    if stdout is not None:
        stdout.write(f"审批办件：{created + 1} 件（{project.name}）")
    return created + 1
