"""Accounts and production defaults: login lockout (django-axes), API throttling (429 with
Retry-After), password similarity, Secure cookies/HSTS/CSP, the admin site for superusers only,
and `check --deploy` clean with the production settings."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle


def _post_login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_a_username_is_locked_after_ten_failures_even_with_the_right_password(world, client):
    user = world.users["office_admin"]
    user.set_password("Zhumadian-2025!")
    user.save()
    for _ in range(10):
        response = _post_login(client, "office_admin", "wrong-password")
        assert response.status_code in (200, 429)
    locked = _post_login(client, "office_admin", "Zhumadian-2025!")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "已被锁定 15 分钟" in text and "即使密码正确" in text
    assert "_auth_user_id" not in client.session
    # the administrator lifts the lockout
    from axes.models import AccessAttempt
    from axes.utils import reset

    assert AccessAttempt.objects.filter(username="office_admin").exists()
    reset(username="office_admin")
    assert _post_login(client, "office_admin", "Zhumadian-2025!").status_code == 302


def test_nine_failures_then_success_resets_the_count(world, client):
    user = world.users["readonly"]
    user.set_password("Readonly-pass-77")
    user.save()
    for _ in range(9):
        _post_login(client, "readonly", "nope")
    assert _post_login(client, "readonly", "Readonly-pass-77").status_code == 302
    client.logout()
    for _ in range(9):
        _post_login(client, "readonly", "nope")
    assert _post_login(client, "readonly", "Readonly-pass-77").status_code == 302


def test_api_answers_429_with_retry_after(world, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "2/minute"})
    api = APIClient()
    api.force_authenticate(world.users["province_admin"])
    codes = [api.get("/api/regions/").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    last = api.get("/api/regions/")
    assert last.status_code == 429 and int(last["Retry-After"]) > 0


def test_password_similar_to_the_username_is_refused(world):
    user = world.users["office_admin"]
    user.first_name = "zhangwei"
    with pytest.raises(ValidationError):
        validate_password("office_admin1", user)
    validate_password("Kx7-tiaozheng-2025", user)


def test_pages_carry_a_content_security_policy_with_a_nonce(world, client):
    client.force_login(world.users["province_admin"])
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_admin_site_is_for_superusers_only(world, client):
    staff = world.users["province_admin"]
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302  # to the admin login: not allowed in
    staff.is_superuser = True
    staff.save()
    assert client.get("/admin/").status_code == 200


def test_production_settings_are_secure_and_check_deploy_is_clean(tmp_path):
    """SECURE=1: Secure cookies, HSTS one year with subdomains, https redirect; `check --deploy`
    (which also builds the OpenAPI schema: no drf-spectacular warning) reports nothing."""
    code = (
        "import django; django.setup();"
        "from django.conf import settings as s; from django.core.management import call_command;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT);"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECURE", "BEHIND_PROXY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        SECURE="1",
        SECRET_KEY="k3y-" + "x7Qp9" * 12,
        ALLOWED_HOSTS="cz.example.gov.cn",
        CLUSTERZONE_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="clusterzone.settings",
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["True", "True", "31536000", "True", "True"]
    assert "no issues" in result.stdout


def test_api_tokens_expire_and_die_with_a_password_change_or_deactivation(world, settings):
    from datetime import timedelta

    from django.utils import timezone
    from knox.models import AuthToken

    from clusterzone.accounts.tokens import create_token

    user = world.users["office_admin"]
    token, key = create_token(user)
    assert key not in (token.digest, token.token_key) and len(token.digest) == 128  # only a digest
    assert timedelta(days=89) < token.expiry - timezone.now() <= timedelta(days=90)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/regions/").status_code == 200
    AuthToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    expired = api.get("/api/regions/")
    assert expired.status_code == 401 and "已过期" in expired.json()["detail"]
    assert not AuthToken.objects.filter(user=user).exists()

    token, key = create_token(user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/regions/").status_code == 200
    user.set_password("Another-pass-2026")
    user.save()
    assert api.get("/api/regions/").status_code == 401
    token, key = create_token(user)
    user.full_name = "改名"
    user.save()  # other changes keep the token
    assert AuthToken.objects.filter(pk=token.pk).exists()
    user.is_active = False
    user.save()
    assert not AuthToken.objects.filter(user=user).exists()


def test_a_user_lists_and_revokes_own_api_tokens_by_api_and_page(world, client):
    from knox.models import AuthToken

    user, other = world.users["office_admin"], world.users["cluster_reporter"]
    api = APIClient()
    api.force_authenticate(user)
    created = api.post("/api/tokens/")
    assert created.status_code == 201
    key = created.json()["token"]
    listed = api.get("/api/tokens/").json()
    assert [t["token_key"] for t in listed] == [key[:15]] and "token" not in listed[0]
    api.force_authenticate(None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/regions/").status_code == 200
    # another user cannot revoke it
    other_api = APIClient()
    other_api.force_authenticate(other)
    assert other_api.delete(f"/api/tokens/{key[:15]}/").status_code == 404
    assert other_api.get("/api/tokens/").json() == []
    assert api.delete(f"/api/tokens/{key[:15]}/").status_code == 204
    assert api.get("/api/regions/").status_code == 401

    client.force_login(user)
    page = client.post("/tokens/")
    assert page.status_code == 200
    stored = AuthToken.objects.get(user=user)
    shown = page.context["new_key"]
    assert shown.startswith(stored.token_key) and shown.encode() in page.content
    again = client.get("/tokens/")
    assert shown.encode() not in again.content and stored.token_key.encode() in again.content
    client.post("/tokens/", {"revoke": stored.token_key})
    assert not AuthToken.objects.filter(user=user).exists()


def test_plaintext_tokens_are_migrated_to_digests(world):
    import importlib
    from datetime import timedelta
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection
    from django.utils import timezone
    from knox.models import AuthToken

    migration = importlib.import_module("clusterzone.accounts.migrations.0003_hashed_api_tokens")
    user = world.users["office_admin"]
    key = "a1b2c3d4e5" * 4
    kind = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created {kind}, user_id integer)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [key, timezone.now() - timedelta(days=10), user.pk],
        )
    try:
        migration.hash_plaintext_tokens(apps, SimpleNamespace(connection=connection))
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM authtoken_token")
            assert cursor.fetchone()[0] == 0  # no plaintext left
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE authtoken_token")
    token = AuthToken.objects.get(user=user)
    assert key not in token.digest and timedelta(days=79) < token.expiry - timezone.now() < timedelta(days=81)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/regions/").status_code == 200  # the client keeps working until expiry
