"""Load the shipped reporting catalog (reporting/data): indicators, derived indicators, data
sets with their indicators and reporting clusters, and the default validation rules.

`load_reporting_catalog()` is idempotent: rows equal to the shipped data are left alone
(counted "unchanged"), changed rows are written through `core.services.instance_save` so the
history records the actor and the reason. What a province administrator added (indicators,
rules, clusters on a data set, indicators on a data set) is never removed; the shipped fields
of shipped rows are brought back to the shipped values.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from clusterzone.accounts.models import Region
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import instance_changed, instance_save
from clusterzone.registry.choices import ClusterStatus
from clusterzone.registry.models import Cluster

from . import data, formulas
from .choices import ScopeRule
from .models import DataSet, DataSetIndicator, Indicator, ValidationRule

REASON = "载入内置指标目录"


def _counts() -> dict[str, int]:
    return {"created": 0, "updated": 0, "unchanged": 0}


def _upsert(model, key: dict, values: dict, counts: dict, *, actor, existing=None):
    obj = existing if existing is not None else model._default_manager.filter(**key).first()
    if obj is None:
        obj = model(**key)
        counts["created"] += 1
    elif instance_changed(obj, values):
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
        return obj
    return instance_save(obj, actor=actor, data=values, reason=REASON, check_permission=False)


def _province() -> Region:
    region = Region.objects.filter(code=data.PROVINCE_CODE).first()
    if region is None:
        from clusterzone.accounts.reference import load_regions

        load_regions()
        region = Region.objects.filter(code=data.PROVINCE_CODE).first()
    if region is None:  # pragma: no cover - the shipped region list holds 410000
        raise DomainError(_("缺少行政区划 %(code)s，无法载入报表目录。") % {"code": data.PROVINCE_CODE})
    return region


def derived_order(specs) -> list:
    """Derived specs ordered so that each comes after the derived indicators it uses."""
    parsed = {s.code: formulas.parse(s.formula) for s in specs}
    by_code = {s.code: s for s in specs}
    return [by_code[c] for c in formulas.dependency_order(parsed)]


@transaction.atomic
def load_reporting_catalog(actor=None) -> dict[str, dict[str, int]]:
    """Load (or bring up to date) the shipped catalog. Returns counts per kind:
    {"indicators": {...}, "datasets": {...}, "dataset_indicators": {...},
     "dataset_clusters": {"created": n}, "rules": {...}}."""
    result = {
        "indicators": _counts(),
        "datasets": _counts(),
        "dataset_indicators": _counts(),
        "dataset_clusters": {"created": 0},
        "rules": _counts(),
    }
    existing = {i.code: i for i in Indicator.objects.all()}
    reported = [s for s in data.INDICATORS if not s.formula]
    derived = derived_order([s for s in data.INDICATORS if s.formula])
    order = {s.code: (k + 1) * 10 for k, s in enumerate(data.INDICATORS)}
    indicators: dict[str, Indicator] = {}
    for spec in [*reported, *derived]:
        values = {
            "name": spec.name,
            "unit": spec.unit,
            "kind": spec.kind,
            "decimals": spec.decimals,
            "category": spec.category,
            "order": order[spec.code],
            "non_negative": spec.non_negative,
            "formula": spec.formula,
        }
        indicators[spec.code] = _upsert(
            Indicator,
            {"code": spec.code},
            values,
            result["indicators"],
            actor=actor,
            existing=existing.get(spec.code),
        )

    province = _province()
    datasets: dict[str, DataSet] = {}
    for spec in data.DATASETS:
        values = {
            "name": spec.name,
            "period_kind": spec.period_kind,
            "due_days": spec.due_days,
            "region": province,
            "description": spec.description,
            "itemised": spec.itemised,
            # every provincial cluster of the province reports it, also those registered later
            "scope_rule": ScopeRule.SUBTREE,
            "scope_status": ClusterStatus.PROVINCIAL,
        }
        ds = _upsert(DataSet, {"code": spec.code}, values, result["datasets"], actor=actor)
        datasets[spec.code] = ds
        items = {item.indicator_id: item for item in DataSetIndicator.objects.filter(dataset=ds)}
        for k, code in enumerate(spec.indicators):
            indicator = indicators[code]
            item = items.get(indicator.pk)
            position = (k + 1) * 10
            if item is None:
                DataSetIndicator.objects.create(dataset=ds, indicator=indicator, order=position)
                result["dataset_indicators"]["created"] += 1
            elif item.order != position:
                item.order = position
                item.save(update_fields=["order"])
                result["dataset_indicators"]["updated"] += 1
            else:
                result["dataset_indicators"]["unchanged"] += 1

    for spec in data.RULES:
        values = {
            "left": spec.left,
            "operator": spec.operator,
            "right": spec.right,
            "severity": spec.severity,
            "message": spec.message,
            "dataset": datasets.get(spec.dataset) if spec.dataset else None,
        }
        _upsert(ValidationRule, {"code": spec.code}, values, result["rules"], actor=actor)
    return result


LABELS = {
    "indicators": "指标",
    "datasets": "报表",
    "dataset_indicators": "报表指标",
    "dataset_clusters": "报表报送集聚区",
    "rules": "校验规则",
}


def format_counts(result: dict[str, dict[str, int]]) -> list[str]:
    lines = []
    for key, counts in result.items():
        parts = [
            f"{label} {counts[k]}"
            for k, label in (("created", "新增"), ("updated", "更新"), ("unchanged", "未变"))
            if k in counts
        ]
        lines.append(f"{LABELS[key]}：" + "，".join(parts))
    return lines


# --- writes of the catalog pages and API (province administrators; policy kinds
# "indicator", "dataset", "validationrule") ------------------------------------------------


@transaction.atomic
def indicator_save(*, actor, indicator: Indicator, data: dict, reason: str | None = None) -> Indicator:
    """Create or update an indicator; a formula is validated by Indicator.clean() (syntax,
    unknown code, self reference, cycle) and refused beside the field."""
    return instance_save(indicator, actor=actor, data=data, reason=reason)


@transaction.atomic
def rule_save(*, actor, rule: ValidationRule, data: dict, reason: str | None = None) -> ValidationRule:
    """Create or update a validation rule; both expressions are validated when saved."""
    return instance_save(rule, actor=actor, data=data, reason=reason)


@transaction.atomic
def dataset_save(*, actor, dataset: DataSet, data: dict, reason: str | None = None) -> DataSet:
    """Create or update a data set. `data` may hold "indicators" (Indicator objects, in
    order: the data set's list becomes exactly these), "clusters" (explicit additions to the
    scope rule) and "excluded_clusters" (exclusions); a cluster cannot be both."""
    data = dict(data)
    indicators = data.pop("indicators", None)
    clusters = data.pop("clusters", None)
    excluded = data.pop("excluded_clusters", None)
    added = {c.pk for c in clusters} if clusters is not None else None
    if added is None and excluded is not None and dataset.pk:
        added = set(dataset.clusters.values_list("pk", flat=True))
    both = [c for c in (excluded or []) if c.pk in (added or set())]
    if both:
        raise DomainError(
            _("集聚区不能同时增列和排除：%(names)s") % {"names": "、".join(c.name for c in both)},
            field="excluded_clusters",
        )
    dataset = instance_save(dataset, actor=actor, data=data, reason=reason)
    if indicators is not None:
        wanted = [i.pk for i in indicators]
        DataSetIndicator.objects.filter(dataset=dataset).exclude(indicator_id__in=wanted).delete()
        items = {it.indicator_id: it for it in DataSetIndicator.objects.filter(dataset=dataset)}
        for k, pk in enumerate(wanted):
            item = items.get(pk)
            if item is None:
                DataSetIndicator.objects.create(dataset=dataset, indicator_id=pk, order=(k + 1) * 10)
            elif item.order != (k + 1) * 10:
                item.order = (k + 1) * 10
                item.save(update_fields=["order"])
    if clusters is not None:
        dataset.clusters.set(clusters)
    if excluded is not None:
        dataset.excluded_clusters.set(excluded)
    return dataset


@transaction.atomic
def dataset_clusters_change(*, actor, dataset: DataSet, add=(), remove=()) -> DataSet:
    """Add clusters to a data set's scope (explicit additions, lifting an exclusion) or take
    them out (dropping an addition, and excluding them when the rule would still take them),
    province administrators."""
    from clusterzone.accounts import policy

    from .scope import dataset_clusters

    policy.require(actor, "change", dataset)
    if add:
        dataset.excluded_clusters.remove(*add)
        dataset.clusters.add(*add)
    if remove:
        dataset.clusters.remove(*remove)
        still = dataset_clusters(dataset, Cluster.objects.filter(pk__in=[c.pk for c in remove]))
        dataset.excluded_clusters.add(*still)
    return dataset
