"""The demo projects load from the seeds, idempotently."""

from clusterzone.projects import selectors
from clusterzone.projects.choices import Stage
from clusterzone.projects.demo import load_projects_demo
from clusterzone.projects.models import Project
from clusterzone.registry.demo import load_demo


def test_demo_projects(db):
    load_demo()
    counts = load_projects_demo()
    assert counts["projects"] == 12 and counts["quotas"] == 3
    stone = Project.objects.get(name="石材建材工业城")
    assert (
        stone.total_investment == 3000000
        and stone.band == "b10y"
        and stone.leader.username == "lushan_leader"
    )
    # seed 003 in May 2025: 石材建材工业城 still in preparation, 方圆碳素 under construction
    assert stone.stage == Stage.SIGNED and stone.start_date is None
    assert Project.objects.get(name="方圆碳素").stage == Stage.BUILDING
    chery = Project.objects.get(name__startswith="奇瑞")
    assert chery.stage == Stage.PRODUCING and (chery.production_date - chery.start_date).days == 232
    assert selectors.overdue_milestones(user=stone.leader).exists()
    assert load_projects_demo() == {"projects": 0, "quotas": 0}
    result = selectors.quota_check_json(selectors.quota_check(region=stone.cluster.region, year=2025))
    assert [b["achieved"] for b in result["bands"]] == [2, 0, 1]


def test_synth_projects(world):
    import random

    from clusterzone.projects.synth import synth_projects

    counts = synth_projects(
        [world.cluster_a, world.cluster_b], random.Random(1), [2024, 2025], per_cluster=30
    )
    assert counts["projects"] == 60 == Project.objects.count()
    assert counts["milestones"] > 60
    for p in Project.objects.all():
        assert p.band == p.size_band
        assert not (p.production_date and not p.start_date)
