from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import CriterionViewSet, RatingViewSet, ResultsView

router = DefaultRouter()
router.register("evaluation-criteria", CriterionViewSet, basename="criterion")
router.register("unit-ratings", RatingViewSet, basename="rating")

urlpatterns = [
    path("evaluation-results/", ResultsView.as_view(), name="evaluation-results"),
    *router.urls,
]
