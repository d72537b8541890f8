"""The scheme file format: validation messages naming the place, and export → import →
export unchanged (YAML and JSON, the same structure)."""

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from clusterzone.assessment import schemes
from clusterzone.assessment.models import Scheme
from tests.reporting.conftest import catalog  # noqa: F401 (fixture)

EXAMPLE = Path(schemes.__file__).parent / "data" / "scheme_2025.yaml"
CODES = {"revenue", "fai", "tax", "employees"}


def example() -> dict:
    return schemes.load(EXAMPLE.read_text(encoding="utf-8"), "yaml")


def messages(definition, codes=CODES):
    return dict(schemes.validate(definition, codes))


def test_shipped_example_is_the_issue_example_and_valid():
    d = example()
    assert d["name"] == "2025年度产业集聚区考核评价" and d["region"] == "410000"
    assert schemes.indicator_keys(d) == [
        "revenue.value",
        "fai.value",
        "revenue.yoy",
        "tax.value",
        "employees.value",
    ]
    assert d["dimensions"][1]["indicators"][1]["bands"] == [[0, 0], [10000, 5], [30000, 10]]
    assert schemes.validate(d, CODES) == []


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_load_dump_unchanged(fmt):
    d = example()
    text = schemes.dump(d, fmt)
    again = schemes.load(text, fmt)
    assert again == d
    assert schemes.dump(again, fmt) == text
    # the other format carries the same structure
    other = "json" if fmt == "yaml" else "yaml"
    assert schemes.load(schemes.dump(again, other), other) == d


def test_key_order_does_not_matter():
    d = example()
    shuffled = json.loads(json.dumps(d, sort_keys=True))
    assert schemes.dump(shuffled, "yaml") == schemes.dump(d, "yaml")


def test_weights_must_be_positive_and_bands_ordered():
    d = example()
    d["dimensions"][0]["indicators"][1]["weight"] = 0
    d["dimensions"][1]["indicators"][1]["bands"] = [[0, 0], [30000, 10], [10000, 5]]
    got = messages(d)
    assert got["dimensions[0].indicators[1].weight"] == "维度“经济总量”第2个指标：权重必须为正数"
    assert (
        got["dimensions[1].indicators[1].bands[2]"] == "维度“质量效益”第2个指标：分档下限必须从小到大排列。"
    )


@pytest.mark.parametrize(
    "patch, path, fragment",
    [
        ({"method": "magic"}, "dimensions[0].indicators[0].method", "计分方法"),
        ({"measure": "mom"}, "dimensions[0].indicators[0].measure", "口径"),
        ({"weight": "abc"}, "dimensions[0].indicators[0].weight", "权重必须为正数"),
        ({"indicator": "nope"}, "dimensions[0].indicators[0].indicator", "未知的指标代码“nope”"),
        ({"direction": "up"}, "dimensions[0].indicators[0].direction", "方向"),
        ({"floor": 120}, "dimensions[0].indicators[0].floor", "保底分"),
        ({"cap": -1}, "dimensions[0].indicators[0].cap", "正数"),
        ({"method": "benchmark"}, "dimensions[0].indicators[0].benchmark", "对标值"),
        ({"method": "bands"}, "dimensions[0].indicators[0].bands", "至少一个分档"),
        ({"colour": "red"}, "dimensions[0].indicators[0].colour", "未知的设置项"),
    ],
)
def test_indicator_errors(patch, path, fragment):
    d = example()
    d["dimensions"][0]["indicators"][0].update(patch)
    got = messages(d)
    assert path in got and fragment in got[path], got
    assert got[path].startswith("维度“经济总量”第1个指标：")


def test_scheme_level_errors():
    d = example()
    d["year"] = "2025"
    d["stars"].append({"level": 2, "min_score": 10})
    d["stars"][0]["require"] = {"revenue": "many"}
    d["threshold"] = {"ghost": 1}
    d["outcomes"]["top"]["count"] = 0
    d["outcomes"]["bottom"]["label"] = ""
    d["dimensions"][0]["indicators"].append(
        {"indicator": "revenue", "measure": "value", "weight": 1, "method": "linear"}
    )
    got = messages(d)
    assert "year" in got
    assert "级别2重复" in got["stars[2].level"]
    assert "stars[0].require.revenue" in got
    assert "未知的指标代码“ghost”" in got["threshold.ghost"]
    assert "outcomes.top.count" in got and "outcomes.bottom.label" in got
    assert "重复" in got["dimensions[0].indicators[2]"]


def test_manual_indicator_may_name_anything_and_bands_need_no_weight():
    d = example()
    d["dimensions"].append({"name": "观摩评价", "indicators": [{"indicator": "配套服务", "measure": "value", "weight": 5, "method": "manual"}]})  # fmt: skip
    assert messages(d) == {}


def test_stars_with_max_rise_form():
    d = example()
    d["stars"] = {"max_rise": 1, "levels": d["stars"]}
    assert messages(d) == {}
    assert schemes.load(schemes.dump(d, "yaml"), "yaml") == d
    d["stars"]["max_rise"] = -1
    assert "stars.max_rise" in messages(d)


def test_unreadable_file_is_a_domain_error():
    from clusterzone.core.exceptions import DomainError

    with pytest.raises(DomainError):
        schemes.load("name: [unclosed", "yaml")
    with pytest.raises(DomainError):
        schemes.load("[1, 2]", "json")
    with pytest.raises(DomainError):
        schemes.fmt_of("scheme.txt")


def test_cli_export_import_export_unchanged(world, catalog, tmp_path):  # noqa: F811
    out = io.StringIO()
    call_command("scheme-import", str(EXAMPLE), stdout=out)
    assert "第1版" in out.getvalue()
    first = Scheme.objects.get()
    for ext in ("yaml", "json"):
        a = tmp_path / f"a.{ext}"
        call_command("scheme-export", "--scheme", str(first.pk), "--out", str(a), stderr=io.StringIO())
        call_command("scheme-import", str(a), stdout=io.StringIO())  # unchanged → same version
        b = tmp_path / f"b.{ext}"
        last = Scheme.objects.filter(is_active=True).get()
        call_command("scheme-export", "--scheme", str(last.pk), "--out", str(b), stderr=io.StringIO())
        assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")
    assert Scheme.objects.count() == 1
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == schemes.dump(example(), "yaml")
    # an edited file becomes version 2 of the same scheme
    edited = copy.deepcopy(example())
    edited["threshold"] = {"revenue": 400000}
    path = tmp_path / "edited.yaml"
    path.write_text(schemes.dump(edited, "yaml"), encoding="utf-8")
    call_command("scheme-import", str(path), "--reason", "调整门槛", stdout=io.StringIO())
    assert list(Scheme.objects.order_by("version").values_list("version", "is_active")) == [
        (1, False),
        (2, True),
    ]


def test_cli_import_reports_errors(world, catalog, tmp_path):  # noqa: F811
    from django.core.management.base import CommandError

    d = example()
    d["dimensions"][0]["indicators"][0]["weight"] = -5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="维度“经济总量”第1个指标：权重必须为正数"):
        call_command("scheme-import", str(path))
    assert Scheme.objects.count() == 0
