"""The demo projects load from the seeds, idempotently."""

from clusterzone.projects import selectors
from clusterzone.projects.choices import Stage
from clusterzone.projects.demo import load_projects_demo
from clusterzone.projects.models import Project, Quota
from clusterzone.registry.demo import load_demo


def test_demo_projects(db):
    load_demo()
    counts = load_projects_demo()
    assert counts["projects"] == 12 and counts["quotas"] == 30  # 1233 for 驻马店's 10 县区
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
    # seed 002 sets "1233" for every county and district of 驻马店 (2014), not for 鲁山
    assert not Quota.objects.filter(region=stone.cluster.region).exists()
    zmd = Quota.objects.filter(region__parent__code="411700", year=2014)
    assert zmd.values("region").distinct().count() == 10
    assert sorted(zmd.filter(region__code="411722").values_list("min_amount", "max_amount", "count")) == [
        (10000, 50000, 3),
        (50000, 100000, 2),
        (100000, None, 1),
    ]


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
