"""Error pages in Chinese inside the layout, with a way back: 400, 403, 404 and 500 are
Django's own handlers rendering templates/<code>.html; the CSRF failure (settings
CSRF_FAILURE_VIEW) renders templates/403_csrf.html with the request, so the layout knows the
user."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def csrf_failure(request, reason=""):
    return render(
        request,
        "403_csrf.html",
        {"title": _("页面已过期，请重新提交"), "reason": reason},
        status=403,
    )
