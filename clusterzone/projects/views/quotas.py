"""项目指标 pages: a region's yearly quotas by investment band (Quota, "1233工程") and the
per-unit quotas (UnitQuota), listed together, each added, edited and deleted through the
projects services; linked from and to the quota-check page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.services import instance_delete
from clusterzone.core.views import ScopedObjectMixin, ServiceDeleteView

from .. import selectors, services
from ..forms import QuotaForm, UnitQuotaForm
from ..models import Quota, UnitQuota


class QuotaPage:
    kind = "quota"
    section = gettext_lazy("项目")
    list_url_name = "projects:quota_list"


class QuotaListView(QuotaPage, LoginRequiredMixin, View):
    """Both kinds of quota in the user's scope, filtered by year (default: all years)."""

    def get(self, request):
        if not policy.may(request.user, "view", "quota"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        year = request.GET.get("year", "")
        quotas = selectors.quota_list(user=request.user).order_by("region__code", "-year", "-min_amount")
        units = selectors.unit_quota_list(user=request.user).order_by("unit__name", "-year", "-min_amount")
        if year.isdigit():
            quotas, units = quotas.filter(year=int(year)), units.filter(year=int(year))
        quotas, units = list(quotas), list(units)
        for q in [*quotas, *units]:
            q.can_change = policy.can(request.user, "change", q)
        ctx = {
            "title": _("项目指标"),
            "breadcrumbs": [{"label": _("项目"), "url": None}, {"label": _("项目指标"), "url": None}],
            "quotas": quotas,
            "unit_quotas": units,
            "year": year,
            "can_add": policy.may(request.user, "add", "quota"),
        }
        return render(request, "projects/quota_list.html", ctx)


class _QuotaFormView(QuotaPage, ScopedObjectMixin, View):
    form_class = None
    title_new = ""

    def save(self, *, actor, instance, data):
        raise NotImplementedError

    def _instance(self):
        if "pk" in self.kwargs:
            self.action = "change"
            return self.get_object()
        if not policy.may(self.request.user, "add", "quota"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        return self.model()

    def _render(self, form, obj, status=200):
        title = self.title_new if obj.pk is None else _("编辑：%(obj)s") % {"obj": obj}
        ctx = {
            "title": title,
            "form": form,
            "object": obj,
            "breadcrumbs": [
                {"label": _("项目"), "url": None},
                {"label": _("项目指标"), "url": reverse(self.list_url_name)},
                {"label": title, "url": None},
            ],
            "cancel_url": reverse(self.list_url_name),
        }
        return render(self.request, "core/form.html", ctx, status=status)

    def get(self, request, pk=None):
        obj = self._instance()
        initial = {} if obj.pk else {"year": request.GET.get("year") or None}
        return self._render(self.form_class(instance=obj, initial=initial, user=request.user), obj)

    def post(self, request, pk=None):
        obj = self._instance()
        form = self.form_class(request.POST, instance=obj, user=request.user)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            try:
                saved = self.save(actor=request.user, instance=form.instance, data=data)
            except DomainError as exc:
                for field, msgs in (exc.errors or {None: [exc.message]}).items():
                    for msg in msgs:
                        form.add_error(field if field in form.fields else None, msg)
            else:
                messages.success(request, _("已保存：%(obj)s") % {"obj": saved})
                return redirect(f"{reverse(self.list_url_name)}?year={saved.year}")
        return self._render(form, obj, status=400)


class QuotaFormView(_QuotaFormView):
    model = Quota
    form_class = QuotaForm
    title_new = gettext_lazy("新增地区项目指标")

    def scoped_queryset(self, user):
        return selectors.quota_list(user=user)

    def save(self, *, actor, instance, data):
        return services.quota_save(actor=actor, quota=instance, data=data)


class UnitQuotaFormView(_QuotaFormView):
    model = UnitQuota
    form_class = UnitQuotaForm
    title_new = gettext_lazy("新增单位招商指标")

    def scoped_queryset(self, user):
        return selectors.unit_quota_list(user=user)

    def save(self, *, actor, instance, data):
        return services.unit_quota_save(actor=actor, quota=instance, data=data)


class QuotaDeleteView(QuotaPage, ServiceDeleteView):
    model = Quota

    def delete(self, *, actor, instance):
        instance_delete(instance, actor=actor)


class UnitQuotaDeleteView(QuotaDeleteView):
    model = UnitQuota


urlpatterns = [
    path("quotas/", QuotaListView.as_view(), name="quota_list"),
    path("quotas/add/", QuotaFormView.as_view(), name="quota_add"),
    path("quotas/<int:pk>/edit/", QuotaFormView.as_view(), name="quota_edit"),
    path("quotas/<int:pk>/delete/", QuotaDeleteView.as_view(), name="quota_delete"),
    path("quotas/units/add/", UnitQuotaFormView.as_view(), name="unit_quota_add"),
    path("quotas/units/<int:pk>/edit/", UnitQuotaFormView.as_view(), name="unit_quota_edit"),
    path("quotas/units/<int:pk>/delete/", UnitQuotaDeleteView.as_view(), name="unit_quota_delete"),
]
