"""Editing industry-chain maps (产业链招商图谱): a chain of a cluster's leading industry, its
links (上游/中游/下游, GB/T 4754 divisions, key products) and hand placements of the
cluster's enterprises and projects on links. Every write goes through investment.services;
the policy (kind "chain", links and placements following their chain's change right)
decides who may do it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.views import PageMixin, ServiceDeleteView, ServiceFormView

from .. import selectors, services
from ..forms import ChainForm, ChainLinkForm, PlacementForm
from ..models import Chain, ChainLink, ChainPlacement


class ChainPage:
    model = Chain
    kind = "chain"
    section = gettext_lazy("招商")
    list_url_name = "investment:chain_list"
    detail_url_name = "investment:chain_detail"


class ChainFormView(ChainPage, ServiceFormView):
    form_class = ChainForm

    def scoped_queryset(self, user):
        return selectors.chain_list(user=user)

    def save(self, *, actor, instance, data):
        return services.chain_save(actor=actor, chain=instance, data=data)


class ChainDeleteView(ChainPage, ServiceDeleteView):
    def scoped_queryset(self, user):
        return selectors.chain_list(user=user)

    def delete(self, *, actor, instance):
        services.chain_delete(actor=actor, chain=instance)


class ChainChildMixin(ChainPage, PageMixin):
    """The chain from the user's scope (404 outside it), which the user must be able to change."""

    def get_chain(self) -> Chain:
        chain = selectors.chain_list(user=self.request.user).filter(pk=self.kwargs["pk"]).first()
        if chain is None:
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        if not policy.can(self.request.user, "change", chain):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        return chain

    def chain_url(self, chain) -> str:
        return reverse("investment:chain_detail", args=[chain.pk])

    def render_page(self, chain, form, title, status=200):
        ctx = self.base_context(form=form, object=chain, title=title, cancel_url=self.chain_url(chain))
        ctx["breadcrumbs"] += [
            {"label": str(chain), "url": self.chain_url(chain)},
            {"label": title, "url": None},
        ]
        return render(self.request, "core/form.html", ctx, status=status)


class ChainLinkFormView(ChainChildMixin, View):
    """Add (no link_pk) or edit a link of the chain."""

    def _link(self, chain) -> ChainLink:
        if "link_pk" not in self.kwargs:
            return ChainLink(chain=chain)
        link = chain.links.filter(pk=self.kwargs["link_pk"]).first()
        if link is None:
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        return link

    def _title(self, link):
        return _("新增环节") if link.pk is None else _("编辑环节：%(n)s") % {"n": link.name}

    def get(self, request, pk, link_pk=None):
        chain = self.get_chain()
        link = self._link(chain)
        initial = {} if link.pk else {"order": chain.links.count() + 1}
        form = ChainLinkForm(instance=link, initial=initial, user=request.user)
        return self.render_page(chain, form, self._title(link))

    def post(self, request, pk, link_pk=None):
        chain = self.get_chain()
        link = self._link(chain)
        form = ChainLinkForm(request.POST, instance=link, user=request.user)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            try:
                saved = services.chain_link_save(actor=request.user, link=form.instance, data=data)
            except DomainError as exc:
                for field, msgs in (exc.errors or {None: [exc.message]}).items():
                    for msg in msgs:
                        form.add_error(field if field in form.fields else None, msg)
            else:
                messages.success(request, _("已保存环节：%(n)s") % {"n": saved.name})
                return redirect(self.chain_url(chain))
        return self.render_page(chain, form, self._title(link), status=400)


class ChainLinkDeleteView(ChainChildMixin, View):
    def _link(self, chain):
        link = chain.links.filter(pk=self.kwargs["link_pk"]).first()
        if link is None:
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        return link

    def get(self, request, pk, link_pk):
        chain = self.get_chain()
        link = self._link(chain)
        ctx = self.base_context(object=link, title=_("删除环节：%(n)s") % {"n": link.name})
        ctx["breadcrumbs"].append({"label": str(chain), "url": self.chain_url(chain)})
        return render(request, "core/confirm_delete.html", ctx)

    def post(self, request, pk, link_pk):
        chain = self.get_chain()
        link = self._link(chain)
        try:
            services.chain_link_delete(actor=request.user, link=link)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已删除环节：%(n)s") % {"n": link.name})
        return redirect(self.chain_url(chain))


class PlacementAddView(ChainChildMixin, View):
    """落位: place an enterprise or a project of the cluster on a link by hand."""

    def _form(self, chain, data=None):
        initial = {"link": self.request.GET.get("link")} if data is None else None
        return PlacementForm(data, chain=chain, user=self.request.user, initial=initial)

    def get(self, request, pk):
        chain = self.get_chain()
        return self.render_page(chain, self._form(chain), _("手工落位"))

    def post(self, request, pk):
        chain = self.get_chain()
        form = self._form(chain, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.placement_add(
                    actor=request.user, link=d["link"], enterprise=d.get("enterprise"),
                    project=d.get("project"), note=d.get("note") or "",
                )  # fmt: skip
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已落位到环节：%(n)s") % {"n": d["link"].name})
                return redirect(self.chain_url(chain))
        return self.render_page(chain, form, _("手工落位"), status=400)


class PlacementDeleteView(ChainChildMixin, View):
    """POST-only: remove a hand placement."""

    def post(self, request, pk, placement_pk):
        chain = self.get_chain()
        placement = ChainPlacement.objects.filter(pk=placement_pk, link__chain=chain).first()
        if placement is None:
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        try:
            services.placement_delete(actor=request.user, placement=placement)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已取消落位。"))
        return redirect(self.chain_url(chain))


urlpatterns = [
    path("chains/add/", ChainFormView.as_view(), name="chain_add"),
    path("chains/<int:pk>/edit/", ChainFormView.as_view(), name="chain_edit"),
    path("chains/<int:pk>/delete/", ChainDeleteView.as_view(), name="chain_delete"),
    path("chains/<int:pk>/links/add/", ChainLinkFormView.as_view(), name="chain_link_add"),
    path("chains/<int:pk>/links/<int:link_pk>/edit/", ChainLinkFormView.as_view(), name="chain_link_edit"),
    path(
        "chains/<int:pk>/links/<int:link_pk>/delete/", ChainLinkDeleteView.as_view(), name="chain_link_delete"
    ),
    path("chains/<int:pk>/placements/add/", PlacementAddView.as_view(), name="chain_placement_add"),
    path(
        "chains/<int:pk>/placements/<int:placement_pk>/delete/",
        PlacementDeleteView.as_view(),
        name="chain_placement_delete",
    ),
]
