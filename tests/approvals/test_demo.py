"""The approval demo: 温县's catalog and the 奇瑞 project's cases, "签约后一个月" style."""

from clusterzone.approvals import selectors
from clusterzone.approvals.demo import load_approvals_demo
from clusterzone.approvals.models import ApprovalCase, ApprovalWindow
from clusterzone.projects.demo import load_projects_demo
from clusterzone.registry.demo import load_demo


def test_approvals_demo(db):
    load_demo()
    load_projects_demo()
    assert load_approvals_demo() == 14
    assert load_approvals_demo() == 0  # idempotent
    assert ApprovalWindow.objects.filter(region__code="410825").count() == 18
    cases = selectors.attach_clocks(selectors.case_list(user=_root()))
    done = [c for c in cases if c.status == "completed"]
    assert len(done) == 13 and all(c.clock.on_time for c in done)
    assert sum(c.clock.paused_days for c in done) == 3
    assert max(c.completed_on for c in done).isoformat() < "2023-05-10"  # all before the start of works
    assert ApprovalCase.objects.filter(status="planned").count() == 1


def _root():
    from clusterzone.accounts.policy import SYSTEM

    return SYSTEM
