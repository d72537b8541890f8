"""The one input sanitiser: a request carrying a NUL byte (U+0000) anywhere in its path,
query string, form fields or JSON body is refused with 400 before any view, serializer or
form sees it (PostgreSQL cannot store NUL in text, and no legitimate input contains one).
Uploaded files are not inspected (an .xlsx is binary); importers check their cells.
"""

from __future__ import annotations

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"


def contains_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, bytes):
        return b"\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(v) for v in value)
    return False


def refuse_nul(value, *, field: str | None = None) -> None:
    """For code paths outside a request (importers, CLI): raise DomainError on a NUL byte."""
    if contains_nul(value):
        from .exceptions import DomainError

        raise DomainError(nul_message(), code="nul_byte", field=field)


def nul_message() -> str:
    return _("输入中含有不允许的空字符（NUL），请删除后重试。")


def _request_has_nul(request) -> bool:
    if NUL in request.path or contains_nul(request.META.get("QUERY_STRING", "")):
        return True
    if any(contains_nul(k) or contains_nul(v) for k, vs in request.GET.lists() for v in [*vs, k]):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/form-data") or content_type.startswith(
        "application/x-www-form-urlencoded"
    ):
        return any(contains_nul(k) or contains_nul(v) for k, vs in request.POST.lists() for v in [*vs, k])
    if "json" in content_type:
        body = request.body
        if b"\x00" in body:
            return True
        if b"\\u0000" in body:
            try:
                return contains_nul(json.loads(body))
            except ValueError:
                return False
        return False
    return b"\x00" in request.body if content_type.startswith("text/") else False


class NulByteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _request_has_nul(request):
            message = nul_message()
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
