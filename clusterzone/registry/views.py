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
    ScopedObjectMixin,
    ServiceFormView,
)

from . import selectors, services
from .forms import ClusterIndustryForm, SubZoneForm
from .models import Cluster, ClusterIndustry, Enterprise, SubZone


class ClusterPage:
    """For the hand-written cluster views beside the declared ones (registry/pages.py)."""

    model = Cluster
    kind = "cluster"
    section = gettext_lazy("集聚区")
    list_url_name = "registry:cluster_list"
    detail_url_name = "registry:cluster_detail"


class ClusterDetailView(ScopedDetailView):
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
            "star_history": selectors.star_history(cluster=obj),
        }


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


class EnterpriseFormView(ServiceFormView):
    """Add an enterprise preset to the cluster named by ?cluster=CODE."""

    def new_instance(self):
        obj = Enterprise()
        code = self.request.GET.get("cluster")
        if code:
            obj.cluster = policy.editable_clusters(self.request.user).filter(code=code).first()
        return obj
