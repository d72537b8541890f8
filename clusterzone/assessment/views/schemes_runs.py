"""Pages of assessment schemes, runs, results and the office's inputs (under /assessment/):

  schemes/                          assessment:scheme_list     active schemes in scope; import
  schemes/add/                      assessment:scheme_add      the structured editor (new)
  schemes/<pk>/                     assessment:scheme_edit     the editor (saving = new version);
                                                               ?export=yaml|json downloads the file
  schemes/import/                   assessment:scheme_import   upload a YAML/JSON file (POST)
  schemes/<pk>/run/                 assessment:run_create      compute a draft run (POST)
  runs/                             assessment:run_list
  runs/<pk>/                        assessment:run_detail      ranked table, dimension subtotals,
                                                               stars, flags, changes, vetoed apart,
                                                               ECharts (score distribution, stars)
  runs/<pk>/publish/ | recompute/   assessment:run_publish / run_recompute (POST)
  clusters/<code>/history/          assessment:cluster_history a cluster's assessment history
  inputs/                           assessment:input_list      deductions, vetoes, manual points
  inputs/<pk>/delete/               assessment:input_delete    (POST)

The editor posts one field per place in the definition, named by the same path the scheme
validator reports (`dimensions[0].indicators[1].weight`), so every message lands beside the
part it is about.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.core.views import PageMixin
from clusterzone.registry.models import Cluster
from clusterzone.reporting.models import Indicator

from .. import schemes, selectors, services, sources
from ..charts import history_option, run_options
from ..choices import InputKind, Measure, Method
from ..forms import InputForm, SchemeFileForm
from ..models import AssessmentInput, Run, Scheme

SECTION = gettext_lazy("考核评价")
STAR_NAMES = "一二三四五六"


def star_label(n) -> str:
    return _("%(n)s星级") % {"n": STAR_NAMES[n - 1]} if n and 1 <= n <= 6 else "—"


def _deny():
    raise PermissionDenied(_("您没有执行此操作的权限。"))


# --- the editor's form <-> definition -----------------------------------------------------


def _number(text: str):
    """'30' → 30, '1.2' → 1.2; anything else is kept as written so the validator names it."""
    t = (text or "").strip()
    if t == "":
        return None
    try:
        d = Decimal(t)
    except InvalidOperation:
        return t
    if not d.is_finite():
        return t
    return int(d) if d == d.to_integral_value() else float(d)


def _indicator_names() -> dict[str, str]:
    """Indicator code → Chinese name (conditions are written and shown with names)."""
    return {**dict(Indicator.objects.values_list("code", "name")), **sources.names()}


def _pairs_text(mapping) -> str:
    """{'revenue': 1000000} → '主营业务收入=1000000': conditions shown by indicator name."""
    names = _indicator_names() if mapping else {}
    return ", ".join(f"{names.get(k, k)}={v}" for k, v in (mapping or {}).items())


def _pairs(text: str, path: str, errors: dict):
    """'主营业务收入=1000000, 税收收入=5000' → {'revenue': 1000000, 'tax': 5000}: an indicator
    is written by its Chinese name (its code is accepted too)."""
    codes = {name: code for code, name in _indicator_names().items()} if (text or "").strip() else {}
    out = {}
    for part in re.split(r"[,，;；\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            errors.setdefault(path, []).append(_("“%(p)s”应写成 指标名称=最低值。") % {"p": part})
            continue
        k, v = (s.strip() for s in part.split("=", 1))
        out[codes.get(k, k)] = _number(v)
    return out


def _bands_text(bands) -> str:
    return "; ".join(f"{b[0]},{b[1]}" for b in bands or [] if isinstance(b, list | tuple) and len(b) == 2)


def _bands(text: str, path: str, errors: dict):
    """'0,0; 10000,5; 30000,10' → [[0, 0], [10000, 5], [30000, 10]]."""
    out = []
    for part in re.split(r"[;；\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        bits = [b.strip() for b in re.split(r"[,，\s]+", part) if b.strip()]
        if len(bits) != 2:
            errors.setdefault(path, []).append(_("分档“%(p)s”应写成 下限,得分。") % {"p": part})
            continue
        out.append([_number(bits[0]), _number(bits[1])])
    return out


INDICATOR_OPTIONS = ("direction", "cap", "floor", "target", "benchmark")


def definition_from_post(post) -> tuple[dict, dict]:
    """The definition the editor's fields describe, and the parse errors keyed by path.
    Blank rows (the spare ones the page always offers) are left out."""
    errors: dict[str, list[str]] = {}
    g = post.get
    d: dict = {
        "name": g("name", "").strip(),
        "year": _number(g("year", "")),
        "region": g("region", "").strip(),
    }
    dims = []
    for i in range(int(g("dimension_count", 0) or 0)):
        p = f"dimensions[{i}]"
        name = g(f"{p}.name", "").strip()
        items = []
        for j in range(int(g(f"{p}.indicator_count", 0) or 0)):
            q = f"{p}.indicators[{j}]"
            code = g(f"{q}.indicator", "").strip()
            if not code:
                continue
            item = {"indicator": code, "measure": g(f"{q}.measure", "value") or "value"}
            method = g(f"{q}.method", "") or "linear"
            weight = _number(g(f"{q}.weight", ""))
            if weight is not None or method != "bands":
                item["weight"] = weight if weight is not None else ""
            item["method"] = method
            for opt in INDICATOR_OPTIONS:
                raw = g(f"{q}.{opt}", "").strip()
                if raw:
                    item[opt] = raw if opt == "direction" else _number(raw)
            if method == "bands" or g(f"{q}.bands", "").strip():
                item["bands"] = _bands(g(f"{q}.bands", ""), f"{q}.bands", errors)
            items.append(item)
        if not name and not items:
            continue
        dims.append({"name": name, "indicators": items})
    d["dimensions"] = dims
    levels = []
    for k in range(int(g("star_count", 0) or 0)):
        p = f"stars[{k}]"
        level, score = g(f"{p}.level", "").strip(), g(f"{p}.min_score", "").strip()
        if not level and not score:
            continue
        s = {"level": _number(level), "min_score": _number(score)}
        req = _pairs(g(f"{p}.require", ""), f"{p}.require", errors)
        if req:
            s["require"] = req
        levels.append(s)
    max_rise = g("stars.max_rise", "").strip()
    if levels or max_rise:
        d["stars"] = {"max_rise": _number(max_rise), "levels": levels} if max_rise else levels
    threshold = _pairs(g("threshold", ""), "threshold", errors)
    if threshold:
        d["threshold"] = threshold
    for key, with_points in (("deductions", True), ("vetoes", False)):
        rows = []
        for n in range(int(g(f"{key}_count", 0) or 0)):
            name = g(f"{key}[{n}].name", "").strip()
            if not name:
                continue
            row = {"name": name}
            if with_points:
                row["points"] = (
                    _number(g(f"{key}[{n}].points", "")) if g(f"{key}[{n}].points", "").strip() else None
                )
                if row["points"] is None:
                    del row["points"]
            rows.append(row)
        if rows:
            d[key] = rows
    outcomes = {}
    for key, count_field in (("top", "count"), ("bottom", "count"), ("consecutive_missed_targets", "years")):
        count, label = g(f"outcomes.{key}.{count_field}", "").strip(), g(f"outcomes.{key}.label", "").strip()
        if count or label:
            outcomes[key] = {count_field: _number(count), "label": label}
    if outcomes:
        d["outcomes"] = outcomes
    return d, errors


def _errors_under(errors: dict, prefix: str) -> dict[str, list[str]]:
    """Messages of the paths under `prefix`, keyed by the next path part ("" for the part
    itself): errors of dimensions[0].indicators[1].weight under "dimensions[0].indicators[1]"
    → {"weight": [...]}."""
    out: dict[str, list[str]] = {}
    for where, msgs in (errors or {}).items():
        if where == prefix:
            out.setdefault("item", []).extend(msgs)
        elif where.startswith(prefix + "."):
            key = re.split(r"[.\[]", where[len(prefix) + 1 :], maxsplit=1)[0]
            out.setdefault(key, []).extend(msgs)
    return out


def _errors_prefixed(errors: dict, prefix: str) -> list[str]:
    return [
        m for path, msgs in (errors or {}).items() if path.split(".")[0].split("[")[0] == prefix for m in msgs
    ]


def editor_context(definition: dict, errors: dict | None = None) -> dict:
    """The definition laid out for the editor's template, one spare row of each kind, and
    every validation message placed beside the part it is about."""
    errors = errors or {}
    indicator_codes = list(
        Indicator.objects.filter(is_active=True).order_by("order", "code").values_list("code", "name")
    ) + sorted(sources.names().items())
    dims = []
    for di, dim in enumerate((definition.get("dimensions") or []) + [{"name": "", "indicators": []}]):
        dp = f"dimensions[{di}]"
        items = []
        for ii, i in enumerate([i for i in (dim.get("indicators") or []) if isinstance(i, dict)] + [{}]):
            items.append(
                {
                    **i,
                    "bands_text": _bands_text(i.get("bands")),
                    "errors": _errors_under(errors, f"{dp}.indicators[{ii}]"),
                }
            )
        dim_errors = _errors_under(errors, dp)
        dims.append({"name": dim.get("name", ""), "indicators": items, "errors": dim_errors})
    levels, max_rise = schemes.stars_of(definition)
    stars = [
        {**s, "require_text": _pairs_text(s.get("require")), "errors": _errors_under(errors, f"stars[{k}]")}
        for k, s in enumerate([s for s in levels if isinstance(s, dict)] + [{}])
    ]
    outcomes = definition.get("outcomes") or {}
    top = {
        "name": errors.get("name", []),
        "year": errors.get("year", []),
        "region": errors.get("region", []),
        "dimensions": errors.get("dimensions", []),
        "max_rise": errors.get("stars.max_rise", []),
        "stars": errors.get("stars", []),
        "threshold": _errors_prefixed(errors, "threshold"),
        "outcomes": _errors_prefixed(errors, "outcomes"),
        "deductions": _errors_prefixed(errors, "deductions"),
        "vetoes": _errors_prefixed(errors, "vetoes"),
        "all": errors.get("__all__", []),
    }
    return {
        "d": definition,
        "dims": dims,
        "stars": stars,
        "max_rise": "" if max_rise is None else max_rise,
        "threshold_text": _pairs_text(definition.get("threshold")),
        "deductions": list(definition.get("deductions") or []) + [{}],
        "vetoes": list(definition.get("vetoes") or []) + [{}],
        "outcomes": outcomes,
        "e": top,
        "error_list": [m for msgs in errors.values() for m in msgs],
        "measures": Measure.choices,
        "methods": Method.choices,
        "indicator_codes": indicator_codes,
        "indicator_code_set": {code for code, _name in indicator_codes},
    }


# --- schemes ------------------------------------------------------------------------------


class SchemeListView(PageMixin, View):
    template_name = "assessment/scheme_list.html"
    section = SECTION

    def get(self, request):
        if not policy.may(request.user, "view", "scheme"):
            _deny()
        ctx = self.base_context(
            title=_("考核方案"),
            schemes=list(selectors.scheme_list(user=request.user)),
            can_add=policy.may(request.user, "add", "scheme"),
            file_form=SchemeFileForm(),
        )
        return render(request, self.template_name, ctx)


def _scheme(request, pk) -> Scheme:
    obj = selectors.scheme_list(user=request.user).filter(pk=pk).first() or (
        policy.scope(request.user, Scheme).select_related("region").filter(pk=pk).first()
    )
    if obj is None:
        raise Http404(_("对象不存在或不在您的权限范围内。"))
    return obj


class SchemeEditView(PageMixin, View):
    template_name = "assessment/scheme_edit.html"
    section = SECTION

    def _render(self, request, scheme, definition, errors=None, status=200):
        can_edit = (
            policy.can(request.user, "change", scheme)
            if scheme
            else policy.may(request.user, "add", "scheme")
        )
        title = str(scheme) if scheme else _("新建考核方案")
        ctx = self.base_context(
            title=title,
            scheme=scheme,
            can_edit=can_edit,
            can_run=bool(scheme) and policy.may(request.user, "add", "run"),
            versions=list(selectors.scheme_versions(user=request.user, scheme=scheme)) if scheme else [],
            **editor_context(definition, errors),
        )
        ctx["breadcrumbs"].append({"label": _("考核方案"), "url": reverse("assessment:scheme_list")})
        ctx["breadcrumbs"].append({"label": title, "url": None})
        return render(request, self.template_name, ctx, status=status)

    def get(self, request, pk=None):
        scheme = _scheme(request, pk) if pk else None
        if scheme is None and not policy.may(request.user, "add", "scheme"):
            _deny()
        fmt = request.GET.get("export")
        if scheme and fmt in ("yaml", "json"):
            text = schemes.dump(scheme.definition, fmt)
            mime = "application/json" if fmt == "json" else "application/yaml"
            response = HttpResponse(text.encode("utf-8"), content_type=f"{mime}; charset=utf-8")
            name = f"{scheme.name}_v{scheme.version}.{fmt}"
            response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
            return response
        definition = scheme.definition if scheme else {"year": "", "region": ""}
        return self._render(request, scheme, definition)

    def post(self, request, pk=None):
        scheme = _scheme(request, pk) if pk else None
        if scheme is not None and not policy.can(request.user, "change", scheme):
            _deny()
        if scheme is None and not policy.may(request.user, "add", "scheme"):
            _deny()
        definition, errors = definition_from_post(request.POST)
        if not errors:
            try:
                saved = services.scheme_save(
                    actor=request.user,
                    scheme=scheme,
                    definition=definition,
                    reason=request.POST.get("reason") or None,
                )
            except DomainError as exc:
                errors = exc.errors or {"__all__": [exc.message]}
            else:
                messages.success(request, _("已保存：%(obj)s") % {"obj": saved})
                return redirect("assessment:scheme_edit", pk=saved.pk)
        return self._render(request, scheme, definition, errors=errors, status=400)


class SchemeImportView(PageMixin, View):
    def post(self, request):
        if not policy.may(request.user, "add", "scheme"):
            _deny()
        form = SchemeFileForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("请选择要导入的方案文件。"))
            return redirect("assessment:scheme_list")
        upload = form.cleaned_data["file"]
        try:
            fmt = schemes.fmt_of(upload.name)
            text = upload.read().decode("utf-8-sig")
            saved = services.scheme_import(
                actor=request.user, text=text, fmt=fmt, reason=form.cleaned_data.get("reason") or None
            )
        except UnicodeDecodeError:
            messages.error(request, _("方案文件应为 UTF-8 编码。"))
        except DomainError as exc:
            details = [m for msgs in (exc.errors or {}).values() for m in msgs] or [exc.message]
            messages.error(request, _("导入失败：%(e)s") % {"e": "；".join(details)})
        else:
            messages.success(request, _("已导入：%(obj)s") % {"obj": saved})
            return redirect("assessment:scheme_edit", pk=saved.pk)
        return redirect("assessment:scheme_list")


class RunCreateView(PageMixin, View):
    def post(self, request, pk):
        scheme = _scheme(request, pk)
        try:
            run = services.run_create(
                actor=request.user, scheme=scheme, year=request.POST.get("year") or None
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("assessment:scheme_edit", pk=scheme.pk)
        messages.success(request, _("已计算考核结果（草稿）。"))
        return redirect("assessment:run_detail", pk=run.pk)


# --- runs ---------------------------------------------------------------------------------


class RunListView(PageMixin, View):
    template_name = "assessment/run_list.html"
    section = SECTION

    def get(self, request):
        if not policy.may(request.user, "view", "run"):
            _deny()
        ctx = self.base_context(title=_("考核结果"), runs=list(selectors.run_list(user=request.user)[:200]))
        return render(request, self.template_name, ctx)


def _run(request, pk, *, with_inputs: bool = True) -> Run:
    try:
        return selectors.run_get(user=request.user, pk=pk, with_inputs=with_inputs)
    except NotFound:
        raise Http404(_("对象不存在或不在您的权限范围内。"))


RESULT_PAGE_ROWS = 100  # ranked results per page of a run (national scale: 2,700 → 27 pages)


def change(v: int | None) -> dict:
    """A rank or star change as the result table shows it: ↑2 (上升), ↓1 (下降), 持平, —."""
    if v is None:
        return {"cls": "text-secondary", "text": "—", "title": ""}
    if v > 0:
        return {"cls": "text-success", "text": f"↑{v}", "title": _("上升")}
    if v < 0:
        return {"cls": "text-danger", "text": f"↓{-v}", "title": _("下降")}
    return {"cls": "text-secondary", "text": _("持平"), "title": ""}


def _charts(results) -> dict:
    ranked = [r for r in results if not r.vetoed]
    bins = Counter(min(int(r.score // 10), 9) for r in ranked if r.score >= 0)
    stars = Counter(r.star for r in ranked)
    return {
        "bins": [f"{b * 10}-{b * 10 + 10 if b < 9 else 100}" for b in range(10)],
        "counts": [bins.get(b, 0) for b in range(10)],
        "stars": [str(star_label(s)) if s else str(_("无星级")) for s in range(0, 7)],
        "star_counts": [stars.get(s, 0) for s in range(0, 7)],
    }


class RunDetailView(PageMixin, View):
    template_name = "assessment/run_detail.html"
    section = SECTION

    def get(self, request, pk):
        run = _run(request, pk, with_inputs=False)
        results = selectors.run_results(user=request.user, run=run)
        dims = [d.get("name", "") for d in (run.definition.get("dimensions") or [])]
        # one page of the ranked results (in rank order over the whole run); the charts and
        # the vetoed list cover every result. Cells are prepared here, no per-cell include.
        page = Paginator([r for r in results if not r.vetoed], RESULT_PAGE_ROWS).get_page(
            request.GET.get("page")
        )
        link = reverse("assessment:cluster_history", args=["__code__"])

        def row(r):
            return {
                "r": r,
                "url": link.replace("__code__", r.cluster.code) if r.cluster else "",
                "dims": ["—" if (v := r.dimension_points.get(name)) is None else v for name in dims],
                "star_label": star_label(r.star),
                "rank_change": change(r.rank_change),
                "star_change": change(r.star_change),
            }

        ctx = self.base_context(
            title=_("%(scheme)s（%(period)s）") % {"scheme": run.scheme.name, "period": run.period_label},
            run=run,
            superseded_by=selectors.run_superseded_by(run),
            dims=dims,
            page=page,
            ranked=[row(r) for r in page.object_list],
            vetoed=[row(r) for r in results if r.vetoed],
            charts=run_options(_charts(results)),
            can_publish=run.status == "draft" and policy.can(request.user, "publish", run),
            can_recompute=policy.may(request.user, "add", "run") and policy.can(request.user, "add", run),
        )
        ctx["breadcrumbs"].append({"label": _("考核结果"), "url": reverse("assessment:run_list")})
        ctx["breadcrumbs"].append({"label": ctx["title"], "url": None})
        return render(request, self.template_name, ctx)


class RunPublishView(PageMixin, View):
    def post(self, request, pk):
        run = _run(request, pk)
        try:
            services.run_publish(actor=request.user, run=run, reason=request.POST.get("reason", ""))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已发布考核结果。"))
        return redirect("assessment:run_detail", pk=run.pk)


class RunRecomputeView(PageMixin, View):
    def post(self, request, pk):
        run = _run(request, pk)
        try:
            new = services.run_recompute(actor=request.user, run=run)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("assessment:run_detail", pk=run.pk)
        messages.success(request, _("已重新计算。"))
        return redirect("assessment:run_detail", pk=new.pk)


class ClusterHistoryView(PageMixin, View):
    template_name = "assessment/cluster_history.html"
    section = SECTION

    def get(self, request, code):
        try:
            history = selectors.cluster_assessment_history(user=request.user, cluster=code)
        except NotFound:
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        cluster = Cluster.objects.get(code=code)
        ctx = self.base_context(
            title=_("%(cluster)s 考核评价历史") % {"cluster": cluster.name},
            cluster=cluster,
            rows=[{"r": r, "star_label": star_label(r.star)} for r in history],
            chart=history_option(
                [r.run.year for r in reversed(history)],
                [float(r.score) for r in reversed(history)],
                [r.rank for r in reversed(history)],
            ),
        )
        ctx["breadcrumbs"].append(
            {"label": cluster.name, "url": reverse("registry:cluster_detail", args=[cluster.pk])}
        )
        return render(request, self.template_name, ctx)


# --- the office's inputs --------------------------------------------------------------------


class InputListView(PageMixin, View):
    template_name = "assessment/input_list.html"
    section = SECTION

    def _render(self, request, form, status=200):
        qs = policy.scope(request.user, AssessmentInput).select_related("cluster", "cluster__region")
        year = request.GET.get("year", "").strip()
        if year.isdigit():
            qs = qs.filter(year=int(year))
        ctx = self.base_context(
            title=_("扣分、否决与评议得分"),
            inputs=list(qs.order_by("-year", "cluster__code", "kind", "name")[:500]),
            form=form,
            can_add=policy.may(request.user, "add", "assessmentinput"),
            year=year,
        )
        return render(request, self.template_name, ctx, status=status)

    def get(self, request):
        if not policy.may(request.user, "view", "assessmentinput"):
            _deny()
        return self._render(
            request, InputForm(user=request.user, initial={"kind": InputKind.DEDUCTION, "count": 1})
        )

    def post(self, request):
        if not policy.may(request.user, "add", "assessmentinput"):
            _deny()
        form = InputForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.input_save(actor=request.user, data=form.cleaned_data)
            except DomainError as exc:
                for field, msgs in (exc.errors or {None: [exc.message]}).items():
                    for m in msgs:
                        form.add_error(field if field in form.fields else None, m)
            else:
                messages.success(request, _("已保存。"))
                return redirect("assessment:input_list")
        return self._render(request, form, status=400)


class InputDeleteView(PageMixin, View):
    def post(self, request, pk):
        obj = policy.scope(request.user, AssessmentInput).filter(pk=pk).first()
        if obj is None:
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        try:
            services.input_delete(actor=request.user, instance=obj)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已删除。"))
        return redirect("assessment:input_list")


urlpatterns = [
    path("schemes/", SchemeListView.as_view(), name="scheme_list"),
    path("schemes/add/", SchemeEditView.as_view(), name="scheme_add"),
    path("schemes/import/", SchemeImportView.as_view(), name="scheme_import"),
    path("schemes/<int:pk>/", SchemeEditView.as_view(), name="scheme_edit"),
    path("schemes/<int:pk>/run/", RunCreateView.as_view(), name="run_create"),
    path("runs/", RunListView.as_view(), name="run_list"),
    path("runs/<int:pk>/", RunDetailView.as_view(), name="run_detail"),
    path("runs/<int:pk>/publish/", RunPublishView.as_view(), name="run_publish"),
    path("runs/<int:pk>/recompute/", RunRecomputeView.as_view(), name="run_recompute"),
    path("clusters/<str:code>/history/", ClusterHistoryView.as_view(), name="cluster_history"),
    path("inputs/", InputListView.as_view(), name="input_list"),
    path("inputs/<int:pk>/delete/", InputDeleteView.as_view(), name="input_delete"),
]
