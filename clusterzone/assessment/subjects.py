"""The subjects an assessment scores: one engine for clusters, enterprises and units.

A scheme names its subject kind in its definition (`subject: cluster | enterprise | unit`;
absent = cluster). Everything after reading the inputs — methods, caps, ranks, classes,
frozen runs, publishing — is the same code whatever the subject. What differs per kind is
declared here as a `Subject`:

    catalog() -> set[str] | None       the measure codes a scheme may name (None = any)
    read_inputs(definition, year, region, *, exclude_run_id=None, cluster=None) -> dict
        the engine's inputs: {"year", "region", "subjects": {code: {...}}}
    ids(codes) -> {code: (pk, name)}   to store the results against the subject's rows
    store_cluster: bool                results also fill Result.cluster (cluster subjects)
    before_publish(run, **options)     raises DomainError when the kind's run may not be
                                       published yet (the enterprise kind: only after its 公示)

The cluster kind is built in (assessment.measures). Other apps register their kinds when
they start (AppConfig.ready): `register(Subject(kind="enterprise", ...))` — the land app
registers the enterprise (亩均效益评价); an organisation-unit evaluation registers "unit".
Assessment never imports the apps that register.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterzone.core.exceptions import DomainError


@dataclass
class Subject:
    kind: str
    label: str
    read_inputs: Callable
    ids: Callable
    catalog: Callable = field(default=lambda: None)
    store_cluster: bool = False
    before_publish: Callable | None = None


REGISTRY: dict[str, Subject] = {}

KINDS = ("cluster", "enterprise", "unit")


def register(subject: Subject) -> None:
    REGISTRY[subject.kind] = subject


def kind_of(definition) -> str:
    return str((definition or {}).get("subject") or "cluster")


def get(kind: str) -> Subject:
    if kind not in REGISTRY:
        raise DomainError(_("未知的考核对象“%(k)s”。") % {"k": kind}, field="subject")
    return REGISTRY[kind]


def for_definition(definition) -> Subject:
    return get(kind_of(definition))


def _cluster_subject() -> Subject:
    from clusterzone.registry.models import Cluster
    from clusterzone.reporting.models import Indicator

    from . import measures, sources

    def ids(codes):
        return {
            c: (pk, n)
            for c, pk, n in Cluster.objects.filter(code__in=codes).values_list("code", "id", "name")
        }

    return Subject(
        kind="cluster",
        label=gettext_lazy("集聚区"),
        read_inputs=measures.read_inputs,
        ids=ids,
        catalog=lambda: set(Indicator.objects.values_list("code", flat=True)) | sources.codes(),
        store_cluster=True,
    )


def register_builtin() -> None:
    register(_cluster_subject())
