from .views import urlpatterns as _problem_urls

app_name = "supervision"

urlpatterns = [*_problem_urls]
