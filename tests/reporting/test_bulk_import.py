"""The bulk write path of the values import (reporting.services.values_import_many): the same
checks and history as a one-by-one write, in a number of SQL statements that depends neither
on the rows per submission nor on the number of submissions."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterzone.core.exceptions import DomainError
from clusterzone.registry.models import Cluster
from clusterzone.reporting import services
from clusterzone.reporting.catalog import load_reporting_catalog
from clusterzone.reporting.exchange import import_wide
from clusterzone.reporting.models import DataSet, Indicator, Submission, SubmissionEvent, Value

D = Decimal
HEADERS = [  # (header, a base value that passes the catalog's rules)
    ("主营业务收入（万元）", 1000),
    ("固定资产投资（万元）", 5000),
    ("工业项目投资（万元）", 1000),
    ("基础设施投资（万元）", 1000),
    ("税收收入（万元）", 100),
    ("利润总额（万元）", 100),
    ("从业人员（人）", 500),
]


@pytest.fixture
def ds(world):
    load_reporting_catalog()
    return DataSet.objects.get(code="monthly_stats")


def clusters(ds, world, n):
    out = []
    for i in range(n):
        cl = Cluster.objects.create(code=f"4117{i:04d}", name=f"测试集聚区{i}", region=world.zmd)
        ds.clusters.add(cl)
        out.append(cl)
    return out


def upload(ds, cls, n_indicators, *, actor, factor=1):
    wb = openpyxl.Workbook()
    wb.active.append(["集聚区代码"] + [h for h, _ in HEADERS[:n_indicators]])
    for i, cl in enumerate(cls):
        wb.active.append([cl.code] + [base * factor + i for _, base in HEADERS[:n_indicators]])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    with CaptureQueriesContext(connection) as ctx:
        result = import_wide(buf, dataset=ds, period="2025-04", actor=actor, filename="批量.xlsx")
    assert result.ok, [str(e) for e in result.errors]
    return result, len(ctx.captured_queries)


def test_statements_do_not_depend_on_rows_per_submission_or_on_submissions(ds, world):
    admin = world.users["office_admin"]
    cls = clusters(ds, world, 12)
    _, two_per_submission = upload(ds, cls[:3], 2, actor=admin)
    _, seven_per_submission = upload(ds, cls[3:6], 7, actor=admin)
    _, seven_for_six = upload(ds, cls[6:12], 7, actor=admin)
    assert two_per_submission == seven_per_submission == seven_for_six
    # a second file changing every value of existing submissions: the update path is constant too
    _, update_small = upload(ds, cls[:3], 2, actor=admin, factor=2)
    _, update_large = upload(ds, cls[6:12], 7, actor=admin, factor=2)
    assert update_small == update_large


def test_bulk_writes_keep_one_history_row_per_changed_value_and_one_event_per_submission(ds, world):
    admin = world.users["office_admin"]
    cls = clusters(ds, world, 2)
    first, _ = upload(ds, cls, 3, actor=admin)
    assert (first.created, first.updated) == (2, 0)
    assert Value.objects.filter(cluster__in=cls).count() == 6
    assert Value.history.filter(cluster__in=cls, history_type="+").count() == 6
    sub = Submission.objects.get(cluster=cls[0], dataset=ds, period="2025-04")
    assert sub.version == 2 and sub.status == "draft"
    assert list(
        SubmissionEvent.objects.filter(submission=sub).order_by("id").values_list("action", flat=True)
    ) == [
        "create",
        "import",
    ]
    second, _ = upload(ds, cls, 3, actor=admin, factor=2)
    assert (second.created, second.updated) == (0, 2)
    revenue = Value.history.filter(cluster=cls[0], indicator__code="revenue").order_by("history_id")
    assert [(h.history_type, h.value, h.history_user) for h in revenue] == [
        ("+", D(1000), admin),
        ("~", D(2000), admin),
    ]
    assert revenue.last().history_change_reason == "Excel导入：批量.xlsx"
    sub.refresh_from_db()
    assert sub.version == 3
    imports = SubmissionEvent.objects.filter(submission=sub, action="import")
    assert [(e.actor, "写入3项数据" in e.reason) for e in imports] == [(admin, True), (admin, True)]


def test_a_blank_cell_deletes_with_a_deletion_record(ds, world):
    admin = world.users["office_admin"]
    cl = clusters(ds, world, 1)[0]
    upload(ds, [cl], 2, actor=admin)
    wb = openpyxl.Workbook()
    wb.active.append(["集聚区代码", "主营业务收入（万元）", "固定资产投资（万元）"])
    wb.active.append([cl.code, 1000, None])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    assert import_wide(buf, dataset=ds, period="2025-04", actor=admin, filename="x.xlsx").ok
    assert not Value.objects.filter(cluster=cl, indicator__code="fai").exists()
    assert Value.history.filter(cluster=cl, indicator__code="fai", history_type="-").count() == 1


def test_a_submission_changed_after_validation_stops_the_whole_write(ds, world):
    """The rows were read and checked; before the write another official saved (the version
    moved): nothing of the file is written and the row is named."""
    cls = clusters(ds, world, 2)
    subs = [services.submission_open(actor=None, dataset=ds, cluster=cl, period="2025-04") for cl in cls]
    stale = Submission.objects.get(pk=subs[1].pk)
    services.values_write_bulk(actor=None, submission=subs[1], values={"revenue": D(5)}, reason="他人保存")
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=["revenue"])}
    before = Value.objects.count(), Value.history.count(), SubmissionEvent.objects.count()
    rows = [
        services.ImportRow(cluster=cls[0], submission=subs[0], changes={"revenue": D(1)}, key=2),
        services.ImportRow(cluster=cls[1], submission=stale, changes={"revenue": D(2)}, key=3),
    ]
    with pytest.raises(DomainError, match="在校验后被他人修改") as exc:
        services.values_import_many(
            actor=None, dataset=ds, period="2025-04", indicators=indicators, rows=rows, reason="导入"
        )
    assert exc.value.key == 3
    assert (Value.objects.count(), Value.history.count(), SubmissionEvent.objects.count()) == before


def test_an_approved_submission_is_refused_at_write_time(ds, world):
    cl = clusters(ds, world, 1)[0]
    sub = services.submission_open(actor=None, dataset=ds, cluster=cl, period="2025-04")
    read = Submission.objects.get(pk=sub.pk)
    services.submission_force_status(actor=None, submission=sub, status="approved", reason="测试")
    read.version = Submission.objects.get(pk=sub.pk).version  # same version, but now locked
    indicators = {i.code: i for i in Indicator.objects.filter(code="revenue")}
    with pytest.raises(DomainError, match="已审核"):
        services.values_import_many(
            actor=None,
            dataset=ds,
            period="2025-04",
            indicators=indicators,
            rows=[services.ImportRow(cluster=cl, submission=read, changes={"revenue": D(1)})],
            reason="导入",
        )
    assert not Value.objects.filter(cluster=cl).exists()
