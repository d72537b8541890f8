"""The read-replica router: selectors marked @replica_read read from the "replica" alias when
one is configured (REPLICA_DATABASE_URL) and no transaction is open on the primary; writes,
and reads inside a transaction, stay on the primary; without a replica everything reads
"default". The configured case runs in a separate process, as the alias must exist when
Django starts (the test runner forbids aliases added later)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from clusterzone.accounts.models import Region
from clusterzone.core.dbrouting import read_replica

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connections, transaction
    from django.test.utils import CaptureQueriesContext
    from clusterzone.accounts.models import Region
    from clusterzone.core.dbrouting import read_replica
    from clusterzone.core.exceptions import DomainError
    from clusterzone.reporting.selectors.progress import progress_table

    from django.apps import apps
    from django.conf import settings

    # tables straight from the models on both databases (the migrations are tested elsewhere)
    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("migrate", database="replica", run_syncdb=True, verbosity=0)
    # the region exists only on the replica: the selector finds it only by reading there
    Region.objects.using("replica").create(code="410000", name="河南省", level="province", path="410000/")
    assert not Region.objects.filter(code="410000").exists()
    with CaptureQueriesContext(connections["replica"]) as rep, CaptureQueriesContext(connections["default"]) as pri:
        assert progress_table(user=None, period="2025-04", region="410000") == []
    assert len(rep.captured_queries) >= 3 and pri.captured_queries == [], (rep.captured_queries, pri.captured_queries)
    with read_replica():  # a write in a marked block still goes to the primary
        Region.objects.create(code="420000", name="湖北省", level="province", path="420000/")
    assert Region.objects.using("default").filter(code="420000").exists()
    assert not Region.objects.using("replica").filter(code="420000").exists()
    try:  # inside a transaction on the primary the selector reads the primary
        with transaction.atomic():
            progress_table(user=None, period="2025-04", region="410000")
    except DomainError:
        print("ROUTED-OK")
    """
)


def test_marked_selectors_read_the_replica_and_writes_stay_on_the_primary(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clusterzone.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'primary.sqlite3'}",
        "REPLICA_DATABASE_URL": f"sqlite:///{tmp_path / 'replica.sqlite3'}",
        "CLUSTERZONE_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "ROUTED-OK" in done.stdout


@pytest.mark.django_db
def test_without_a_replica_everything_reads_the_primary(world):
    with read_replica():
        assert Region.objects.filter(code="410000").exists()
