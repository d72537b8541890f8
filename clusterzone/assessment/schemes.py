"""The assessment scheme as data: parse, validate and serialise.

A scheme definition is a plain dict (the same structure in YAML and JSON):

    name, year, region (code), dimensions: [{name, indicators: [{indicator, measure, weight,
    method, …method options}]}], stars, threshold, deductions, vetoes, outcomes

Public functions (used by services, pages and the CLI):

    validate(definition, catalog=None) -> list[(path, message)]   empty when valid
    normalize(definition) -> dict        canonical key order (export → import → export stable)
    dump(definition, fmt) -> str         fmt "yaml" or "json"
    load(text, fmt) -> dict              DomainError on unreadable text
    fmt_of(filename) -> "yaml" | "json"  by extension
    indicator_keys(definition) -> list of "<indicator>.<measure>" in scheme order

`subject` names what the scheme scores (cluster — the default —, enterprise, unit; see
subjects.py); `period` (optional, e.g. "2026-04") narrows a unit evaluation to one month and
makes a cluster scheme a monthly ranking (月评比) on the cumulative figures to that month
(measures.py); it must lie in the scheme's year.
`classes` ({levels: [{code, share}…, {code}], excluded: code}) classes the
ranked subjects by cumulative shares; `exclude` ({rule: number}) holds the subject kind's
rules for who is not evaluated (enterprise: min_land 亩, min_years since founding);
`exact_scores: true` ranks on unrounded scores. A benchmark indicator without `benchmark`
(or with "mean") is scored against the mean of the assessed subjects — allowed for every
subject but a cluster, whose schemes keep their fixed benchmarks.

`stars` is a list of levels, or {max_rise: N, levels: [...]} when the rise over last year's
star is limited (both forms are kept as written).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

import yaml
from django.utils.translation import gettext as _

from clusterzone.core.exceptions import DomainError

from .choices import Measure, Method

TOP_KEYS = [
    "name", "year", "region", "subject", "period", "dimensions", "stars", "threshold", "deductions",
    "vetoes", "outcomes", "classes", "exclude", "exact_scores", "missing_data",
]  # fmt: skip
MISSING_DATA = ("unranked", "zero")  # a cluster missing figures: 数据缺失 (default) or counted as 0
SUBJECT_KINDS = ("cluster", "enterprise", "unit")
INDICATOR_KEYS = [
    "indicator", "measure", "weight", "method", "direction", "cap", "floor", "target",
    "benchmark", "bands",
]  # fmt: skip
DIRECTIONS = ("higher", "lower")


def stars_of(definition) -> tuple[list[dict], int | None]:
    """(levels, max_rise) whichever form `stars` was written in."""
    stars = definition.get("stars") or []
    if isinstance(stars, dict):
        return list(stars.get("levels") or []), stars.get("max_rise")
    return list(stars), None


def indicator_keys(definition) -> list[str]:
    return [
        f"{item.get('indicator')}.{item.get('measure', 'value')}"
        for dim in definition.get("dimensions") or []
        for item in dim.get("indicators") or []
    ]


def _num(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _check_period(definition, subject, err) -> None:
    """`period`: a period of the scheme's year; a cluster scheme's is a month (月评比)."""
    from clusterzone.core.periods import MONTHLY, Period, PeriodError

    text = definition.get("period")
    if text in (None, ""):
        return
    try:
        period = Period.parse(str(text))
    except PeriodError:
        err("period", _("考核期间“%(p)s”无法识别，请写成 2026-10 这样的年月。") % {"p": text})
        return
    if subject == "cluster" and period.kind != MONTHLY:
        err("period", _("集聚区方案的考核期间必须是一个月份（如 2026-10），按年初至该月的累计数排名。"))
    if isinstance(definition.get("year"), int) and period.year != definition["year"]:
        err("period", _("考核期间“%(p)s”不在考核年度内。") % {"p": text})


def validate(definition, catalog=None) -> list[tuple[str, str]]:
    """Every problem of a definition as (path, Chinese message naming the place). `catalog`:
    the known indicator codes, to check codes (manual indicators may name anything)."""
    errors: list[tuple[str, str]] = []

    def err(path, msg):
        errors.append((path, msg))

    if not isinstance(definition, dict):
        return [("", _("方案内容必须是一个对象。"))]
    unknown = [k for k in definition if k not in TOP_KEYS]
    for k in unknown:
        err(k, _("未知的方案项“%(k)s”。") % {"k": k})
    if not str(definition.get("name") or "").strip():
        err("name", _("方案名称不能为空。"))
    year = definition.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        err("year", _("考核年度必须是2000至2100之间的整数。"))
    if not str(definition.get("region") or "").strip():
        err("region", _("考核区域（行政区划代码）不能为空。"))
    if definition.get("missing_data", "unranked") not in MISSING_DATA:
        err("missing_data", _("缺失数据的处理只能是 unranked（数据缺失，不排名）或 zero（按零计）。"))
    subject = definition.get("subject", "cluster")
    if subject not in SUBJECT_KINDS:
        err("subject", _("考核对象必须是 cluster、enterprise 或 unit。"))
    _check_period(definition, subject, err)
    _check_classes(definition, err)

    def known(code, path, what):
        if catalog is not None and code not in catalog:
            err(path, _("%(what)s：未知的指标代码“%(code)s”。") % {"what": what, "code": code})

    dims = definition.get("dimensions")
    if not isinstance(dims, list) or not dims:
        err("dimensions", _("至少需要一个考核维度。"))
        dims = []
    seen_keys: set[str] = set()
    for di, dim in enumerate(dims):
        dpath = f"dimensions[{di}]"
        if not isinstance(dim, dict):
            err(dpath, _("第%(n)d个维度格式不正确。") % {"n": di + 1})
            continue
        dname = str(dim.get("name") or "").strip()
        if not dname:
            err(f"{dpath}.name", _("第%(n)d个维度：名称不能为空。") % {"n": di + 1})
            dname = str(di + 1)
        items = dim.get("indicators")
        if not isinstance(items, list) or not items:
            err(f"{dpath}.indicators", _("维度“%(d)s”：至少需要一个指标。") % {"d": dname})
            continue
        for ii, item in enumerate(items):
            ipath = f"{dpath}.indicators[{ii}]"
            where = _("维度“%(d)s”第%(n)d个指标") % {"d": dname, "n": ii + 1}
            if not isinstance(item, dict):
                err(ipath, _("%(w)s：格式不正确。") % {"w": where})
                continue
            for k in item:
                if k not in INDICATOR_KEYS:
                    err(f"{ipath}.{k}", _("%(w)s：未知的设置项“%(k)s”。") % {"w": where, "k": k})
            code = str(item.get("indicator") or "").strip()
            method = item.get("method")
            if not code:
                err(f"{ipath}.indicator", _("%(w)s：指标代码不能为空。") % {"w": where})
            elif method != Method.MANUAL:
                known(code, f"{ipath}.indicator", where)
            measure = item.get("measure", Measure.VALUE)
            if measure not in Measure.values:
                err(
                    f"{ipath}.measure",
                    _("%(w)s：口径必须是 value、yoy 或 target_pct。") % {"w": where},
                )
            key = f"{code}.{measure}"
            if code and key in seen_keys:
                err(ipath, _("%(w)s：指标口径“%(k)s”重复。") % {"w": where, "k": key})
            seen_keys.add(key)
            if method not in Method.values:
                err(
                    f"{ipath}.method",
                    _("%(w)s：计分方法必须是 target、linear、benchmark、rank、bands 或 manual。")
                    % {"w": where},
                )
            weight = _num(item.get("weight"))
            if method != Method.BANDS or "weight" in item:
                if weight is None or weight <= 0:
                    err(f"{ipath}.weight", _("%(w)s：权重必须为正数") % {"w": where})
            direction = item.get("direction", "higher")
            if direction not in DIRECTIONS:
                err(f"{ipath}.direction", _("%(w)s：方向必须是 higher 或 lower。") % {"w": where})
            for opt in ("cap", "target", "benchmark"):
                if opt == "benchmark" and item.get(opt) == "mean":
                    continue
                if opt in item:
                    v = _num(item[opt])
                    if v is None or v <= 0:
                        err(f"{ipath}.{opt}", _("%(w)s：%(o)s必须为正数。") % {"w": where, "o": opt})
            mean_ok = subject != "cluster"
            if method == Method.BENCHMARK and item.get("benchmark") == "mean":
                pass
            elif method == Method.BENCHMARK and "benchmark" not in item and not mean_ok:
                err(f"{ipath}.benchmark", _("%(w)s：对标法需要设置对标值 benchmark。") % {"w": where})
            if "floor" in item:
                v = _num(item["floor"])
                if v is None or not 0 <= v < 100:
                    err(f"{ipath}.floor", _("%(w)s：保底分比例必须在0到100之间。") % {"w": where})
            if method == Method.BANDS or "bands" in item:
                _check_bands(item.get("bands"), f"{ipath}.bands", where, err)

    levels, max_rise = stars_of(definition)
    if max_rise is not None and (not isinstance(max_rise, int) or isinstance(max_rise, bool) or max_rise < 0):
        err("stars.max_rise", _("星级：每年最多晋升级数必须是非负整数。"))
    seen_levels = set()
    for si, level in enumerate(levels):
        spath = f"stars[{si}]"
        if not isinstance(level, dict):
            err(spath, _("第%(n)d个星级格式不正确。") % {"n": si + 1})
            continue
        lv = level.get("level")
        if not isinstance(lv, int) or isinstance(lv, bool) or not 1 <= lv <= 6:
            err(f"{spath}.level", _("第%(n)d个星级：级别必须是1至6的整数。") % {"n": si + 1})
        elif lv in seen_levels:
            err(f"{spath}.level", _("第%(n)d个星级：级别%(l)d重复。") % {"n": si + 1, "l": lv})
        seen_levels.add(lv)
        if _num(level.get("min_score")) is None:
            err(f"{spath}.min_score", _("第%(n)d个星级：最低得分必须是数字。") % {"n": si + 1})
        req = level.get("require") or {}
        if not isinstance(req, dict):
            err(f"{spath}.require", _("第%(n)d个星级：附加条件格式不正确。") % {"n": si + 1})
            req = {}
        for code, v in req.items():
            known(code, f"{spath}.require.{code}", _("第%(n)d个星级") % {"n": si + 1})
            if _num(v) is None:
                err(
                    f"{spath}.require.{code}",
                    _("第%(n)d个星级：“%(c)s”的最低值必须是数字。") % {"n": si + 1, "c": code},
                )
    threshold = definition.get("threshold") or {}
    if not isinstance(threshold, dict):
        err("threshold", _("门槛标准格式不正确。"))
        threshold = {}
    for code, v in threshold.items():
        known(code, f"threshold.{code}", _("门槛标准"))
        if _num(v) is None:
            err(f"threshold.{code}", _("门槛标准：“%(c)s”的最低值必须是数字。") % {"c": code})
    for key in ("deductions", "vetoes"):
        what = _("扣分项") if key == "deductions" else _("否决项")
        items = definition.get(key) or []
        if not isinstance(items, list):
            err(key, _("%(w)s格式不正确。") % {"w": what})
            continue
        for n, item in enumerate(items):
            if not isinstance(item, dict) or not str(item.get("name") or "").strip():
                err(f"{key}[{n}].name", _("第%(n)d个%(w)s：名称不能为空。") % {"n": n + 1, "w": what})
                continue
            if key == "deductions" and "points" in item:
                v = _num(item["points"])
                if v is None or v <= 0:
                    err(f"{key}[{n}].points", _("第%(n)d个扣分项：扣分值必须为正数。") % {"n": n + 1})
    outcomes = definition.get("outcomes") or {}
    if not isinstance(outcomes, dict):
        err("outcomes", _("结果运用格式不正确。"))
        outcomes = {}
    for k, v in outcomes.items():
        opath = f"outcomes.{k}"
        if k not in ("top", "bottom", "consecutive_missed_targets"):
            err(opath, _("结果运用：未知的设置项“%(k)s”。") % {"k": k})
            continue
        field = "years" if k == "consecutive_missed_targets" else "count"
        if not isinstance(v, dict):
            err(opath, _("结果运用“%(k)s”格式不正确。") % {"k": k})
            continue
        n = v.get(field)
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            err(f"{opath}.{field}", _("结果运用“%(k)s”：%(f)s必须是正整数。") % {"k": k, "f": field})
        if not str(v.get("label") or "").strip():
            err(f"{opath}.label", _("结果运用“%(k)s”：名称不能为空。") % {"k": k})
    return errors


def _check_classes(definition, err):
    classes = definition.get("classes")
    if classes is not None:
        levels = classes.get("levels") if isinstance(classes, dict) else None
        if not isinstance(levels, list) or not levels:
            err("classes.levels", _("分类：至少需要一个类别。"))
        else:
            previous = Decimal(0)
            seen = set()
            for n, level in enumerate(levels):
                path = f"classes.levels[{n}]"
                if not isinstance(level, dict) or not str(level.get("code") or "").strip():
                    err(path, _("第%(n)d个类别：代码不能为空。") % {"n": n + 1})
                    continue
                if level["code"] in seen:
                    err(path, _("第%(n)d个类别：代码重复。") % {"n": n + 1})
                seen.add(level["code"])
                last = n == len(levels) - 1
                if "share" not in level:
                    if not last:
                        err(f"{path}.share", _("第%(n)d个类别：需要累计比例 share。") % {"n": n + 1})
                    continue
                v = _num(level["share"])
                if v is None or not previous < v <= 100:
                    err(
                        f"{path}.share",
                        _("第%(n)d个类别：累计比例必须大于上一类别且不超过100。") % {"n": n + 1},
                    )
                else:
                    previous = v
    exclude = definition.get("exclude")
    if exclude is not None:
        if not isinstance(exclude, dict):
            err("exclude", _("不参评规则格式不正确。"))
        else:
            for k, v in exclude.items():
                n = _num(v)
                if n is None or n < 0:
                    err(f"exclude.{k}", _("不参评规则“%(k)s”必须是非负数。") % {"k": k})
    if "exact_scores" in definition and not isinstance(definition["exact_scores"], bool):
        err("exact_scores", _("exact_scores 必须是 true 或 false。"))


def _check_bands(bands, path, where, err):
    if not isinstance(bands, list) or not bands:
        err(path, _("%(w)s：分档法需要至少一个分档 [下限, 得分]。") % {"w": where})
        return
    previous = None
    for bi, band in enumerate(bands):
        if not isinstance(band, (list, tuple)) or len(band) != 2:
            err(f"{path}[{bi}]", _("%(w)s：第%(n)d档必须写成 [下限, 得分]。") % {"w": where, "n": bi + 1})
            return
        lb, pts = _num(band[0]), _num(band[1])
        if lb is None or pts is None:
            err(f"{path}[{bi}]", _("%(w)s：第%(n)d档的下限和得分必须是数字。") % {"w": where, "n": bi + 1})
            return
        if previous is not None and lb <= previous:
            err(f"{path}[{bi}]", _("%(w)s：分档下限必须从小到大排列。") % {"w": where})
            return
        previous = lb


def check(definition, catalog=None) -> None:
    """Raise DomainError with every problem (errors keyed by path) unless valid."""
    problems = validate(definition, catalog)
    if problems:
        errors: dict[str, list[str]] = {}
        for path, msg in problems:
            errors.setdefault(path or "__all__", []).append(msg)
        raise DomainError(problems[0][1], code="invalid_scheme", errors=errors)


def _ordered(d: dict, keys: list[str]) -> dict:
    out = {k: d[k] for k in keys if k in d}
    out.update({k: v for k, v in d.items() if k not in out})
    return out


def normalize(definition: dict) -> dict:
    """The definition with its keys in the canonical order (JSON stores may reorder keys)."""
    d = _ordered(definition, TOP_KEYS)
    if isinstance(d.get("dimensions"), list):
        d["dimensions"] = [
            _ordered(
                {
                    **dim,
                    "indicators": [
                        _ordered(i, INDICATOR_KEYS) if isinstance(i, dict) else i
                        for i in dim.get("indicators") or []
                    ],
                },
                ["name", "indicators"],
            )
            if isinstance(dim, dict)
            else dim
            for dim in d["dimensions"]
        ]
    stars = d.get("stars")
    level_keys = ["level", "min_score", "require"]
    if isinstance(stars, list):
        d["stars"] = [_ordered(s, level_keys) if isinstance(s, dict) else s for s in stars]
    elif isinstance(stars, dict):
        d["stars"] = _ordered(
            {**stars, "levels": [_ordered(s, level_keys) for s in stars.get("levels") or []]},
            ["max_rise", "levels"],
        )
    if isinstance(d.get("outcomes"), dict):
        o = _ordered(d["outcomes"], ["top", "bottom", "consecutive_missed_targets"])
        d["outcomes"] = {
            k: _ordered(v, ["count", "years", "label"]) if isinstance(v, dict) else v for k, v in o.items()
        }
    return d


def fmt_of(filename: str) -> str:
    name = str(filename).lower()
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith(".json"):
        return "json"
    raise DomainError(_("方案文件的扩展名应为 .yaml、.yml 或 .json。"), field="file")


class _Dumper(yaml.SafeDumper):
    pass


def _represent_list(dumper, data):
    # short lists of scalars (bands' [lower, points]) in flow style, as people write them
    flow = len(data) <= 2 and all(not isinstance(x, (list, dict)) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump(definition: dict, fmt: str = "yaml") -> str:
    d = normalize(definition)
    if fmt == "json":
        return json.dumps(d, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(d, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def load(text: str, fmt: str = "yaml") -> dict:
    try:
        data = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise DomainError(_("方案文件无法读取：%(e)s") % {"e": exc}, field="file") from exc
    if not isinstance(data, dict):
        raise DomainError(_("方案文件的内容必须是一个对象。"), field="file")
    return normalize(data)
