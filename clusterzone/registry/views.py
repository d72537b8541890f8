from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class _Stub(LoginRequiredMixin, TemplateView):
    template_name = "home.html"


ClusterListView = EnterpriseListView = RegionListView = UnitListView = UserListView = _Stub
