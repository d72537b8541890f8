"""Backup and restore of the whole platform, engine-neutral (SQLite ↔ PostgreSQL).

A backup is one ZIP file (deflate-compressed):

    manifest.json   {"format": "clusterzone-backup", "format_version": 1, "created_at", "engine",
                     "migrations": {app: [applied migration names]}, "counts": {model: rows},
                     "files": [stored file paths]}
    data.json       every row of every model (Django's serialisation; references to content
                    types and permissions by natural key, so they match any database)
    files/...       the files the platform stores (MEDIA_ROOT: attachments, issued documents)

`write_backup` reads everything inside one transaction (REPEATABLE READ on PostgreSQL): the
dump is consistent even while users work. `restore_backup` migrates the target database,
refuses one that already holds data or a backup made by newer code, and loads the rows in one
transaction (Django's loaddata: constraints checked at the end, sequences reset).

For production on PostgreSQL, pg_dump/pg_restore remain the tools for large databases and
point-in-time recovery; this format moves data between engines and makes small sites whole.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import DomainError

FORMAT = "clusterzone-backup"
FORMAT_VERSION = 1
# rebuilt by `migrate` on any database (content types, permissions) or short-lived
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def _models():
    excluded = {e for e in EXCLUDE if "." not in e}
    excluded_models = {e for e in EXCLUDE if "." in e}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in excluded or meta.label_lower in excluded_models:
            continue
        yield model


def _applied_migrations() -> dict[str, list[str]]:
    """The applied migrations of the installed apps (a database upgraded from an earlier
    release keeps the records of apps since removed, such as DRF's plaintext authtoken)."""
    from django.apps import apps

    installed = {config.label for config in apps.get_app_configs()}
    out: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if app in installed:
            out.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(out.items())}


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def write_backup(path) -> dict:
    """Write the backup to `path`; returns the manifest."""
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        data_file = Path(tmp) / "data.json"
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:  # a snapshot of the whole dump
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counts = {m._meta.label_lower: m._default_manager.count() for m in _models()}
            call_command(
                "dumpdata",
                *[f"--exclude={e}" for e in EXCLUDE],
                natural_foreign=True,
                output=str(data_file),
                verbosity=0,
            )
            migrations = _applied_migrations()
        files = _media_files()
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "migrations": migrations,
            "counts": counts,
            "files": [str(p.relative_to(root)) for p in files],
        }
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
            zf.write(data_file, "data.json")
            for p in files:
                zf.write(p, "files/" + str(p.relative_to(root)))
    return manifest


def read_manifest(path) -> dict:
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        raise DomainError(_("不是有效的平台备份文件：%(f)s") % {"f": path})
    if manifest.get("format") != FORMAT:
        raise DomainError(_("不是有效的平台备份文件：%(f)s") % {"f": path})
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise DomainError(
            _("备份文件格式版本较新（%(v)s），请先升级平台。") % {"v": manifest["format_version"]}
        )
    return manifest


def restore_backup(path, *, migrate: bool = True) -> dict:
    """Load the backup into this (empty) database and MEDIA_ROOT; returns the manifest."""
    manifest = read_manifest(path)
    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
    known = _applied_migrations()
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if name not in set(known.get(app, []))
    ]
    if unknown:
        raise DomainError(
            _("备份来自较新版本的平台（数据库迁移 %(m)s 在本平台中不存在），请先升级平台。")
            % {"m": "、".join(unknown[:5])}
        )
    busy = [m._meta.label_lower for m in _models() if m._default_manager.exists()]
    if busy:
        raise DomainError(
            _("目标数据库不是空的（%(t)s 等表已有数据）：只能恢复到空数据库。") % {"t": "、".join(busy[:5])}
        )
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(path) as zf:
        data_file = Path(tmp) / "data.json"
        with zf.open("data.json") as src, open(data_file, "wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)
        with transaction.atomic():
            call_command("loaddata", str(data_file), verbosity=0)
        for name in manifest.get("files", []):
            target = (root / name).resolve()
            if not str(target).startswith(str(root.resolve()) + os.sep):
                continue  # never write outside MEDIA_ROOT
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open("files/" + name) as src, open(target, "wb") as out:
                out.write(src.read())
    return manifest


def dump_rows() -> dict[str, list]:
    """Every row of every backed-up model as plain data (for comparisons)."""
    from django.core import serializers

    out = {}
    for model in _models():
        qs = model._default_manager.order_by("pk")
        out[model._meta.label_lower] = json.loads(
            serializers.serialize("json", qs, use_natural_foreign_keys=True)
        )
    return out
