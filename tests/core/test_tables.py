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
