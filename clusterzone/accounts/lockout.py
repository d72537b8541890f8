"""The answer to a locked-out login (django-axes): a Chinese message, 429, never a 500."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message() -> str:
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return _(
        "登录失败次数过多，该账号或地址已被锁定 %(m)d 分钟；锁定期间即使密码正确也无法登录。如需提前解锁，请联系系统管理员。"
    ) % {"m": minutes}


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    message = lockout_message()
    if request.path.startswith("/api/") or request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    return render(
        request,
        "registration/login.html",
        {"locked_out": True, "lockout_message": message, "form": None},
        status=429,
    )
