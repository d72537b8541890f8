"""API tokens (django-rest-knox): stored as a SHA-512 digest, the key shown only once at creation,
expiring after API_TOKEN_TTL_DAYS (default 90); changing a user's password or deactivating the
user deletes their tokens. A user lists and revokes their own tokens (page /tokens/, API
/api/tokens/)."""

from __future__ import annotations

import binascii
from datetime import timedelta
from hmac import compare_digest

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework.exceptions import AuthenticationFailed


def token_ttl() -> timedelta:
    return timedelta(days=int(getattr(settings, "API_TOKEN_TTL_DAYS", 90)))


def create_token(user) -> tuple[AuthToken, str]:
    """A new token for the user: (stored row, the key to show once)."""
    return AuthToken.objects.create(user=user, expiry=token_ttl())


def tokens_of(user):
    """The user's live tokens, newest first."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


def revoke_token(user, token_key: str) -> int:
    """Delete the user's token(s) with this visible prefix; returns how many."""
    deleted, _detail = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, token):
        try:
            key = token.decode("utf-8")
            digest = hash_token(key)
        except (UnicodeDecodeError, TypeError, binascii.Error):
            raise AuthenticationFailed(_("API 令牌无效。"))
        for stale in AuthToken.objects.filter(
            token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH], expiry__lt=timezone.now()
        ):
            if compare_digest(digest, stale.digest):
                stale.delete()
                raise AuthenticationFailed(_("API 令牌已过期，请重新生成（“我的 API 令牌”页面）。"))
        try:
            return super().authenticate_credentials(token)
        except AuthenticationFailed:
            raise AuthenticationFailed(_("API 令牌无效或已作废。"))


def revoke_tokens_on_credential_change(sender, instance, raw=False, **kwargs):
    """pre_save of the user: a new password or a deactivation deletes the user's tokens."""
    if raw or instance.pk is None:
        return
    old = sender._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if old is None:
        return
    if old["password"] != instance.password or (old["is_active"] and not instance.is_active):
        AuthToken.objects.filter(user_id=instance.pk).delete()


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme of the API tokens: `Authorization: Token <key>`."""

    target_class = "clusterzone.accounts.tokens.ExpiringTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'API 令牌，请求头格式 "Token <令牌>"',
        }
