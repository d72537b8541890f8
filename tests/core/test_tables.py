"""Table declarations: the columns that drive list pages and their Excel export."""


def test_choice_columns_read_their_labels_from_one_lookup(db):
    """A "get_<field>_display" column gives the same label as Django's method, from a dict
    built once per model (the export of thousands of rows no longer translates every cell)."""
    from clusterzone.core.tables import Column
    from clusterzone.registry.models import Cluster

    col = Column("get_status_display", "状态")
    cluster = Cluster(code="X1", name="测试", status=Cluster._meta.get_field("status").choices[0][0])
    assert col.raw(cluster) == cluster.get_status_display()
    assert col.cell(cluster) == cluster.get_status_display()
    plain = Column("name", "名称")
    assert plain.raw(cluster) == "测试"
