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


def test_export_cells_are_the_columns_cells_with_labels_resolved_once(db):
    """The export resolves each column once (a choice column's labels for the model) and then
    writes, row by row, exactly what Column.cell gives: labels, numbers, dates as shown."""
    import io
    from decimal import Decimal

    from openpyxl import load_workbook

    from clusterzone.core.exporting import table_xlsx
    from clusterzone.core.tables import Column, Table
    from clusterzone.registry.models import Cluster

    choices = [k for k, _label in Cluster._meta.get_field("status").choices]
    clusters = [
        Cluster(code=f"X{k}", name=f"测试{k}", status=choices[k % len(choices)], planned_area=Decimal(k + 1))
        for k in range(4)
    ]
    table = Table(
        columns=[
            Column("code", "代码"),
            Column("get_status_display", "状态"),
            Column("planned_area", "规划面积"),
            Column("name", "名称", display=lambda v: f"《{v}》"),
        ]
    )
    label = table.columns[1].exporter(Cluster)
    assert [label(c) for c in clusters] == [c.get_status_display() for c in clusters]
    assert table.columns[0].exporter(Cluster) == table.columns[0].cell  # nothing to resolve
    rows = list(
        load_workbook(io.BytesIO(table_xlsx(table, clusters, title="t"))).active.iter_rows(values_only=True)
    )
    assert rows[0] == ("代码", "状态", "规划面积", "名称")
    assert rows[1:] == [tuple(col.cell(c) for col in table.columns) for c in clusters]
    assert rows[2][1] == clusters[1].get_status_display() and rows[2][3] == "《测试1》"


def test_list_export_joins_only_what_its_columns_read(world, client):
    """The project list joins six relations for its page; its Excel export joins only the
    ones its columns read (the cluster's name, the leader), writes the same cells as the
    unnarrowed queryset, and its query count does not grow with the rows."""
    import io

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from openpyxl import load_workbook

    from clusterzone.core.exporting import export_queryset, table_xlsx
    from clusterzone.projects.selectors import project_list
    from clusterzone.projects.tables import PROJECT_TABLE

    from ..projects.test_pages_api import bulk_projects

    user = world.users["province_admin"]
    client.force_login(user)
    counts = []
    for n in (3, 40):
        bulk_projects(world, 0 if n == 3 else 3, n, leader=world.users["project_leader"])
        qs = project_list(user=user).order_by("cluster__code", "code")
        narrowed = export_queryset(PROJECT_TABLE, qs)
        assert set(narrowed.query.select_related) == {"cluster", "leader"}

        def cells(data):
            return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))

        full, narrow = (
            cells(table_xlsx(PROJECT_TABLE, qs, title="t")),
            cells(table_xlsx(PROJECT_TABLE, narrowed, title="t")),
        )
        assert full == narrow and len(narrow) == n + 1
        with CaptureQueriesContext(connection) as ctx:
            r = client.get("/projects/", {"export": "xlsx"})
        assert r.status_code == 200 and cells(r.content) == full
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_export_keeps_the_joins_when_a_column_reads_a_property(db):
    from clusterzone.core.exporting import export_queryset
    from clusterzone.core.tables import Column, Table
    from clusterzone.registry.models import Cluster

    qs = Cluster.objects.select_related("region", "region__parent")
    assert export_queryset(
        Table(columns=[Column("region", "区划", export=str)]), qs
    ).query.select_related == {"region": {"parent": {}}}
    assert export_queryset(Table(columns=[Column("code", "代码")]), qs).query.select_related is False
    assert export_queryset(Table(columns=[Column("no_such_property", "x")]), qs) is qs
