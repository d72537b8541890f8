"""Factories shared by every test. Codes they make are valid (check characters computed)."""

import factory
from stdnum.cn import uscc

from clusterzone.accounts.choices import RegionLevel, Role, UnitKind
from clusterzone.accounts.models import OrgUnit, Region, User
from clusterzone.core.validators import org_code_check_char
from clusterzone.registry.models import Cluster, Enterprise, Industry, IndustryCategory

PASSWORD = "Test-pass-2025"


def make_org_code(n: int) -> str:
    body = f"{n:08d}"
    return f"{body}-{org_code_check_char(body)}"


def make_credit_code(n: int, region: str = "411700") -> str:
    body = f"{n:08d}"
    org = body + org_code_check_char(body)
    first17 = f"91{region}{org}"
    return first17 + uscc.calc_check_digit(first17)


def region(code: str, name: str, parent: Region | None = None) -> Region:
    level = (
        RegionLevel.PROVINCE
        if code.endswith("0000")
        else RegionLevel.CITY
        if code.endswith("00")
        else RegionLevel.COUNTY
    )
    obj, _ = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return obj


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = UnitKind.JOINT_OFFICE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    roles = factory.LazyFunction(lambda: [Role.READONLY])
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    code = factory.Sequence(lambda n: f"C{n:05d}")
    name = factory.Sequence(lambda n: f"测试产业集聚区{n}")
    planned_area = 10
    built_area = 5


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    credit_code = factory.Sequence(lambda n: make_credit_code(n + 10000))
    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")


def industry(code="30", name="非金属矿物制品业") -> Industry:
    section, _ = Industry.objects.get_or_create(code="C", defaults={"name": "制造业", "level": "section"})
    obj, _ = Industry.objects.get_or_create(
        code=code, defaults={"name": name, "level": "division", "parent": section}
    )
    return obj


def category(name="新型建材") -> IndustryCategory:
    obj, _ = IndustryCategory.objects.get_or_create(name=name)
    return obj
