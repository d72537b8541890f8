from .views import urlpatterns as _urls

urlpatterns = [*_urls]
