"""Excel import of parcels, land policies and village relocation: upsert by cluster and key,
unchanged on a second run, all-or-nothing with row/column errors, scope, 收回 not importable."""

import csv
import io

from clusterzone.core.importing import get_importer
from clusterzone.land.models import LandPolicy, Parcel, VillageRelocation

PARCEL_HEADER = ["集聚区代码", "地块编号", "面积（亩）", "规划用途", "状态", "供地日期", "主导产业用地"]


def run(kind, header, rows, actor=None):
    buf = io.StringIO()
    csv.writer(buf).writerows([header, *rows])
    return get_importer(kind).run(io.BytesIO(buf.getvalue().encode()), filename="土地.csv", actor=actor)


def test_parcels_import_upsert_and_all_or_nothing(world):
    code = world.cluster_a.code
    rows = [
        [code, "P-1", "120", "工业", "已供应", "2025-09-15", "是"],
        [code, "P-2", "80", "仓储", "储备", "", "否"],
    ]
    result = run("parcels", PARCEL_HEADER, rows)
    assert result.ok, result.errors
    assert result.created == 2
    assert Parcel.objects.get(code="P-1").leading_industry is True
    assert run("parcels", PARCEL_HEADER, rows).unchanged == 2
    bad = run(
        "parcels",
        PARCEL_HEADER,
        [[code, "P-3", "10", "工业", "储备", "", ""], [code, "P-4", "-5", "月球", "储备", "", ""]],
    )
    assert not bad.ok
    assert {e.row for e in bad.errors} == {3}
    assert not Parcel.objects.filter(code="P-3").exists()
    recovered = run("parcels", PARCEL_HEADER, [[code, "P-1", "120", "工业", "收回", "2025-09-15", "是"]])
    assert not recovered.ok and "收回" in str(recovered.errors[0].reason)
    other = run("parcels", PARCEL_HEADER, [[world.cluster_b.code, "X", "1", "工业", "储备", "", ""]],
                actor=world.users["cluster_reporter"])  # fmt: skip
    assert not other.ok and not Parcel.objects.filter(code="X").exists()


def test_policy_and_village_import(world):
    header = [
        "集聚区代码",
        "最低投资强度（万元/亩）",
        "最低容积率",
        "主导产业用地最低占比（%）",
        "闲置认定期限（月）",
    ]
    assert run("land-policies", header, [[world.cluster_a.code, "230", "1.0", "70", "12"]]).ok
    assert run("land-policies", header, [[world.cluster_a.code, "216", "1.0", "70", "12"]]).updated == 1
    assert LandPolicy.objects.get(cluster=world.cluster_a).min_intensity == 216
    header = ["集聚区代码", "期次", "迁并村庄", "村庄数", "户数", "人数", "已搬迁户数"]
    result = run(
        "village-relocations",
        header,
        [[world.cluster_a.code, "首批", "大王庄、军王", "2", "100", "400", "101"]],
    )
    assert not result.ok and "不能超过户数" in str(result.errors[0].reason)
    assert not VillageRelocation.objects.exists()
