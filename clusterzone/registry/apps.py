from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "clusterzone.registry"
    label = "registry"
    verbose_name = _("集聚区与企业")
