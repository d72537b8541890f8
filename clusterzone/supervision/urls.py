from clusterzone.core import modelpages

from .interview_views import urlpatterns as _interview_urls
from .meeting_views import urlpatterns as _meeting_urls
from .statistics_views import urlpatterns as _statistics_urls
from .views import urlpatterns as _problem_urls
from .worktask_views import urlpatterns as _worktask_urls

app_name = "supervision"

urlpatterns = [
    *_problem_urls,
    *modelpages.urls(app_name),
    *_worktask_urls,
    *_meeting_urls,
    *_statistics_urls,
    *_interview_urls,
]
