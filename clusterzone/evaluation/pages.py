"""Standard pages of the service-unit evaluation (core.modelpages): the criteria (the office
keeps them) and the ratings (committees and the office enter, correct and import them)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy
from clusterzone.core.modelpages import ModelPages, register
from clusterzone.core.views import ScopedListView

from . import selectors, services
from .filters import CriterionFilter, RatingFilter
from .forms import CriterionForm, RatingForm
from .models import Criterion, Rating
from .tables import CRITERION_TABLE, RATING_TABLE


class RatingListView(ScopedListView):
    """Ratings name their raters: a role that may see none (the rated department) is refused
    the page, its filters and its export outright."""

    def get(self, request, *args, **kwargs):
        if not policy.may(request.user, "view", "rating"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        return super().get(request, *args, **kwargs)


CRITERIA = register(
    ModelPages(
        app="evaluation",
        name="criterion",
        path="criteria/",
        model=Criterion,
        title=_("评议项目"),
        section=_("督查督办"),
        selector=lambda user: selectors.criterion_list(user=user),
        filterset=CriterionFilter,
        table=CRITERION_TABLE,
        form=CriterionForm,
        save=lambda *, actor, instance, data: services.criterion_save(
            actor=actor, criterion=instance, data=data
        ),
        delete=lambda *, actor, instance: services.criterion_delete(actor=actor, criterion=instance),
    )
)

RATINGS = register(
    ModelPages(
        app="evaluation",
        name="rating",
        path="ratings/",
        model=Rating,
        title=_("评议打分"),
        section=_("督查督办"),
        selector=lambda user: selectors.rating_list(user=user),
        filterset=RatingFilter,
        table=RATING_TABLE,
        form=RatingForm,
        save=lambda *, actor, instance, data: services.rating_save(actor=actor, rating=instance, data=data),
        delete=lambda *, actor, instance: services.rating_delete(actor=actor, rating=instance),
        detail_template="evaluation/rating_detail.html",
        list_view=RatingListView,
        import_kind="unit-ratings",
    )
)
