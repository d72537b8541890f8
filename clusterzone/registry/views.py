from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.core.exceptions import DomainError
from clusterzone.core.history import history_entries, merged, related_history
from clusterzone.core.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedObjectMixin,
    ServiceDeleteView,
    ServiceFormView,
)

from . import selectors, services
from .filters import ClusterFilter, EnterpriseFilter
from .forms import ClusterForm, ClusterIndustryForm, EnterpriseForm, SubZoneForm
from .models import Cluster, ClusterIndustry, Enterprise, SubZone
from .tables import CLUSTER_TABLE, ENTERPRISE_TABLE


class ClusterPage:
    model = Cluster
    kind = "cluster"
    section = gettext_lazy("集聚区")
    list_url_name = "registry:cluster_list"
    detail_url_name = "registry:cluster_detail"


class EnterprisePage:
    model = Enterprise
    kind = "enterprise"
    section = gettext_lazy("企业")
    list_url_name = "registry:enterprise_list"
    detail_url_name = "registry:enterprise_detail"


class ClusterListView(ClusterPage, ScopedListView):
    title = gettext_lazy("集聚区名录")
    filterset_class = ClusterFilter
    table = CLUSTER_TABLE
    add_url_name = "registry:cluster_add"
    import_kind = "clusters"
    export_name = "产业集聚区名录"

    def selector(self, user):
        return selectors.cluster_list(user=user)


class ClusterDetailView(ClusterPage, ScopedDetailView):
    template_name = "registry/cluster_detail.html"

    def scoped_queryset(self, user):
        return selectors.cluster_list(user=user).prefetch_related("subzones")

    def extra_context(self, obj):
        enterprises = selectors.enterprise_list(user=self.request.user).filter(cluster=obj).order_by("name")
        return {
            "history": merged(
                history_entries(obj),
                related_history(SubZone, _("园区"), cluster_id=obj.pk),
                related_history(ClusterIndustry, _("主导产业"), cluster_id=obj.pk),
            ),
            "enterprises": enterprises[:200],
            "enterprise_total": obj.enterprise_count,
            "subzone_form": SubZoneForm(),
            "industry_form": ClusterIndustryForm(),
            "subzone_total": sum((z.area or 0) for z in obj.subzones.all()),
        }


class ClusterFormView(ClusterPage, ServiceFormView):
    form_class = ClusterForm

    def save(self, *, actor, instance, data):
        if instance.pk:
            return services.cluster_update(actor=actor, cluster=instance, data=data)
        return services.cluster_create(actor=actor, data=data)


class ClusterDeleteView(ClusterPage, ServiceDeleteView):
    def delete(self, *, actor, instance):
        services.cluster_delete(actor=actor, cluster=instance)


class ClusterChildView(ClusterPage, ScopedObjectMixin, View):
    """POST-only actions on a cluster's sub-zones and leading industries."""

    action = "change"

    def post(self, request, pk, what, child_pk=None):
        cluster = self.get_object()
        try:
            if what == "subzone-add":
                form = SubZoneForm(request.POST, instance=SubZone(cluster=cluster))
                if not form.is_valid():
                    raise DomainError("；".join(m for errs in form.errors.values() for m in errs))
                services.subzone_save(actor=request.user, subzone=form.instance, data={})
            elif what == "subzone-delete":
                zone = get_object_or_404(SubZone, pk=child_pk, cluster=cluster)
                services.subzone_delete(actor=request.user, subzone=zone)
            elif what == "industry-add":
                form = ClusterIndustryForm(request.POST)
                if not form.is_valid():
                    raise DomainError("；".join(m for errs in form.errors.values() for m in errs))
                services.cluster_industry_set(
                    actor=request.user,
                    cluster=cluster,
                    category=form.cleaned_data["category"],
                    role=form.cleaned_data["role"],
                )
            elif what == "industry-delete":
                link = get_object_or_404(ClusterIndustry, pk=child_pk, cluster=cluster)
                services.cluster_industry_delete(actor=request.user, link=link)
            else:
                from django.http import Http404

                raise Http404
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已保存。"))
        return redirect(reverse("registry:cluster_detail", args=[cluster.pk]))


class EnterpriseListView(EnterprisePage, ScopedListView):
    title = gettext_lazy("企业名录")
    filterset_class = EnterpriseFilter
    table = ENTERPRISE_TABLE
    add_url_name = "registry:enterprise_add"
    import_kind = "enterprises"
    export_name = "企业名录"

    def selector(self, user):
        return selectors.enterprise_list(user=user)


class EnterpriseDetailView(EnterprisePage, ScopedDetailView):
    template_name = "registry/enterprise_detail.html"

    def scoped_queryset(self, user):
        return selectors.enterprise_list(user=user)


class EnterpriseFormView(EnterprisePage, ServiceFormView):
    form_class = EnterpriseForm

    def new_instance(self):
        obj = Enterprise()
        code = self.request.GET.get("cluster")
        if code:
            obj.cluster = policy.editable_clusters(self.request.user).filter(code=code).first()
        return obj

    def save(self, *, actor, instance, data):
        if instance.pk:
            return services.enterprise_update(actor=actor, enterprise=instance, data=data)
        return services.enterprise_create(actor=actor, data=data)


class EnterpriseDeleteView(EnterprisePage, ServiceDeleteView):
    def delete(self, *, actor, instance):
        services.enterprise_delete(actor=actor, enterprise=instance)
