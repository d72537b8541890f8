from .evaluation import urlpatterns as _evaluation
from .views import urlpatterns as _urls

urlpatterns = [*_urls, *_evaluation]
