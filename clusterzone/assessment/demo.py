"""The assessment demo (idempotent): 鲁山's 2025 catch-up benchmark — 桐柏县产业集聚区, 45th in
the province (seed 003) — the shipped example scheme (data/scheme_2025.yaml), and a published
2025 run when the data allow one.

    load_assessment_demo(stdout=None) -> dict   what was written
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.exceptions import DomainError
from clusterzone.registry.models import Cluster

from . import benchmarks

LUSHAN = "41042301"
TONGBAI = "41133001"
SCHEME_FILE = Path(__file__).resolve().parent / "data" / "scheme_2025.yaml"
NOTE = "确定全省排位第45名的桐柏县产业集聚区为我县赶超目标"


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def load_assessment_demo(stdout=None) -> dict:
    out = {"benchmark": False, "scheme": None, "run": None}
    clusters = {c.code: c for c in Cluster.objects.filter(code__in=[LUSHAN, TONGBAI])}
    if len(clusters) == 2:
        benchmarks.benchmark_set(
            actor=SYSTEM, cluster=clusters[LUSHAN], year=2025, target=clusters[TONGBAI],
            target_rank=45, note=NOTE, reason=_("演示数据"),
        )  # fmt: skip
        out["benchmark"] = True
    else:
        _say(
            stdout, _("考核演示数据：缺少鲁山或桐柏产业集聚区（请先运行 clusterzone demo），赶超目标已跳过。")
        )

    try:
        from . import schemes, services
        from .choices import RunStatus
        from .models import Run, Scheme
    except ImportError:  # the assessment core not installed
        return out
    if not SCHEME_FILE.exists():
        return out
    definition = schemes.load(SCHEME_FILE.read_text(encoding="utf-8"), "yaml")
    existing = (
        Scheme.objects.filter(name=definition["name"], year=definition["year"], is_active=True)
        .order_by("-version")
        .first()
    )
    try:
        scheme = services.scheme_save(
            actor=SYSTEM, scheme=existing, definition=definition, reason=_("演示数据")
        )
    except DomainError as exc:
        _say(stdout, _("考核演示数据：示例方案未导入（%(e)s）。") % {"e": exc.message})
        return out
    out["scheme"] = scheme.pk
    run = Run.objects.filter(scheme=scheme, year=2025, status=RunStatus.PUBLISHED).first()
    if run is None:
        try:
            run = services.run_create(actor=SYSTEM, scheme=scheme, year=2025)
            if run.results.exists():
                services.run_publish(actor=SYSTEM, run=run)
            else:
                services.run_delete(actor=SYSTEM, run=run)
                run = None
        except DomainError as exc:
            _say(stdout, _("考核演示数据：未生成考核结果（%(e)s）。") % {"e": exc.message})
            run = None
    out["run"] = run.pk if run else None
    _say(
        stdout,
        _("考核演示数据：赶超目标 鲁山→桐柏；考核方案“%(name)s”第%(v)s版；2025年考核结果%(run)s。")
        % {
            "name": scheme.name,
            "v": scheme.version,
            "run": _("已发布（%(n)s个集聚区）") % {"n": run.results.count()} if run else _("未生成"),
        },
    )
    return out
