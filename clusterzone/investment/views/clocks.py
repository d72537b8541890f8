"""招商服务时限 (ClockRule): a region's service commitments in working days. The list shows
every rule the user can see beside the platform defaults; office roles add, edit and
delete rules of their regions (policy kind "clockrule")."""

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

from .. import services
from ..choices import DEFAULT_CLOCKS, ClockKind
from ..forms import ClockRuleForm
from ..models import ClockRule


def clock_rule_list(*, user):
    return policy.scope(user, ClockRule).select_related("region").order_by("region__code", "stage")


class ClockPage:
    model = ClockRule
    kind = "clockrule"
    section = gettext_lazy("招商")
    list_url_name = "investment:clock_list"


class ClockRuleListView(ClockPage, LoginRequiredMixin, View):
    def get(self, request):
        if not policy.may(request.user, "view", "clockrule"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        rules = list(clock_rule_list(user=request.user))
        for rule in rules:
            rule.can_change = policy.can(request.user, "change", rule)
        ctx = {
            "title": _("招商服务时限"),
            "breadcrumbs": [{"label": _("招商"), "url": None}, {"label": _("招商服务时限"), "url": None}],
            "rules": rules,
            "defaults": [(str(label), DEFAULT_CLOCKS[kind]) for kind, label in ClockKind.choices],
            "can_add": policy.may(request.user, "add", "clockrule"),
        }
        return render(request, "investment/clock_list.html", ctx)


class ClockRuleFormView(ClockPage, ScopedObjectMixin, View):
    """Add (no pk) or edit a rule; saved by services.clock_rule_save, back to the list."""

    def _instance(self):
        if "pk" in self.kwargs:
            self.action = "change"
            return self.get_object()
        if not policy.may(self.request.user, "add", "clockrule"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        return ClockRule()

    def _render(self, form, rule, status=200):
        title = _("新增招商服务时限") if rule.pk is None else _("编辑：%(obj)s") % {"obj": rule}
        ctx = {
            "title": title,
            "form": form,
            "object": rule,
            "breadcrumbs": [*self.breadcrumbs(), {"label": title, "url": None}],
            "cancel_url": reverse(self.list_url_name),
        }
        return render(self.request, "core/form.html", ctx, status=status)

    def get(self, request, pk=None):
        rule = self._instance()
        return self._render(ClockRuleForm(instance=rule, user=request.user), rule)

    def post(self, request, pk=None):
        rule = self._instance()
        form = ClockRuleForm(request.POST, instance=rule, user=request.user)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            try:
                saved = services.clock_rule_save(actor=request.user, rule=form.instance, data=data)
            except DomainError as exc:
                for field, msgs in (exc.errors or {None: [exc.message]}).items():
                    for msg in msgs:
                        form.add_error(field if field in form.fields else None, msg)
            else:
                messages.success(request, _("已保存：%(obj)s") % {"obj": saved})
                return redirect(reverse(self.list_url_name))
        return self._render(form, rule, status=400)


class ClockRuleDeleteView(ClockPage, ServiceDeleteView):
    def delete(self, *, actor, instance):
        instance_delete(instance, actor=actor)


urlpatterns = [
    path("clocks/", ClockRuleListView.as_view(), name="clock_list"),
    path("clocks/add/", ClockRuleFormView.as_view(), name="clock_add"),
    path("clocks/<int:pk>/edit/", ClockRuleFormView.as_view(), name="clock_edit"),
    path("clocks/<int:pk>/delete/", ClockRuleDeleteView.as_view(), name="clock_delete"),
]
