"""Pages of the finance module: loans, superior funds and financing platforms (lists with
filters, sorting, paging, 导出Excel) and a cluster's financing page (loan balance by bank and
month in ECharts, figures per bank, enterprises with loans, superior funds beside the
reported figure, platforms)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.exporting import table_xlsx, xlsx_response
from clusterzone.core.periods import Period, PeriodError
from clusterzone.core.views import PageMixin, ScopedDetailView, ScopedListView, ScopedObjectMixin
from clusterzone.registry.models import Cluster

from . import selectors, services
from .choices import ResponseKind
from .filters import LoanFilter, PlatformFilter, SuperiorFundFilter
from .forms import RespondForm, ToLoanForm
from .models import FinancingNeed, FinancingPlatform, Loan, NeedResponse, SuperiorFund
from .tables import LOAN_TABLE, PLATFORM_TABLE, SUPERIOR_FUND_TABLE

SECTION = gettext_lazy("金融服务")


class FinanceListView(ScopedListView):
    """A list of a kind the user's roles may not view at all answers 403 (a bank's user and
    the superior funds), as the API does."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy.may(request.user, "view", self.kind):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("您没有执行此操作的权限。"))
        return super().dispatch(request, *args, **kwargs)


class LoanListView(FinanceListView):
    model, kind, section = Loan, "loan", SECTION
    title = gettext_lazy("贷款台账")
    filterset_class = LoanFilter
    table = LOAN_TABLE
    export_name = "贷款台账"
    import_kind = "loans"

    def selector(self, user):
        return selectors.loan_list(user=user)


class SuperiorFundListView(FinanceListView):
    model, kind, section = SuperiorFund, "superiorfund", SECTION
    title = gettext_lazy("争取上级资金")
    filterset_class = SuperiorFundFilter
    table = SUPERIOR_FUND_TABLE
    export_name = "争取上级资金"
    import_kind = "superior-funds"

    def selector(self, user):
        return selectors.superior_fund_list(user=user)


class PlatformListView(FinanceListView):
    model, kind, section = FinancingPlatform, "financingplatform", SECTION
    title = gettext_lazy("投融资平台")
    filterset_class = PlatformFilter
    table = PLATFORM_TABLE
    export_name = "投融资平台"

    def selector(self, user):
        return selectors.platform_list(user=user)

    def get(self, request):
        if request.GET.get("export") == "xlsx":
            fs, qs, sort = self.filtered(request)
            objects = list(qs)
            for p in objects:
                p.check = selectors.platform_check(p)
            name = f"{self.export_name}_{timezone.localdate():%Y%m%d}.xlsx"
            return xlsx_response(table_xlsx(self.table, objects, title=str(self.title)), name)
        return super().get(request)


class NeedListView(FinanceListView):
    """The lists declared in pages.py (needs, events, pairings, guarantees, tax-sharing rules):
    403 for a role that may not view the kind at all."""


def _user_bank(user):
    unit = user.unit if getattr(user, "unit_id", None) else None
    return unit if unit is not None and unit.kind == "bank" else None


class NeedDetailView(ScopedDetailView):
    """A need with its service clock and the banks' responses; a bank's user responds here
    (interested, declined with a reason, credit granted) and turns its credit into a loan."""

    def extra_context(self, need):
        user = self.request.user
        bank = _user_bank(user)
        responses = list(need.responses.all())
        mine = next((r for r in responses if bank is not None and r.bank_id == bank.pk), None)
        may_respond = (
            bank is not None
            and need.status in ("published", "granted")
            and policy.may(user, "add", "needresponse")
            and services.bank_may_answer(need, bank)
        )
        return {
            "need": need,
            "clock": selectors.need_clock(need),
            "responses": responses,
            "respond_form": RespondForm(prefix="respond", initial={"kind": mine.kind} if mine else None)
            if may_respond else None,
            "to_loan": [
                r for r in responses
                if r.kind == ResponseKind.GRANTED and not r.loan_id and policy.can(user, "change", r)
            ],
            "loan_form": ToLoanForm(prefix="loan"),
        }  # fmt: skip


class NeedRespondView(ScopedObjectMixin, View):
    """POST: the user's bank responds to the need (one service call)."""

    model, kind, section = FinancingNeed, "financingneed", SECTION

    def scoped_queryset(self, user):
        return selectors.need_list(user=user)

    def post(self, request, pk):
        need = self.get_object()
        bank = _user_bank(request.user)
        form = RespondForm(request.POST, prefix="respond")
        if bank is None:
            messages.error(request, _("只有金融机构的用户可以响应融资需求。"))
        elif not form.is_valid():
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
        else:
            d = form.cleaned_data
            try:
                services.need_respond(
                    actor=request.user, need=need, bank=bank, kind=d["kind"], reason=d.get("reason") or "",
                    amount=d.get("amount"), responded_on=d.get("responded_on"),
                )  # fmt: skip
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("已响应融资需求。"))
        return redirect("finance:need_detail", pk=need.pk)


class ResponseToLoanView(ScopedObjectMixin, View):
    """POST: a granted credit becomes a loan of the responding bank (one service call)."""

    model, kind, section = NeedResponse, "needresponse", SECTION
    action = "change"

    def scoped_queryset(self, user):
        return selectors.response_list(user=user).select_related("need__enterprise__cluster__region")

    def post(self, request, pk):
        response = self.get_object()
        form = ToLoanForm(request.POST, prefix="loan")
        if not form.is_valid():
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
        else:
            try:
                loan = services.response_to_loan(
                    actor=request.user, response=response, data=form.cleaned_data
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("授信已转为贷款：%(l)s") % {"l": loan})
        return redirect("finance:need_detail", pk=response.need_id)


class TaxSharingView(PageMixin, View):
    """招商项目税收分成: the year's split per project and beneficiary, and the incentives."""

    def get(self, request):
        if not policy.may(request.user, "view", "attractedtax"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("您没有执行此操作的权限。"))
        text = request.GET.get("year") or str(timezone.localdate().year - 1)
        year = int(text) if text.isdigit() else timezone.localdate().year - 1
        rows = selectors.tax_sharing(user=request.user, year=year)
        ctx = self.base_context(
            title=_("招商项目税收分成"), year=year, rows=rows, totals=selectors.tax_sharing_totals(rows),
            incentives=selectors.incentives(user=request.user, year=year, rows=rows),
        )  # fmt: skip
        ctx["breadcrumbs"] = [{"label": SECTION, "url": None}, {"label": _("招商项目税收分成"), "url": None}]
        return render(request, "finance/tax_sharing.html", ctx)


class ClusterFinanceView(PageMixin, View):
    """集聚区金融服务: one cluster's loans and financing figures for a period."""

    def get(self, request, code):
        cluster = policy.scope(request.user, Cluster).select_related("region").filter(code=code).first()
        if cluster is None or not policy.may(request.user, "view", "loan"):
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        today = timezone.localdate()
        text = request.GET.get("period") or f"{today:%Y-%m}"
        try:
            period = Period.parse(text)
            error = ""
        except PeriodError as exc:
            period, error = Period.parse(f"{today:%Y-%m}"), str(exc)
        loans = (
            selectors.loan_list(user=request.user)
            .filter(borrower__cluster=cluster)
            .order_by("-issued_on", "id")
        )
        chart = selectors.monthly_balances(user=request.user, year=period.year, cluster=cluster)
        ctx = self.base_context(
            title=_("%(c)s · 金融服务") % {"c": cluster.name},
            cluster=cluster,
            period=period,
            period_text=text,
            period_error=error,
            loans=loans[:200],
            loan_count=loans.count(),
            figures=selectors.loan_figures(user=request.user, period=period, cluster=cluster),
            with_loans=selectors.enterprises_with_loans(user=request.user, clusters=[cluster]),
            funds=[r for r in selectors.superior_funds_comparison(user=request.user, period=period)
                   if r.cluster.pk == cluster.pk] if policy.may(request.user, "view", "superiorfund") else [],
            chart=chart,
            matching=selectors.matching_funnel(user=request.user, cluster=cluster)
            if policy.may(request.user, "view", "financingneed") else [],
            needs=selectors.need_list(user=request.user).filter(enterprise__cluster=cluster)[:50],
        )  # fmt: skip
        ctx["breadcrumbs"] = [{"label": SECTION, "url": None}, {"label": cluster.name, "url": None}]
        return render(request, "finance/cluster.html", ctx)
