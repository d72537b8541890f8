"""“我的 API 令牌” page: the signed-in user's tokens (prefix, created, expiry), a button that
creates one and shows its key once, and one that revokes a token."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .tokens import create_token, revoke_token, token_ttl, tokens_of


@login_required
@require_http_methods(["GET", "POST"])
def my_tokens(request):
    new_key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            if revoke_token(request.user, request.POST["revoke"]):
                messages.success(request, _("令牌已作废。"))
            else:
                messages.error(request, _("没有这个令牌。"))
            return redirect("accounts:my_tokens")
        _token, new_key = create_token(request.user)
    return render(
        request,
        "accounts/my_tokens.html",
        {
            "title": _("我的 API 令牌"),
            "tokens": tokens_of(request.user),
            "new_key": new_key,
            "ttl_days": token_ttl().days,
        },
    )
