"""Hand-written pages of land: the object page of every land model (fields, derived figures,
history), a cluster's land page (balance, parcels by status, acquisition, breaches, idle land,
integration; ECharts), recovering a parcel, the per-亩 evaluation (公示, objections, final
classes; class distribution and 亩均税收 × 亩均增加值 scatter)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _

from clusterzone.core import units
from clusterzone.core.views import ScopedDetailView

from .models import LandQuota, Parcel, VillageRelocation

SKIP = {"id", "lock_version", "created_at", "updated_at"}


def _display(obj, f):
    value = getattr(obj, f.name)
    if f.choices:
        return getattr(obj, f"get_{f.name}_display")()
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Model):
        return str(value)
    if hasattr(value, "year") and hasattr(value, "day"):
        return units.date_label(value)
    return str(value)


def field_rows(obj) -> list[tuple[str, str]]:
    rows = []
    for f in obj._meta.concrete_fields:
        if f.name in SKIP or f.name.endswith("_ptr"):
            continue
        rows.append((str(f.verbose_name), _display(obj, f)))
    return rows


def _q(v, places="0.01"):
    return "—" if v is None else str(Decimal(v).quantize(Decimal(places)))


class LandDetailView(ScopedDetailView):
    """The object page of a land model: its fields, what is derived from them, its history."""

    def extra_context(self, obj) -> dict:
        rows = field_rows(obj)
        extra = {}
        if isinstance(obj, Parcel):
            from . import selectors, services

            taxes = selectors.latest_mu_tax([obj.enterprise_id] if obj.enterprise_id else [])
            check = selectors.check_parcel(
                obj,
                services.land_policy_of(obj.cluster),
                mu_tax=taxes.get(obj.enterprise_id, (None, None))[1],
            )
            rows += [
                (_("面积（公顷）"), _q(obj.hectares)),
                (_("面积（平方公里）"), _q(obj.km2, "0.0001")),
                (_("容积率"), _q(obj.plot_ratio)),
                (_("投资强度（万元/亩）"), _q(obj.intensity)),
            ]
            if obj.enterprise_id:
                out = selectors.enterprise_output_per_mu(obj.enterprise)
                if out is not None:
                    rows += [
                        (_("企业亩均税收（万元/亩）"), _q(out["mu_tax"])),
                        (_("企业亩均增加值（万元/亩）"), _q(out["mu_value_added"])),
                    ]
            extra["breaches"] = check.breaches
            from clusterzone.accounts import policy

            extra["can_recover"] = obj.status != "recovered" and policy.can(self.request.user, "recover", obj)
        if isinstance(obj, LandQuota):
            rows.append((_("剩余（亩）"), str(obj.remaining)))
            extra["allocations"] = list(obj.allocations.select_related("cluster"))
        if isinstance(obj, VillageRelocation):
            rows.append((_("进度"), units.percent(obj.progress)))
        if obj._meta.model_name == "landlessemployment":
            rows.append((_("服务企业"), "、".join(e.name for e in obj.enterprises.all()) or "—"))
        pages = self.pages
        return {
            "rows": rows,
            "edit_url": reverse(pages.url_name("edit"), args=[obj.pk]) if pages.has_form else "",
            "delete_url": reverse(pages.url_name("delete"), args=[obj.pk]) if pages.has_delete else "",
            **extra,
        }


# --- hand-written: recovery, a cluster's land, the per-亩 evaluation ----------------------

from django import forms  # noqa: E402
from django.http import Http404  # noqa: E402
from django.shortcuts import redirect, render  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.views import View  # noqa: E402

from clusterzone.accounts import policy  # noqa: E402
from clusterzone.core.exceptions import DomainError  # noqa: E402
from clusterzone.core.forms import BootstrapMixin  # noqa: E402
from clusterzone.core.views import PageMixin, ScopedObjectMixin  # noqa: E402
from clusterzone.registry.models import Cluster  # noqa: E402

from . import selectors, services  # noqa: E402
from .choices import ParcelStatus  # noqa: E402


def _add_errors(form, exc: DomainError):
    for field, msgs in (exc.errors or {None: [exc.message]}).items():
        for msg in msgs if isinstance(msgs, list | tuple) else [msgs]:
            form.add_error(field if field in form.fields else None, msg)


class RecoverForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("收回日期"), widget=forms.DateInput(attrs={"type": "date"}))
    recovery_ref = forms.CharField(label=_("收回决定文号"), max_length=100)
    reason = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ParcelRecoverView(ScopedObjectMixin, View):
    """依法收回闲置土地: a recorded act with the decision's reference (文号)."""

    model = Parcel
    action = "recover"
    section = _("土地与亩均")
    list_url_name = "land:parcel_list"

    def _render(self, request, parcel, form):
        ctx = self.base_context(title=_("收回地块 %(c)s") % {"c": parcel.code}, form=form,
                                cancel_url=reverse("land:parcel_detail", args=[parcel.pk]))  # fmt: skip
        return render(request, "core/form.html", ctx)

    def get(self, request, pk):
        parcel = self.get_object()
        return self._render(request, parcel, RecoverForm(initial={"on": timezone.localdate()}))

    def post(self, request, pk):
        parcel = self.get_object()
        form = RecoverForm(request.POST)
        if form.is_valid():
            try:
                services.parcel_recover(
                    actor=request.user, parcel=parcel, on=form.cleaned_data["on"],
                    decision_ref=form.cleaned_data["recovery_ref"], reason=form.cleaned_data["reason"] or None,
                )  # fmt: skip
                return redirect("land:parcel_detail", pk=parcel.pk)
            except DomainError as exc:
                _add_errors(form, exc)
        return self._render(request, parcel, form)


STATUS_COLORS = {"reserve": "#91cc75", "acquired": "#5470c6", "supplied": "#fac858", "started": "#ee6666",
                 "completed": "#73c0de", "recovered": "#9a60b4"}  # fmt: skip


def balance_chart(balance) -> dict:
    """The land balance as a stacked bar (ECharts option): planned = reserve + acquired +
    supplied (of which idle) + the rest not yet in the ledger."""
    used = balance.reserve + balance.acquired + balance.supplied + balance.recovered
    rest = max(balance.planned - used, Decimal(0))
    series = [
        (_("储备"), balance.reserve), (_("已征收"), balance.acquired),
        (_("已供应（在用）"), balance.supplied - balance.idle), (_("闲置"), balance.idle),
        (_("收回"), balance.recovered), (_("规划未入账"), rest),
    ]  # fmt: skip
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "xAxis": {"type": "value", "name": _("亩")},
        "yAxis": {"type": "category", "data": [str(balance.cluster.name)]},
        "series": [{"name": str(n), "type": "bar", "stack": "land", "data": [float(v)]} for n, v in series],
    }


def status_chart(parcels) -> dict:
    counts = {}
    for p in parcels:
        counts[p.status] = counts.get(p.status, 0) + 1
    return {
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "pie",
                "radius": "65%",
                "data": [
                    {"name": str(label), "value": counts[value], "itemStyle": {"color": STATUS_COLORS[value]}}
                    for value, label in ParcelStatus.choices
                    if counts.get(value)
                ],
            }
        ],
    }


class ClusterLandView(PageMixin, View):
    """集聚区土地: the land balance, parcels by status, acquisition progress, policy breaches,
    idle land to recover, the leading-industry share and 区中园, integration figures."""

    def get(self, request, code):
        cluster = policy.scope(request.user, Cluster).select_related("region").filter(code=code).first()
        if cluster is None or not policy.may(request.user, "view", "parcel"):
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        today = timezone.localdate()
        checks = selectors.parcel_checks(user=request.user, cluster=cluster)
        balance = selectors.land_balance(user=request.user, cluster=cluster, on=today)
        ctx = self.base_context(
            title=_("%(c)s · 土地") % {"c": cluster.name},
            cluster=cluster,
            land_policy=services.land_policy_of(cluster),
            balance=balance,
            checks=checks,
            breaches=[c for c in checks if c.breaches],
            tax_shortfalls=selectors.tax_per_mu_shortfalls(user=request.user, cluster=cluster),
            idle=selectors.idle_parcels(user=request.user, on=today, cluster=cluster),
            progress=selectors.acquisition_progress(user=request.user, cluster=cluster),
            integration=selectors.integration_summary(user=request.user, cluster=cluster),
            balance_chart=balance_chart(balance),
            status_chart=status_chart([c.parcel for c in checks]),
            today=today,
        )
        ctx["breadcrumbs"] = [{"label": _("土地与亩均"), "url": None}, {"label": cluster.name, "url": None}]
        return render(request, "land/cluster.html", ctx)


class EvaluationView(PageMixin, View):
    """亩均效益评价: the enterprise runs in scope; a new draft run for a cluster or region and
    year; one run's ranking with its class distribution and scatter; the 公示, objections and
    their decisions, and making the classes final."""

    title = _("亩均效益评价")
    section = _("土地与亩均")

    def _run(self, request, pk):
        run = selectors.evaluation_runs(user=request.user).filter(pk=pk).first()
        if run is None:
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        return run

    def get(self, request, error=""):
        if not policy.may(request.user, "view", "run"):
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        ctx = self.base_context(
            runs=selectors.evaluation_runs(user=request.user)[:50],
            can_run=policy.may(request.user, "add", "run"),
            error=error,
            clusters=policy.scope(request.user, Cluster).order_by("code"),
            this_year=timezone.localdate().year - 1,
            today=timezone.localdate(),
        )
        pk = request.GET.get("run") or request.POST.get("run")
        if pk:
            run = self._run(request, pk)
            rows = selectors.evaluation_rows(user=request.user, run=run)
            if request.GET.get("export") == "xlsx":
                from clusterzone.core.exporting import table_xlsx, xlsx_response

                from .tables import evaluation_table

                where = run.cluster.name if run.cluster_id else run.region.name
                title = _("%(y)s年度亩均效益评价") % {"y": run.year}
                return xlsx_response(
                    table_xlsx(evaluation_table(), rows, title=str(title)), f"{where}{title}.xlsx"
                )
            notice = getattr(run, "land_notice", None)
            ctx.update(
                run=run,
                rows=rows,
                notice=notice,
                class_chart=selectors.class_chart(rows),
                scatter_chart=selectors.scatter_chart(rows),
                can_office=policy.may(request.user, "add", "evaluationnotice"),
                can_publish=policy.may(request.user, "publish", "run"),
                pending=sum(1 for r in rows for o in r.objections if o.status == "pending"),
            )
        return render(request, "land/evaluation.html", ctx)

    def post(self, request):
        action = request.POST.get("action")
        p = request.POST
        try:
            if action == "create":
                cluster = policy.scope(request.user, Cluster).filter(code=p.get("cluster")).first()
                if cluster is None:
                    raise DomainError(_("请选择集聚区。"))
                run = services.evaluation_run(
                    actor=request.user, year=int(p.get("year") or 0), cluster=cluster
                )
                return redirect(f"{reverse('land:evaluation')}?run={run.pk}")
            run = self._run(request, p.get("run"))
            if action == "publicize":
                services.evaluation_publicize(
                    actor=request.user, run=run, starts_on=_date(p.get("starts_on")),
                    workdays_count=int(p.get("workdays") or 5),
                )  # fmt: skip
            elif action == "object":
                result = run.results.filter(pk=p.get("result")).first()
                if result is None:
                    raise DomainError(_("请选择企业。"))
                services.objection_record(
                    actor=request.user, result=result, reason=p.get("reason", ""),
                    received_on=_date(p.get("received_on")),
                )  # fmt: skip
            elif action == "decide":
                from .models import Objection

                objection = Objection.objects.filter(result__run=run, pk=p.get("objection")).first()
                if objection is None:
                    raise DomainError(_("异议不存在。"))
                services.objection_decide(
                    actor=request.user, objection=objection, upheld=p.get("upheld") == "1",
                    decision=p.get("decision", ""), new_class=p.get("new_class") or None,
                )  # fmt: skip
            elif action == "finalize":
                services.evaluation_finalize(actor=request.user, run=run, today=timezone.localdate())
            return redirect(f"{reverse('land:evaluation')}?run={run.pk}")
        except DomainError as exc:
            return self.get(request, error=exc.message)
        except (TypeError, ValueError):
            return self.get(request, error=_("日期或数字格式不正确。"))


def _date(text):
    from datetime import date

    if not text:
        raise DomainError(_("请填写日期。"))
    return date.fromisoformat(text)
