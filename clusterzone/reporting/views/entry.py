"""Data-entry pages: the scoped submission list, the entry form of one submission, and one
explicit view per workflow step (save, submit, approve, return, reopen), each calling one
service. Mounted under /reporting/ (app_name "reporting")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.core import units
from clusterzone.core.exceptions import DomainError, PermissionDenied
from clusterzone.core.periods import Period, PeriodError
from clusterzone.core.tables import Column, Table
from clusterzone.core.views import ScopedListView, ScopedObjectMixin
from clusterzone.registry.models import Cluster

from .. import services
from ..choices import SubmissionStatus
from ..forms import ReasonForm, SubmissionEntryForm, SubmissionFilter, SubmitForm
from ..models import DataSet, Submission
from ..selectors import submissions as selectors


def _period_label(value):
    try:
        return Period.parse(value).label
    except PeriodError:
        return value or ""


def _dt(value):
    return units.datetime_label(value)


def _dt_export(value):
    return units.local_datetime(value)


SUBMISSION_TABLE = Table(
    columns=[
        Column("dataset.name", gettext_lazy("报表"), order_by="dataset__code"),
        Column("cluster.name", gettext_lazy("集聚区"), order_by="cluster__code"),
        Column(
            "period",
            gettext_lazy("期间"),
            order_by="period_end",
            display=_period_label,
            export=lambda v: v,
            link="reporting:submission_detail",
        ),
        Column("get_status_display", gettext_lazy("状态"), order_by="status"),
        Column("due_date", gettext_lazy("截止日期"), order_by="due_date", display=units.date_label),
        Column(
            "submitted_at", gettext_lazy("上报时间"), order_by="submitted_at", display=_dt, export=_dt_export
        ),
        Column(
            "approved_at", gettext_lazy("审核时间"), order_by="approved_at", display=_dt, export=_dt_export
        ),
    ],
    default_order="-period_end,dataset__code,cluster__code",
)


class SubmissionPage:
    model = Submission
    kind = "submission"
    section = gettext_lazy("统计报表")
    list_url_name = "reporting:submission_list"


class SubmissionListView(SubmissionPage, ScopedListView):
    title = gettext_lazy("报表填报")
    filterset_class = SubmissionFilter
    table = SUBMISSION_TABLE
    export_name = "报表填报情况"

    def selector(self, user):
        return selectors.submission_list(user=user)


class SubmissionObjectMixin(SubmissionPage, ScopedObjectMixin):
    def scoped_queryset(self, user):
        return selectors.submission_list(user=user)


def render_entry(
    request,
    submission,
    *,
    form=None,
    raw=None,
    report=None,
    status=200,
    errors=None,
    raw_reasons=None,
    typed=None,
):
    sheet = selectors.submission_entry(submission, raw=raw, report=report, raw_reasons=raw_reasons)
    user = request.user
    editable = submission.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
    ctx = {
        "title": str(submission),
        "object": submission,
        "sheet": sheet,
        "period_label": submission.period_obj.label,
        "form": form,
        "version": submission.version,
        "form_errors": errors or [],
        # a failed save shows back everything typed (填报说明, 修改原因), never the stored text
        "comment_value": (typed or {}).get("comment", submission.comment),
        "reason_value": (typed or {}).get("reason", ""),
        "can_edit": editable and policy.can(user, "change", submission),
        "can_submit": editable and policy.can(user, "submit", submission),
        "can_review": submission.status == SubmissionStatus.SUBMITTED
        and policy.can(user, "approve", submission),
        "can_return": submission.status == SubmissionStatus.SUBMITTED
        and policy.can(user, "return", submission),
        "can_reopen": submission.status == SubmissionStatus.APPROVED
        and policy.can(user, "reopen", submission),
        "events": selectors.submission_events(submission),
        **_items_context(user, submission, editable),
        "value_history": selectors.value_history(submission),
        "breadcrumbs": [
            {"label": SubmissionPage.section, "url": None},
            {"label": _("报表填报"), "url": reverse("reporting:submission_list")},
            {"label": str(submission), "url": None},
        ],
    }
    return render(request, "reporting/entry/detail.html", ctx, status=status)


def _items_context(user, submission, editable) -> dict:
    """The half-monthly report's items, their totals and the add form (itemised data sets)."""
    from .. import items
    from ..choices import ReportItemKind
    from ..validation import fmt

    if not items.itemised(submission.dataset):
        return {"itemised": False}
    from clusterzone.accounts.models import OrgUnit
    from clusterzone.supervision.choices import ProblemCategory

    computed = set(items.computed_codes(submission.dataset)) | {"enterprises_settled"}
    t = items.totals(submission)
    labels = {
        "fai_infrastructure": _("基础设施投资（万元）"),
        "projects_settled": _("新上项目（个）"),
        "projects_started": _("其中本期开工（个）"),
        "enterprises_settled": _("新入驻企业（个）"),
        "superior_funds": _("争取上级资金（万元）"),
    }
    can_raise = policy.may(user, "add", "problem")
    return {
        "itemised": True,
        "item_sections": items.sections(submission),
        "item_totals": [
            {
                "code": c,
                "label": labels[c],
                "period": fmt(t["period"][c]),
                "ytd": fmt(t["ytd"][c]),
            }
            for c in items.ITEM_INDICATORS
            if c in computed
        ],
        "item_kinds": ReportItemKind.choices,
        "problem_categories": ProblemCategory.choices,
        "can_raise_problem": can_raise,
        "units": list(OrgUnit.objects.order_by("id")[:200]) if can_raise else [],
    }


class SubmissionDetailView(SubmissionObjectMixin, View):
    """The entry form: indicators with unit, previous period and same period last year."""

    def get(self, request, pk):
        return render_entry(request, self.get_object())


class TransitionView(SubmissionObjectMixin, View):
    """POST-only workflow step: one service; a refusal comes back as a message."""

    success_message = ""

    def perform(self, request, submission):  # subclasses call one service
        raise NotImplementedError

    def post(self, request, pk):
        submission = self.get_object()
        try:
            self.perform(request, submission)
        except PermissionDenied as exc:
            raise HttpForbidden(exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, self.success_message)
        return redirect(_next(request) or reverse("reporting:submission_detail", args=[submission.pk]))


def _next(request) -> str:
    """A local page to go back to after a step taken in place (the 待审核 queue)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


class ReviewQueueView(SubmissionPage, View):
    """待审核: the reports waiting for review in the user's scope, oldest due first, each with
    审核通过 and 退回 (with its reason) in place; the office's returned ones below."""

    def get(self, request):
        if not policy.may(request.user, "approve", "submission"):
            raise HttpForbidden(_("您的角色不能审核报表。"))
        qs = selectors.submission_list(user=request.user).order_by(
            "due_date", "dataset__code", "cluster__code"
        )
        waiting = list(qs.filter(status=SubmissionStatus.SUBMITTED)[:200])
        returned = list(qs.filter(status=SubmissionStatus.RETURNED)[:50])
        ctx = {
            "title": _("待审核报表"),
            "waiting": waiting,
            "returned": returned,
            "breadcrumbs": [
                {"label": SubmissionPage.section, "url": None},
                {"label": _("待审核报表"), "url": None},
            ],
        }
        return render(request, "reporting/entry/review_queue.html", ctx)


class SubmissionSaveView(TransitionView):
    def post(self, request, pk):
        submission = self.get_object()
        from ..items import computed_codes

        computed = set(computed_codes(submission.dataset))  # from the report's items, not typed
        codes = [
            it.indicator.code
            for it in submission.dataset.items.select_related("indicator")
            if not it.indicator.is_derived and it.indicator.is_active and it.indicator.code not in computed
        ]
        from ..prefill import SOURCES

        form = SubmissionEntryForm(request.POST, codes=codes, prefilled=[c for c in codes if c in SOURCES])
        typed = {"comment": request.POST.get("comment", ""), "reason": request.POST.get("reason", "")}
        if not form.is_valid():
            errors = [m for errs in form.errors.values() for m in errs]
            return render_entry(
                request,
                submission,
                raw=form.raw_values(),
                status=400,
                errors=errors,
                raw_reasons=form.raw_reasons(),
                typed=typed,
            )
        try:
            report = services.submission_save_values(
                actor=request.user,
                submission=submission,
                values=form.values(),
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
                reason=form.cleaned_data["reason"] or None,
                overrides=form.overrides(),
            )
        except PermissionDenied as exc:
            raise HttpForbidden(exc.message)
        except DomainError as exc:
            return render_entry(
                request,
                submission,
                raw=form.raw_values(),
                report=getattr(exc, "report", None),
                status=400,
                errors=[exc.message],
                raw_reasons=form.raw_reasons(),
                typed=typed,
            )
        if request.POST.get("and_submit"):
            # 保存并上报: one action; a refusal (errors, a warning without 说明) keeps the
            # saved figures and says why
            try:
                services.submission_submit(
                    actor=request.user, submission=submission, comment=form.cleaned_data["comment"]
                )
            except PermissionDenied as exc:
                raise HttpForbidden(exc.message)
            except DomainError as exc:
                messages.warning(
                    request, _("已保存（版本%(v)s），但未上报：") % {"v": submission.version} + exc.message
                )
            else:
                messages.success(request, _("已保存并上报，等待联席办审核。"))
            return redirect(reverse("reporting:submission_detail", args=[submission.pk]))
        messages.success(request, _("已保存（版本%(v)s）。") % {"v": submission.version})
        for msg in report.warning_messages():
            messages.warning(request, msg)
        return redirect(reverse("reporting:submission_detail", args=[submission.pk]))


class ItemAddView(TransitionView):
    """Add one item of a half-monthly report (project and enterprise chosen by code from the
    cluster's records, or entered by name)."""

    success_message = gettext_lazy("已添加明细，汇总数据已重新计算。")

    def perform(self, request, submission):
        from .. import items

        items.item_add(actor=request.user, submission=submission, data=item_data(request.POST, submission))


def item_data(data, submission) -> dict:
    """Form or API input → the service's data: codes resolved within the cluster."""
    from clusterzone.projects.models import Project
    from clusterzone.registry.models import Enterprise

    out = {
        k: data.get(k, "")
        for k in ("kind", "name", "credit_code", "investment", "fund_source", "programme", "amount", "text")
    }
    out["started"] = str(data.get("started", "")).lower() in ("on", "true", "1", "yes")
    code = str(data.get("project") or "").strip()
    if code:
        out["project"] = Project.objects.filter(cluster_id=submission.cluster_id, code=code).first()
        if out["project"] is None:
            raise DomainError(_("本集聚区项目库中没有代码为“%(c)s”的项目。") % {"c": code}, field="project")
    key = str(data.get("enterprise") or "").strip()
    if key:
        out["enterprise"] = (
            Enterprise.objects.filter(cluster_id=submission.cluster_id)
            .filter(credit_code=key.upper())
            .first()
        ) or Enterprise.objects.filter(cluster_id=submission.cluster_id, name=key).first()
        if out["enterprise"] is None:
            raise DomainError(_("本集聚区企业名录中没有“%(c)s”。") % {"c": key}, field="enterprise")
    return out


def item_values(item) -> dict:
    """An item as form/API input (the inverse of item_data): what an edit starts from."""
    out = {k: getattr(item, k) for k in ("kind", "name", "credit_code", "fund_source", "programme", "text")}
    for k in ("investment", "amount"):
        out[k] = "" if getattr(item, k) is None else str(getattr(item, k))
    out["started"] = item.started
    out["project"] = item.project.code if item.project_id else ""
    out["enterprise"] = (item.enterprise.credit_code or item.enterprise.name) if item.enterprise_id else ""
    return out


class ItemObjectView(TransitionView):
    def post(self, request, pk, item_pk):
        from ..models import ReportItem

        submission = self.get_object()
        item = get_object_or_404(ReportItem, pk=item_pk, submission=submission)
        try:
            self.act(request, item)
        except PermissionDenied as exc:
            raise HttpForbidden(exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, self.success_message)
        return redirect(reverse("reporting:submission_detail", args=[submission.pk]))


class ItemDeleteView(ItemObjectView):
    success_message = gettext_lazy("已删除明细，汇总数据已重新计算。")

    def act(self, request, item):
        from .. import items

        items.item_delete(actor=request.user, item=item)


class ItemEditView(SubmissionObjectMixin, View):
    """Edit one item of a half-monthly report (its section stays); the summary figures are
    recomputed and the change is kept in the item's history."""

    template_name = "reporting/entry/item_edit.html"

    def _item(self, submission, item_pk):
        from ..models import ReportItem

        return get_object_or_404(
            ReportItem.objects.select_related("project", "enterprise"), pk=item_pk, submission=submission
        )

    def _render(self, request, submission, item, values, status=200):
        from .. import items

        changes = [h for h in items.item_history(submission) if h["item"] == item.pk]
        ctx = {
            "object": submission,
            "item": item,
            "values": values,
            "title": _("修改明细"),
            "changes": changes,
        }
        return render(request, self.template_name, ctx, status=status)

    def get(self, request, pk, item_pk):
        submission = self.get_object()
        if not policy.can(request.user, "change", submission):
            raise HttpForbidden(_("您无权修改这份报表。"))
        item = self._item(submission, item_pk)
        return self._render(request, submission, item, item_values(item))

    def post(self, request, pk, item_pk):
        from .. import items

        submission = self.get_object()
        item = self._item(submission, item_pk)
        values = {**item_values(item), **{k: v for k, v in request.POST.items() if k != "kind"}}
        values["started"] = request.POST.get("started", "")
        try:
            data = item_data(values, submission)
            data["reason"] = request.POST.get("reason", "")
            items.item_update(actor=request.user, item=item, data=data)
        except PermissionDenied as exc:
            raise HttpForbidden(exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
            return self._render(request, submission, item, values, status=400)
        messages.success(request, _("已修改明细，汇总数据已重新计算。"))
        return redirect(reverse("reporting:submission_detail", args=[submission.pk]))


class ItemExportView(SubmissionObjectMixin, View):
    """导出明细: the report's items as an Excel file in the import's columns (the file can be
    edited and imported back)."""

    def get(self, request, pk):
        from clusterzone.core.exporting import xlsx_response

        from ..exchange_items import items_xlsx

        submission = self.get_object()
        name = _("%(s)s明细") % {"s": f"{submission.cluster.name}{submission.period_obj.label}"}
        return xlsx_response(items_xlsx([submission]), f"{name}.xlsx")


class ItemRaiseView(ItemObjectView):
    success_message = gettext_lazy("已转入问题台账。")

    def act(self, request, item):
        from clusterzone.accounts.models import OrgUnit

        from .. import items

        unit = OrgUnit.objects.filter(pk=request.POST.get("unit") or 0).first()
        if unit is None:
            raise DomainError(_("请选择责任单位。"), field="unit")
        items.item_raise_problem(
            actor=request.user, item=item, category=request.POST.get("category", ""), responsible_unit=unit
        )


class SubmissionSubmitView(TransitionView):
    success_message = gettext_lazy("已上报，等待联席办审核。")

    def perform(self, request, submission):
        form = SubmitForm(request.POST)
        form.is_valid()
        services.submission_submit(
            actor=request.user, submission=submission, comment=form.cleaned_data.get("comment", "")
        )


class SubmissionApproveView(TransitionView):
    success_message = gettext_lazy("已审核通过，数据已锁定。")

    def perform(self, request, submission):
        services.submission_approve(actor=request.user, submission=submission)


def _reason(request) -> str:
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


class SubmissionReturnView(TransitionView):
    success_message = gettext_lazy("已退回填报单位。")

    def perform(self, request, submission):
        services.submission_return(actor=request.user, submission=submission, reason=_reason(request))


class SubmissionReopenView(TransitionView):
    success_message = gettext_lazy("已重新打开，填报单位可以修改。")

    def perform(self, request, submission):
        services.submission_reopen(actor=request.user, submission=submission, reason=_reason(request))


class SubmissionOpenView(SubmissionPage, View):
    """GET /reporting/open/<dataset>/<cluster>/<period>/: open (create) and go to the form."""

    def get(self, request, dataset_code, cluster_code, period):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        dataset = get_object_or_404(DataSet, code=dataset_code)
        cluster = (
            policy.scope(request.user, Cluster).select_related("region").filter(code=cluster_code).first()
        )
        if cluster is None:
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        try:
            submission = services.submission_open(
                actor=request.user, dataset=dataset, cluster=cluster, period=period
            )
        except PermissionDenied as exc:
            raise HttpForbidden(exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(reverse("reporting:submission_list"))
        return redirect(reverse("reporting:submission_detail", args=[submission.pk]))


urlpatterns = [
    path("submissions/", SubmissionListView.as_view(), name="submission_list"),
    path("review/", ReviewQueueView.as_view(), name="review_queue"),
    path("submissions/<int:pk>/", SubmissionDetailView.as_view(), name="submission_detail"),
    path("submissions/<int:pk>/save/", SubmissionSaveView.as_view(), name="submission_save"),
    path("submissions/<int:pk>/submit/", SubmissionSubmitView.as_view(), name="submission_submit"),
    path("submissions/<int:pk>/approve/", SubmissionApproveView.as_view(), name="submission_approve"),
    path("submissions/<int:pk>/return/", SubmissionReturnView.as_view(), name="submission_return"),
    path("submissions/<int:pk>/reopen/", SubmissionReopenView.as_view(), name="submission_reopen"),
    path("submissions/<int:pk>/items/add/", ItemAddView.as_view(), name="item_add"),
    path("submissions/<int:pk>/items/<int:item_pk>/delete/", ItemDeleteView.as_view(), name="item_delete"),
    path("submissions/<int:pk>/items/<int:item_pk>/raise/", ItemRaiseView.as_view(), name="item_raise"),
    path("submissions/<int:pk>/items/<int:item_pk>/edit/", ItemEditView.as_view(), name="item_edit"),
    path("submissions/<int:pk>/items/export/", ItemExportView.as_view(), name="item_export"),
    path(
        "open/<slug:dataset_code>/<str:cluster_code>/<str:period>/",
        SubmissionOpenView.as_view(),
        name="submission_open",
    ),
]
