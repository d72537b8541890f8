"""Pages of the investment module: leads (list, detail, form, one view per stage move,
follow-ups), the funnel, chain maps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.accounts.models import OrgUnit
from clusterzone.core.exceptions import DomainError
from clusterzone.core.exporting import table_xlsx, xlsx_response
from clusterzone.core.periods import Period, PeriodError
from clusterzone.core.views import ScopedDetailView, ScopedListView, ScopedObjectMixin
from clusterzone.registry.models import Cluster

from .. import selectors, services
from ..choices import LeadStage
from ..clocks import attach_clocks
from ..filters import ChainFilter
from ..forms import FollowUpForm, LoseForm, MoveForm, SignForm
from ..models import Chain, ChainPlacement, Lead


class LeadPage:
    model = Lead
    kind = "lead"
    section = gettext_lazy("招商")
    list_url_name = "investment:lead_list"
    detail_url_name = "investment:lead_detail"


class LeadListView(ScopedListView):
    """The lead list: its export carries each lead's service clock."""

    template_name = "investment/lead_list.html"

    def get(self, request):
        if request.GET.get("export") == "xlsx":
            fs, qs, sort = self.filtered(request)
            rows = attach_clocks(qs)
            name = f"{self.export_name}_{timezone.localdate():%Y%m%d}.xlsx"
            return xlsx_response(table_xlsx(self.table, rows, title=str(self.title)), name)
        return super().get(request)


class LeadDetailView(ScopedDetailView):
    def scoped_queryset(self, user):
        return selectors.lead_list(user=user).select_related("chain_link__chain")

    def extra_context(self, lead):
        attach_clocks([lead])
        today = timezone.localdate()
        moves = services.allowed_moves(lead)
        return {
            "lead": lead,
            "followups": selectors.lead_followups(lead),
            "stage_history": selectors.lead_stage_history(lead),
            "agreement": getattr(lead, "agreement", None),
            "forward_moves": [
                (s, LeadStage(s).label) for s in moves if s not in ("signed", "landed", "lost")
            ],
            "can_sign": "signed" in moves,
            "can_land": "landed" in moves,
            "can_lose": "lost" in moves,
            "move_form": MoveForm(initial={"date": today}),
            "sign_form": SignForm(initial={"date": today, "amount": lead.intended_investment}),
            "lose_form": LoseForm(initial={"date": today}),
            "land_form": MoveForm(initial={"date": today}),
            "followup_form": FollowUpForm(initial={"date": today}),
            "project_url": _project_url(lead.project_id),
        }


def _project_url(pk):
    if not pk:
        return ""
    from django.urls import NoReverseMatch

    for name in ("projects:project_detail", "projects:detail"):
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return ""


class LeadActionView(LeadPage, ScopedObjectMixin, View):
    """POST-only: one stage move (or a follow-up) through one service, back to the lead."""

    action = "change"
    form_class = MoveForm

    def perform(self, lead, data):
        raise NotImplementedError

    def post(self, request, pk, **kwargs):
        lead = self.get_object()
        form = self.form_class(request.POST)
        target = reverse("investment:lead_detail", args=[lead.pk])
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return redirect(target)
        try:
            result = self.perform(lead, form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(target)
        messages.success(request, self.success_message(lead))
        return redirect(self.success_url(lead, result) or target)

    def success_message(self, lead):
        return _("已办理：%(lead)s 现为“%(s)s”阶段。") % {"lead": lead, "s": lead.get_stage_display()}

    def success_url(self, lead, result):
        return ""


class LeadMoveView(LeadActionView):
    def perform(self, lead, data):
        stage = self.kwargs["stage"]
        return services.lead_move(
            actor=self.request.user,
            lead=lead,
            to_stage=stage,
            when=data["date"],
            reason=data.get("reason") or "",
        )


class LeadSignView(LeadActionView):
    form_class = SignForm

    def perform(self, lead, data):
        return services.lead_sign(
            actor=self.request.user, lead=lead, signed_date=data["date"], amount=data["amount"],
            document=data.get("document") or "", reason=data.get("reason") or "",
        )  # fmt: skip


class LeadLandView(LeadActionView):
    def perform(self, lead, data):
        return services.lead_land(
            actor=self.request.user, lead=lead, when=data["date"], reason=data.get("reason") or ""
        )

    def success_message(self, lead):
        return _("已落地：已由线索创建项目“%(p)s”。") % {"p": lead.project}


class LeadLoseView(LeadActionView):
    form_class = LoseForm

    def perform(self, lead, data):
        return services.lead_lose(
            actor=self.request.user, lead=lead, reason=data["reason"], when=data["date"]
        )


class FollowUpAddView(LeadActionView):
    form_class = FollowUpForm

    def perform(self, lead, data):
        return services.followup_add(actor=self.request.user, lead=lead, data=data)

    def success_message(self, lead):
        return _("已登记跟进记录。")


# --------------------------------------------------------------------------- funnel


class FunnelView(LoginRequiredMixin, View):
    template_name = "investment/funnel.html"

    def get(self, request):
        user = request.user
        if not policy.may(user, "view", "lead"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        units = (
            policy.scope(user, OrgUnit)
            .filter(pk__in=policy.scope(user, Lead).values("unit_id"))
            .order_by("name")
        )
        clusters = policy.scope(user, Cluster).filter(pk__in=policy.scope(user, Lead).values("cluster_id"))
        unit = (
            units.filter(pk=request.GET.get("unit")).first()
            if request.GET.get("unit", "").isdigit()
            else None
        )
        cluster = (
            clusters.filter(code=request.GET.get("cluster")).first() if request.GET.get("cluster") else None
        )
        period, period_error = None, ""
        if request.GET.get("period"):
            try:
                period = Period.parse(request.GET["period"])
            except PeriodError as exc:
                period_error = str(exc)
        result = selectors.funnel(user=user, unit=unit, cluster=cluster, period=period)
        funds = selectors.funds_in_place(user=user, period=period, unit=unit, cluster=cluster)
        ctx = {
            "funds": funds,
            "funds_by_unit": selectors.funds_in_place_by_unit(funds),
            "funds_chart": selectors.funds_in_place_chart(funds),
            # 到资 is recorded against a lead: who may change leads may import payments
            "can_import_payments": policy.may(user, "change", "lead"),
            "title": _("招商漏斗"),
            "breadcrumbs": [{"label": _("招商"), "url": None}, {"label": _("招商漏斗"), "url": None}],
            "funnel": result,
            "chart": result.chart(),
            "units": units,
            "clusters": clusters.order_by("code"),
            "unit": unit,
            "cluster": cluster,
            "period": period,
            "period_text": request.GET.get("period", ""),
            "period_error": period_error,
        }
        return render(request, self.template_name, ctx)


# --------------------------------------------------------------------------- chains


class ChainListView(LoginRequiredMixin, View):
    template_name = "investment/chain_list.html"

    def get(self, request):
        qs = selectors.chain_list(user=request.user)
        fs = ChainFilter(request.GET or None, queryset=qs, request=request)
        qs = fs.qs if fs.is_bound and fs.is_valid() else qs
        chains = selectors.chain_list_with_gaps(qs.order_by("cluster__code", "id"))
        ctx = {
            "title": _("产业链招商图谱"),
            "breadcrumbs": [{"label": _("招商"), "url": None}, {"label": _("产业链招商图谱"), "url": None}],
            "filter": fs,
            "chains": chains,
            "can_add": policy.may(request.user, "add", "chain"),
        }
        return render(request, self.template_name, ctx)


class ChainDetailView(LoginRequiredMixin, View):
    template_name = "investment/chain_detail.html"

    def get(self, request, pk):
        try:
            chain = selectors.chain_list(user=request.user).get(pk=pk)
        except Chain.DoesNotExist:
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        m = selectors.chain_map(chain)
        ctx = {
            "title": chain.name,
            "breadcrumbs": [
                {"label": _("招商"), "url": None},
                {"label": _("产业链招商图谱"), "url": reverse("investment:chain_list")},
                {"label": str(chain), "url": None},
            ],
            "chain": chain,
            "map": m,
            "graph": m.graph(),
            "can_change": policy.can(request.user, "change", chain),
            "can_delete": policy.can(request.user, "delete", chain),
            "placements": list(
                ChainPlacement.objects.filter(link__chain=chain)
                .select_related("link", "enterprise", "project")
                .order_by("link__order", "link_id", "id")
            ),
        }
        return render(request, self.template_name, ctx)


urlpatterns = [
    path("leads/<int:pk>/move/<str:stage>/", LeadMoveView.as_view(), name="lead_move"),
    path("leads/<int:pk>/sign/", LeadSignView.as_view(), name="lead_sign"),
    path("leads/<int:pk>/land/", LeadLandView.as_view(), name="lead_land"),
    path("leads/<int:pk>/lose/", LeadLoseView.as_view(), name="lead_lose"),
    path("leads/<int:pk>/followups/add/", FollowUpAddView.as_view(), name="lead_followup_add"),
    path("funnel/", FunnelView.as_view(), name="funnel"),
    path("chains/", ChainListView.as_view(), name="chain_list"),
    path("chains/<int:pk>/", ChainDetailView.as_view(), name="chain_detail"),
]
