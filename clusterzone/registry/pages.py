"""Standard pages of clusters and enterprises (core.modelpages)."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import selectors, services
from .filters import ClusterFilter, EnterpriseContactFilter, EnterpriseFilter
from .forms import ClusterForm, EnterpriseContactForm, EnterpriseForm
from .models import Cluster, Enterprise, EnterpriseContact
from .tables import CLUSTER_TABLE, CONTACT_TABLE, ENTERPRISE_TABLE
from .views import ClusterDetailView, EnterpriseFormView


def _cluster_save(*, actor, instance, data):
    if instance.pk:
        return services.cluster_update(actor=actor, cluster=instance, data=data)
    return services.cluster_create(actor=actor, data=data)


def _enterprise_save(*, actor, instance, data):
    if instance.pk:
        return services.enterprise_update(actor=actor, enterprise=instance, data=data)
    return services.enterprise_create(actor=actor, data=data)


CLUSTERS = register(
    ModelPages(
        app="registry",
        name="cluster",
        path="clusters/",
        model=Cluster,
        title=_("集聚区名录"),
        section=_("集聚区"),
        selector=lambda user: selectors.cluster_list(user=user),
        filterset=ClusterFilter,
        table=CLUSTER_TABLE,
        form=ClusterForm,
        save=_cluster_save,
        delete=lambda *, actor, instance: services.cluster_delete(actor=actor, cluster=instance),
        detail_template="registry/cluster_detail.html",
        detail_view=ClusterDetailView,
        import_kind="clusters",
        export_name="产业集聚区名录",
    )
)

ENTERPRISES = register(
    ModelPages(
        app="registry",
        name="enterprise",
        path="enterprises/",
        model=Enterprise,
        title=_("企业名录"),
        section=_("企业"),
        selector=lambda user: selectors.enterprise_list(user=user),
        filterset=EnterpriseFilter,
        table=ENTERPRISE_TABLE,
        form=EnterpriseForm,
        save=_enterprise_save,
        delete=lambda *, actor, instance: services.enterprise_delete(actor=actor, enterprise=instance),
        detail_template="registry/enterprise_detail.html",
        form_view=EnterpriseFormView,
        import_kind="enterprises",
    )
)


CONTACTS = register(
    ModelPages(
        app="registry",
        name="contact",
        path="enterprise-contacts/",
        model=EnterpriseContact,
        title=_("领导联系企业"),
        section=_("企业"),
        selector=lambda user: selectors.contact_list(user=user),
        filterset=EnterpriseContactFilter,
        table=CONTACT_TABLE,
        form=EnterpriseContactForm,
        save=lambda *, actor, instance, data: services.contact_save(actor=actor, contact=instance, data=data),
        delete=lambda *, actor, instance: services.contact_delete(actor=actor, contact=instance),
        detail_template="registry/contact_detail.html",
        export_name="领导联系企业",
        import_kind="enterprise_contacts",
    )
)
