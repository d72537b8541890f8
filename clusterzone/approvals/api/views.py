"""REST endpoints of the approval service: /api/approval-matters/ (the catalog) and
/api/approval-cases/ (cases with their clock; acts as POST actions calling one service)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from clusterzone.accounts import policy
from clusterzone.core.api import ScopedModelViewSet
from clusterzone.core.exceptions import DomainError, PermissionDenied

from .. import selectors, services
from ..filters import CaseFilter, MatterFilter
from ..models import ApprovalCase, ApprovalMatter
from .serializers import (
    AcceptSerializer,
    CaseInputSerializer,
    CaseSerializer,
    CaseUpdateSerializer,
    CompleteSerializer,
    MatterInputSerializer,
    MatterSerializer,
    PauseInputSerializer,
    ResumeSerializer,
)


class MatterViewSet(ScopedModelViewSet):
    """审批事项清单. Filters: `stage`, `department` (unit id), `window` (id), `q`."""

    model = ApprovalMatter
    serializer_class = MatterSerializer
    input_serializer_class = MatterInputSerializer
    filterset_class = MatterFilter
    ordering = ["stage", "code"]
    ordering_fields = ["code", "name", "stage", "promised_days"]
    service_object_name = "matter"
    save_service = staticmethod(services.matter_save)
    delete_service = staticmethod(services.matter_delete)

    def base_queryset(self, user):
        return selectors.matter_list(user=user)


class CaseViewSet(ScopedModelViewSet):
    """审批办件. Filters: `project` (code), `matter` (code), `stage`, `status`, `department`
    (unit id), `overdue` (true). Every row carries its clock."""

    model = ApprovalCase
    serializer_class = CaseSerializer
    input_serializer_class = CaseInputSerializer
    filterset_class = CaseFilter
    ordering = ["project__code", "matter__stage", "matter__code", "id"]
    ordering_fields = ["accepted_on", "completed_on", "updated_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    service_object_name = "case"
    create_service = staticmethod(services.case_create)
    update_service = staticmethod(services.case_update)
    delete_service = staticmethod(services.case_delete)

    def base_queryset(self, user):
        return selectors.case_list(user=user)

    def get_serializer_class(self):
        if self.action == "partial_update":
            return CaseUpdateSerializer
        return super().get_serializer_class()

    def list(self, request, *args, **kwargs):
        if not policy.may(request.user, "view", "approvalcase"):
            raise PermissionDenied()
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        rows = selectors.attach_clocks(page if page is not None else qs)
        data = self.serializer_class(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def output_data(self, instance):
        fresh = self.get_queryset().filter(pk=instance.pk).first()
        if fresh is None:  # written, but outside what the actor reads (cannot happen for handlers)
            raise DomainError(_("办件已保存。"))
        selectors.case_with_clock(fresh)
        return self.serializer_class(fresh, context=self.get_serializer_context()).data

    def _act(self, request, serializer_class, call):
        case = self.get_object()
        s = serializer_class(data=request.data)
        s.is_valid(raise_exception=True)
        call(case, s.validated_data)
        return Response(self.output_data(case))

    @extend_schema(request=AcceptSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """受理: `on` (date), optional `applied_on`."""
        return self._act(request, AcceptSerializer, lambda c, d: services.case_accept(
            actor=request.user, case=c, on=d["on"], applied_on=d.get("applied_on")))  # fmt: skip

    @extend_schema(request=PauseInputSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        """暂停计时: `kind` (correction/expert/hearing/testing/tender/other), `reason`, `on`."""
        return self._act(request, PauseInputSerializer, lambda c, d: services.case_pause(
            actor=request.user, case=c, kind=d["kind"], reason=d["reason"], on=d["on"]))  # fmt: skip

    @extend_schema(request=ResumeSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        """恢复计时: `on` (the pause covered up to the day before)."""
        return self._act(request, ResumeSerializer, lambda c, d: services.case_resume(
            actor=request.user, case=c, on=d["on"]))  # fmt: skip

    @extend_schema(request=CompleteSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """办结: `on`, `result` ("approved" / "refused"), `reason` (required when refused)."""
        return self._act(request, CompleteSerializer, lambda c, d: services.case_complete(
            actor=request.user, case=c, on=d["on"], result=d["result"], reason=d.get("reason", "")))  # fmt: skip


router = SimpleRouter()
router.register("approval-matters", MatterViewSet, basename="approval-matter")
router.register("approval-cases", CaseViewSet, basename="approval-case")
urlpatterns = router.urls
