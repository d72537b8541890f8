"""URLs of the finance module: the declared model pages (pages.py) and the hand-written
pages and workflow steps (views.py)."""

from django.urls import path

from clusterzone.core import modelpages

from . import views as v

app_name = "finance"

urlpatterns = [
    path("loans/", v.LoanListView.as_view(), name="loan_list"),
    path("superior-funds/", v.SuperiorFundListView.as_view(), name="fund_list"),
    path("platforms/", v.PlatformListView.as_view(), name="platform_list"),
    path("cluster/<str:code>/", v.ClusterFinanceView.as_view(), name="cluster"),
    path("needs/<int:pk>/respond/", v.NeedRespondView.as_view(), name="need_respond"),
    path("responses/<int:pk>/loan/", v.ResponseToLoanView.as_view(), name="response_loan"),
    path("tax-sharing/", v.TaxSharingView.as_view(), name="tax_sharing"),
    *modelpages.urls("finance"),
]
