"""API tokens expire and die with the password: a token older than API_TOKEN_TTL_DAYS (default
90) is refused (401, Chinese message) and deleted; changing a user's password or deactivating
the user deletes their tokens."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


def token_ttl() -> timedelta:
    return timedelta(days=int(getattr(settings, "API_TOKEN_TTL_DAYS", 90)))


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token.created + token_ttl() < timezone.now():
            token.delete()
            raise AuthenticationFailed(_("API 令牌已过期，请重新生成（clusterzone create-token）。"))
        return user, token


def revoke_tokens_on_credential_change(sender, instance, raw=False, **kwargs):
    """pre_save of the user: a new password or a deactivation deletes the user's tokens."""
    if raw or instance.pk is None:
        return
    from rest_framework.authtoken.models import Token

    old = sender._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if old is None:
        return
    if old["password"] != instance.password or (old["is_active"] and not instance.is_active):
        Token.objects.filter(user_id=instance.pk).delete()
