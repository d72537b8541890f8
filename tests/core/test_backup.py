"""`clusterzone backup FILE` / `clusterzone restore FILE`: a small database with history rows
and a stored file goes out and comes back identical, row by row (the same test runs on SQLite
and on PostgreSQL in CI); a non-empty target and a foreign file are refused."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from clusterzone.core.backup import dump_rows
from clusterzone.reporting import services
from clusterzone.reporting.catalog import load_reporting_catalog
from clusterzone.reporting.models import DataSet


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents/2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents/2026/通报.docx").write_bytes(b"PK\x03\x04 bulletin")
    return settings.MEDIA_ROOT


def _flush():
    """Empty the database (inside the test's transaction; on PostgreSQL fire the deferred
    foreign-key checks first, as TRUNCATE requires)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_backup_and_restore_round_trip_row_by_row(world, media, tmp_path):
    load_reporting_catalog()
    ds = DataSet.objects.get(code="monthly_stats")
    sub = services.submission_open(actor=None, dataset=ds, cluster=world.cluster_b, period="2025-04")
    services.values_write_bulk(actor=world.users["province_admin"], submission=sub,
                               values={"revenue": Decimal("170000.5"), "fai": Decimal(150000)}, reason="测试")  # fmt: skip
    world.cluster_a.name = '上蔡产业集聚区 =HYPERLINK("x")'
    world.cluster_a.save()
    before = dump_rows()
    path = tmp_path / "backup.zip"
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    assert "已备份到" in out.getvalue()
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert zf.getinfo("data.json").compress_type == zipfile.ZIP_DEFLATED
    assert manifest["format_version"] == 1 and manifest["files"] == ["documents/2026/通报.docx"]
    assert manifest["counts"]["reporting.value"] == 2 and manifest["counts"]["reporting.historicalvalue"] == 2

    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(path), stdout=io.StringIO())

    _flush()
    (media / "documents/2026/通报.docx").unlink()
    assert dump_rows()["registry.cluster"] == []
    call_command("restore", str(path), stdout=io.StringIO())
    after = dump_rows()
    assert {k for k, v in before.items() if v} == {k for k, v in after.items() if v}
    for label, rows in before.items():
        assert after[label] == rows, label
    assert (media / "documents/2026/通报.docx").read_bytes() == b"PK\x03\x04 bulletin"


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="不是有效的平台备份文件"):
        call_command("restore", str(path), stdout=io.StringIO())


def test_migration_records_of_removed_apps_are_not_backed_up(db, tmp_path):
    """A database upgraded from an earlier release keeps the migration records of apps since
    removed (DRF's plaintext authtoken); its backup must still restore on the same release."""
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder(connection).record_applied("authtoken", "0001_initial")
    path = tmp_path / "b.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("manifest.json"))
    assert "authtoken" not in manifest["migrations"] and "reporting" in manifest["migrations"]
