from rest_framework.routers import DefaultRouter

from .interviews import InterviewViewSet
from .meetings import ActionItemViewSet, MeetingViewSet, TopicViewSet, WorkTaskViewSet
from .views import ProblemViewSet

router = DefaultRouter()
router.register("problems", ProblemViewSet, basename="problem")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("topics", TopicViewSet, basename="topic")
router.register("action-items", ActionItemViewSet, basename="actionitem")
router.register("interviews", InterviewViewSet, basename="interview")
router.register("work-tasks", WorkTaskViewSet, basename="worktask")

urlpatterns = router.urls
