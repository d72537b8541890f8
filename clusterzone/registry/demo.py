"""Load the demo data set (`clusterzone demo`): reference data first, then organisation
units, clusters with committees, sub-zones and leading industries, enterprises and one user
per role.

Idempotent: rows are looked up by their natural keys (unit: region + name; cluster: code;
sub-zone: cluster + name; leading industry: cluster + category; enterprise: credit or
organisation code; user: username) and written only when something differs, so a second
run writes nothing. Writes go through `core.services.instance_save` without a permission
check (there is no actor), each leaving a history row with the reason "演示数据". An
existing user's password is never reset.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from stdnum.cn import uscc

from clusterzone.accounts.choices import Role, UnitKind
from clusterzone.accounts.models import OrgUnit, Region, User
from clusterzone.core.services import instance_changed, instance_save
from clusterzone.core.validators import org_code_check_char

from .choices import IndustryRole
from .data import demo as data
from .models import Cluster, ClusterIndustry, Enterprise, Industry, IndustryCategory, SubZone
from .reference import load_reference

DEMO_REASON = "演示数据"
PASSWORD = data.PASSWORD


@dataclass
class _Counts:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, what: str) -> None:
        bucket = self.created if what == "created" else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1


def demo_credit_code(region_code: str, name: str) -> str:
    """A valid, deterministic unified social credit code for a demo enterprise:
    "91" + region code + 8-digit body (from the name) + GB 11714 check + GB 32100 check."""
    body = f"{zlib.crc32(name.encode('utf-8')) % 10**8:08d}"
    first17 = f"91{region_code}{body}{org_code_check_char(body)}"
    return first17 + uscc.calc_check_digit(first17)


def _save(instance, data_: dict, counts: _Counts, kind: str):
    """Create or update `instance` with `data_` unless nothing would change."""
    if instance.pk is None:
        counts.add(kind, "created")
    elif instance_changed(instance, data_):
        counts.add(kind, "updated")
    else:
        return instance
    return instance_save(instance, actor=None, data=data_, reason=DEMO_REASON, check_permission=False)


def _decimal(value):
    return None if value is None else Decimal(str(value))


@transaction.atomic
def load_demo(stdout=None, *, shared_passwords: bool = True) -> list[tuple[str, str, str, str]]:
    """Load reference and demo data. Returns the logins (username, password, role, unit).
    Without `shared_passwords` (production: DEBUG off) new accounts get no usable password,
    except the superuser, who gets a random one (returned, printed once)."""

    def say(msg: str) -> None:
        if stdout is not None:
            stdout.write(msg)

    ref = load_reference()
    for label, key in (
        ("行政区划", "regions"),
        ("国民经济行业", "industries"),
        ("主导产业类别", "categories"),
    ):
        c = ref[key]
        say(f"{label}：新增 {c['created']}，更新 {c['updated']}，未变 {c['unchanged']}")

    counts = _Counts()
    regions = {r.code: r for r in Region.objects.all()}
    units = _load_units(regions, counts)
    clusters = _load_clusters(regions, units, counts)
    _load_enterprises(clusters, counts)
    logins = _load_users(units, counts, data.USERS, shared_passwords)

    codes = [c["code"] for c in data.CLUSTERS]
    n_clusters = Cluster.objects.filter(code__in=codes).count()
    n_enterprises = Enterprise.objects.filter(cluster__code__in=codes).count()
    say(
        f"演示数据：集聚区 {n_clusters} 个，企业 {n_enterprises} 家，组织单位 {len(units)} 个，用户 {len(logins)} 个。"
    )
    if counts.created or counts.updated:
        summary = "；".join(
            f"{kind} 新增 {counts.created.get(kind, 0)}、更新 {counts.updated.get(kind, 0)}"
            for kind in dict.fromkeys([*counts.created, *counts.updated])
        )
        say(f"本次写入：{summary}")
    else:
        say("本次写入：无（演示数据已是最新）")
    return logins


def _load_units(regions, counts) -> dict[tuple[str, str], OrgUnit]:
    existing = {(u.region.code, u.name): u for u in OrgUnit.objects.select_related("region")}
    wanted = [(code, name, kind, notes) for code, name, kind, notes in data.UNITS]
    for cluster in data.CLUSTERS:
        wanted.append(
            (
                cluster["region"],
                _committee_name(cluster),
                UnitKind.COMMITTEE,
                f"{cluster['name']}管理委员会。",
            )
        )
    units = {}
    for code, name, kind, notes in wanted:
        unit = existing.get((code, name)) or OrgUnit(region=regions[code], name=name)
        units[(code, name)] = _save(unit, {"kind": kind, "notes": notes}, counts, "组织单位")
    return units


@transaction.atomic
def load_cycle_logins(*, shared_passwords: bool = True) -> list[tuple[str, str, str, str]]:
    """The logins that walk each county's monthly cycle (run by `clusterzone demo` after
    load_demo): a joint-meeting office per county with a demo cluster and its staff
    (office_<region code>), and a reporter for every cluster (reporter_<cluster code>).
    Idempotent like load_demo. Returns the logins (username, password, role, unit)."""
    counts = _Counts()
    regions = {r.code: r for r in Region.objects.all()}
    existing = {(u.region.code, u.name): u for u in OrgUnit.objects.select_related("region")}
    units = {}
    for code, name in _county_offices(regions):
        unit = existing.get((code, name)) or OrgUnit(region=regions[code], name=name)
        units[(code, name)] = _save(unit, {"kind": UnitKind.JOINT_OFFICE}, counts, "组织单位")
    for cluster in data.CLUSTERS:
        key = (cluster["region"], _committee_name(cluster))
        units[key] = existing[key]
    return _load_users(units, counts, _cycle_users(regions), shared_passwords)


def _county_offices(regions) -> list[tuple[str, str]]:
    """One joint-meeting office per county (县、县级市、区) with a demo cluster, so each
    county's monthly cycle can be walked with the demo logins."""
    out = {}
    for cluster in data.CLUSTERS:
        region = regions[cluster["region"]]
        if region.level == "county":
            out[region.code] = f"{region.name}产业集聚区发展联席会议办公室"
    return list(out.items())


def _cycle_users(regions) -> list[dict]:
    """The county offices' staff (office_<region code>) and one reporter per cluster without
    one in data.USERS (reporter_<cluster code>)."""
    users = []
    for code, name in _county_offices(regions):
        users.append(
            {
                "username": f"office_{code}",
                "full_name": f"{regions[code].name}联席办",
                "roles": ["office_staff"],
                "unit": (code, name),
            }
        )
    have = {spec["unit"] for spec in data.USERS if "cluster_reporter" in spec["roles"]}
    for cluster in data.CLUSTERS:
        unit = (cluster["region"], _committee_name(cluster))
        if unit not in have:
            users.append(
                {
                    "username": f"reporter_{cluster['code']}",
                    "full_name": f"{cluster['name'].replace('产业集聚区', '').replace('产业聚集区', '')}填报员",
                    "roles": ["cluster_reporter"],
                    "unit": unit,
                }
            )
    return users


def _committee_name(cluster: dict) -> str:
    return f"{cluster['name']}管委会"


def _load_clusters(regions, units, counts) -> dict[str, Cluster]:
    categories = {c.name: c for c in IndustryCategory.objects.all()}
    existing = {c.code: c for c in Cluster.objects.all()}
    clusters = {}
    for spec in data.CLUSTERS:
        cluster = existing.get(spec["code"]) or Cluster(code=spec["code"])
        fields = {
            "name": spec["name"],
            "region": regions[spec["region"]],
            "status": spec.get("status", "provincial"),
            "planned_area": _decimal(spec.get("planned_area")),
            "built_area": _decimal(spec.get("built_area")),
            "land_reserve": _decimal(spec.get("land_reserve")),
            "star": spec.get("star", 0),
            "founded": date.fromisoformat(spec["founded"]) if spec.get("founded") else None,
            "committee": units[(spec["region"], _committee_name(spec))],
            "notes": spec.get("notes", ""),
        }
        cluster = _save(cluster, fields, counts, "集聚区")
        clusters[cluster.code] = cluster

        subzones = {s.name: s for s in cluster.subzones.all()}
        for name, area, focus in spec.get("subzones", []):
            subzone = subzones.get(name) or SubZone(cluster=cluster, name=name)
            _save(subzone, {"area": _decimal(area), "focus": focus}, counts, "园区")

        links = {link.category_id: link for link in cluster.leading_industries.all()}
        wanted = {categories[name].pk: role for name, role in spec.get("industries", [])}
        # demote a main industry that is not the demo's main first ("一主": one main only)
        for category_id, link in links.items():
            if link.role == IndustryRole.MAIN and wanted.get(category_id) != IndustryRole.MAIN:
                _save(link, {"role": IndustryRole.AUXILIARY}, counts, "主导产业")
        for category_id, role in wanted.items():
            link = links.get(category_id) or ClusterIndustry(cluster=cluster, category_id=category_id)
            _save(link, {"role": role}, counts, "主导产业")
    return clusters


def _load_enterprises(clusters, counts) -> None:
    industries = {i.code: i for i in Industry.objects.filter(level="division")}
    by_credit = {e.credit_code: e for e in Enterprise.objects.exclude(credit_code=None)}
    by_org = {e.org_code: e for e in Enterprise.objects.exclude(org_code=None)}
    for cluster_code, name, industry_code, flags in data.ENTERPRISES:
        cluster = clusters[cluster_code]
        code = demo_credit_code(cluster.region.code, name)
        # a demo loaded before a name was corrected to the seed's keeps its record (and code)
        former = data.ENTERPRISE_FORMER_NAMES.get(name)
        enterprise = (
            by_credit.get(code)
            or (former and by_credit.get(demo_credit_code(cluster.region.code, former)))
            or Enterprise(credit_code=code)
        )
        fields = {
            "name": name,
            "cluster": cluster,
            "industry": industries[industry_code],
            "leading": flags.get("leading", False),
            "above_size": flags.get("above_size", False),
        }
        _save(enterprise, fields, counts, "企业")
    for spec in data.ENTERPRISES_WITH_ORG_CODE:
        enterprise = by_org.get(spec["org_code"]) or Enterprise(org_code=spec["org_code"])
        fields = {
            "name": spec["name"],
            "cluster": clusters[spec["cluster"]],
            "industry": industries[spec["industry"]],
            "registered_capital": _decimal(spec.get("registered_capital")),
        }
        _save(enterprise, fields, counts, "企业")


def _load_users(units, counts, specs, shared_passwords: bool = True) -> list[tuple[str, str, str, str]]:
    labels = dict(Role.choices)
    existing = {u.username: u for u in User.objects.filter(username__in=[s["username"] for s in specs])}
    logins = []
    # each new user gets its own salted hash; existing users' hashes are checked once each
    verified: dict[str, bool] = {}
    for spec in specs:
        unit = units[spec["unit"]]
        fields = {
            "full_name": spec["full_name"],
            "unit": unit,
            "roles": list(spec["roles"]),
            "is_superuser": spec.get("is_superuser", False),
            "is_staff": spec.get("is_staff", False),
            "is_active": True,
        }
        user = existing.get(spec["username"])
        if user is None:
            user = User(username=spec["username"])
            if shared_passwords:
                validate_password(PASSWORD, user)
                user.password = make_password(PASSWORD)
                password = PASSWORD
            elif spec.get("is_superuser"):
                import secrets

                password = secrets.token_urlsafe(12)
                user.password = make_password(password)
            else:
                user.set_unusable_password()
                password = "（未设置，请管理员设置）"
        else:
            # never reset a password someone changed; say whether the demo one still works
            if user.password not in verified:
                verified[user.password] = check_password(PASSWORD, user.password)
            password = PASSWORD if verified[user.password] else "（已修改，未重置）"
        _save(user, fields, counts, "用户")
        role = "系统管理员" if spec.get("is_superuser") else "、".join(str(labels[r]) for r in spec["roles"])
        logins.append((user.username, password, role, unit.name))
    return logins


def format_logins(logins) -> str:
    """A plain-text table of the demo logins."""
    header = ("用户名", "密码", "角色", "所属单位")
    rows = [header, *logins]
    widths = [max(_width(r[i]) for r in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(_pad(v, widths[i]) for i, v in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _pad(text: str, width: int) -> str:
    return str(text) + " " * (width - _width(text))
