"""API machinery shared by every app: pagination, the DomainError mapping, and the scoped
model viewset whose querysets come from the policy and whose writes go through services.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from clusterzone.accounts import policy

from .exceptions import DomainError, NotFound, PermissionDenied
from .history import history_entries
from .services import instance_delete, instance_save
from .versioning import (
    StaleVersion,
    changes_since,
    etag_for,
    etag_version,
    lock_row,
    parse_if_match,
    representation_etag,
    version_field,
    version_of,
)


def exception_handler(exc, context):
    if isinstance(exc, StaleVersion):
        return Response(exc.as_dict(), status=status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, NotFound):
        exc = Http404()
    elif isinstance(exc, PermissionDenied):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    elif isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, DjangoValidationError):
        exc = DomainError.from_validation_error(exc)
        return Response(exc.as_dict(), status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


# --- relations in input serializers, resolved inside the user's scope -----------------------


def _scoped(field, queryset: QuerySet) -> QuerySet:
    request = field.context.get("request") if hasattr(field, "context") else None
    user = getattr(request, "user", None)
    return policy.scope(user, queryset)


@extend_schema_field(OpenApiTypes.STR)
class ScopedSlugRelatedField(serializers.SlugRelatedField):
    """A relation given by a code (`slug_field`), looked up only among the rows the user may
    see: a code outside the scope reads as unknown (its existence is not revealed)."""

    default_error_messages = {
        "does_not_exist": _("未找到代码为“{value}”的记录，或该记录不在您的权限范围内。"),
        "invalid": _("代码无效。"),
    }

    def get_queryset(self):
        return _scoped(self, super().get_queryset())


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("未找到编号为“{pk_value}”的记录，或该记录不在您的权限范围内。"),
        "incorrect_type": _("编号应为整数。"),
    }

    def get_queryset(self):
        return _scoped(self, super().get_queryset())


class InputSerializer(serializers.ModelSerializer):
    """Base of write serializers: validates a request into the `data` dict a service takes.
    `reason` (optional) is written into the change history."""

    reason = serializers.CharField(
        label=_("修改原因"), write_only=True, required=False, allow_blank=True, max_length=500
    )

    def create(self, validated_data):  # pragma: no cover - writes go through services
        raise NotImplementedError("writes go through services, not serializer.save()")

    def update(self, instance, validated_data):  # pragma: no cover
        raise NotImplementedError("writes go through services, not serializer.save()")


# --- history -----------------------------------------------------------------------------


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    """Documents `HistoryEntry.as_dict()` (the API returns those dicts as they are)."""

    when = serializers.DateTimeField()
    user = serializers.CharField()
    user_id = serializers.IntegerField(allow_null=True)
    action = serializers.ChoiceField(choices=[("+", "创建"), ("~", "修改"), ("-", "删除")])
    action_label = serializers.CharField()
    reason = serializers.CharField()
    changes = FieldChangeSerializer(many=True)
    object = serializers.CharField(help_text="related row the entry concerns, e.g. 园区：北区")


# --- the scoped viewset ------------------------------------------------------------------


class StaleVersionChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class PreconditionFailedSerializer(serializers.Serializer):
    """412 Precondition Failed: If-Match named an older version than the stored one."""

    detail = serializers.CharField()
    code = serializers.CharField()
    expected_version = serializers.IntegerField(allow_null=True)
    current_version = serializers.IntegerField(allow_null=True)
    changes = StaleVersionChangeSerializer(many=True)


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "ETag of the version the change is based on (from GET). When the object has changed "
        "since, the request is refused with 412 Precondition Failed. Without it the write is "
        "accepted (last write wins)."
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description="Version of the object (send it back in If-Match to refuse a lost update).",
)

VERSIONED_WRITES = ("update", "partial_update", "destroy")


class ScopedAutoSchema(AutoSchema):
    """Write actions take the input serializer and answer with the output serializer;
    detail reads answer an ETag and writes take If-Match (412 when stale)."""

    def get_override_parameters(self):
        params = list(super().get_override_parameters())
        action_name = getattr(self.view, "action", None)
        if action_name in VERSIONED_WRITES:
            params.append(IF_MATCH)
        if action_name in ("retrieve", "update", "partial_update"):
            params.append(ETAG)
        return params

    def get_response_serializers(self):
        view = self.view
        action_name = getattr(view, "action", None)
        if action_name in ("update", "partial_update"):
            out = view.serializer_class if getattr(view, "input_serializer_class", None) else None
            out = out or super().get_response_serializers()
            return {200: out, 412: PreconditionFailedSerializer}
        if action_name == "destroy":
            return {204: None, 412: PreconditionFailedSerializer}
        if action_name == "create" and getattr(view, "input_serializer_class", None):
            return view.serializer_class
        return super().get_response_serializers()


class ScopedModelViewSet(viewsets.ModelViewSet):
    """A model's REST endpoints, with every permission question put to `accounts.policy`.

    - The queryset is `policy.scope(user, model)` passed through `optimize_queryset` (add
      select_related/prefetch_related/annotations there, so the list's query count is fixed);
      objects outside the scope are simply absent: 404.
    - Reads use `serializer_class` (output); writes validate with `input_serializer_class`
      and hand `validated_data` to a service, then answer with the output serializer.
    - Services, declared on the subclass (any of them may be omitted; the fallback is
      `core.services.instance_save` / `instance_delete`):
        create_service(*, actor, data, reason)               e.g. registry.services.cluster_create
        update_service(*, actor, <object_name>=obj, data, reason)
        save_service(*, actor, <object_name>=obj, data, reason)   create and update in one
        delete_service(*, actor, <object_name>=obj)
      `service_object_name` is the keyword the services take the instance by ("cluster").
    - `GET …/{id}/history/` lists the object's change history.
    - No lost update: detail responses carry an ETag (the row version, see core.versioning);
      PUT/PATCH/DELETE with If-Match lock the row and answer 412 when it moved on. Without
      If-Match the write is accepted (last write wins).
    """

    model: type[Model]
    input_serializer_class: type[serializers.Serializer] | None = None
    service_object_name: str | None = None
    create_service = None
    update_service = None
    save_service = None
    delete_service = None

    schema = ScopedAutoSchema()
    # ids are integers: anything else is simply not found (404), never a 500
    lookup_value_regex = r"[0-9]+"

    # -- reading --

    def base_queryset(self, user) -> QuerySet:
        """The rows the user may see; override to start from an app selector."""
        return policy.scope(user, self.model)

    def optimize_queryset(self, qs: QuerySet) -> QuerySet:
        return qs

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model._default_manager.none()
        user = self.request.user
        if self.action == "history":
            return policy.scope(user, self.model)
        return self.optimize_queryset(self.base_queryset(user))

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update") and self.input_serializer_class:
            return self.input_serializer_class
        return self.serializer_class

    def output_data(self, instance: Model) -> dict:
        """The output representation of a just-written object, re-read from the scope so that
        annotations and related rows are those of the list."""
        fresh = self.get_queryset().filter(pk=instance.pk).first() or instance
        self._etag_object = fresh
        return self.serializer_class(fresh, context=self.get_serializer_context()).data

    # -- services --

    def _service(self, name: str):
        # read from the class so a plain function (not wrapped in staticmethod) is not bound
        return getattr(type(self), name, None)

    def _object_kwargs(self, instance: Model) -> dict:
        return {self.service_object_name or self.model._meta.model_name: instance}

    @staticmethod
    def _split_reason(validated_data: dict) -> tuple[dict, str | None]:
        data = dict(validated_data)
        reason = data.pop("reason", None) or None
        return data, reason

    def perform_create(self, serializer) -> Model:
        data, reason = self._split_reason(serializer.validated_data)
        actor = self.request.user
        if service := self._service("create_service"):
            return service(actor=actor, data=data, reason=reason)
        if service := self._service("save_service"):
            return service(actor=actor, **self._object_kwargs(self.model()), data=data, reason=reason)
        return instance_save(self.model(), actor=actor, data=data, reason=reason)

    def perform_update(self, serializer) -> Model:
        data, reason = self._split_reason(serializer.validated_data)
        actor, instance = self.request.user, serializer.instance
        service = self._service("update_service") or self._service("save_service")
        if service:
            return service(actor=actor, **self._object_kwargs(instance), data=data, reason=reason)
        return instance_save(instance, actor=actor, data=data, reason=reason)

    def perform_destroy(self, instance) -> None:
        actor = self.request.user
        if service := self._service("delete_service"):
            service(actor=actor, **self._object_kwargs(instance))
        else:
            instance_delete(instance, actor=actor)

    # -- actions --

    def list(self, request, *args, **kwargs):
        # a role that may view no object of this kind at all is told so (403), rather
        # than shown an empty list
        if not policy.may(request.user, "view", policy.kind_of(self.model)):
            raise PermissionDenied()
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        # answer 403 before validating when the user may add no object of this kind at all;
        # the service still checks the object's place (region, cluster)
        if not policy.may(request.user, "add", policy.kind_of(self.model)):
            raise PermissionDenied()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_create(serializer)
        return Response(self.output_data(instance), status=status.HTTP_201_CREATED)

    # -- versions (ETag / If-Match) --

    def get_object(self):
        obj = super().get_object()
        self._etag_object = obj
        return obj

    def check_if_match(self, instance: Model) -> Model:
        """Inside a transaction: lock the row, and refuse (412) when If-Match names another
        version. Returns the object re-read under the lock."""
        tags = parse_if_match(self.request.headers.get("If-Match"))
        if tags is None:
            return instance
        lock_row(instance)
        fresh = self.get_object()
        if "*" in tags:
            return fresh
        if version_field(fresh):
            current = version_of(fresh)
            if any(etag_version(t) == current for t in tags):
                return fresh
            expected = next((etag_version(t) for t in tags if etag_version(t) is not None), None)
            changes, who, when = changes_since(fresh, expected) if expected is not None else ([], "", None)
            raise StaleVersion(fresh, expected=expected, current=current, changes=changes, who=who, when=when)
        current_tag = representation_etag(
            self.serializer_class(fresh, context=self.get_serializer_context()).data
        )
        if current_tag in tags:
            return fresh
        raise StaleVersion(fresh, expected=None, current=None, changes=[])

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        obj = getattr(self, "_etag_object", None)
        if (
            obj is not None
            and getattr(self, "action", None) in ("retrieve", "update", "partial_update")
            and response.status_code == 200
            and isinstance(getattr(response, "data", None), dict)
        ):
            response["ETag"] = etag_for(obj, response.data)
        return response

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.check_if_match(self.get_object())
            if not policy.can(request.user, "change", instance):
                raise PermissionDenied()
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            instance = self.perform_update(serializer)
        self._etag_object = instance
        return Response(self.output_data(instance))

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.check_if_match(self.get_object())
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=HistoryEntrySerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, *args, **kwargs):
        """Change history of the object, newest first: who, when, which fields, before, after."""
        obj = self.get_object()
        return Response([entry.as_dict() for entry in history_entries(obj)])
