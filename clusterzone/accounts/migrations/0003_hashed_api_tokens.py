"""Plaintext API tokens (rest_framework.authtoken) move to hashed knox tokens: each old key is
stored only as its SHA-512 digest (so clients keep working until it expires, 90 days after it was
created) and the plaintext row is deleted."""

from datetime import timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def hash_plaintext_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    AuthToken = apps.get_model("knox", "AuthToken")
    ttl = timedelta(days=int(getattr(settings, "API_TOKEN_TTL_DAYS", 90)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id, created FROM authtoken_token")
        rows = cursor.fetchall()
    for key, user_id, created in rows:
        if isinstance(created, str):
            created = parse_datetime(created)
        if created is None:
            created = timezone.now()
        if timezone.is_naive(created):
            created = timezone.make_aware(created, dt_timezone.utc)
        token = AuthToken(
            digest=hash_token(key),
            token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH],
            user_id=user_id,
            expiry=created + ttl,
        )
        token.save()
        AuthToken.objects.filter(pk=token.pk).update(created=created)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_lock_version"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(hash_plaintext_tokens, migrations.RunPython.noop)]
