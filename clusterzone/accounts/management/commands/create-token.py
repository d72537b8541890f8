"""`clusterzone create-token USERNAME`: create a new API token for the user and print it once.

Use it as `Authorization: Token <key>`. Only a digest is stored: the key cannot be shown again.
The token expires after API_TOKEN_TTL_DAYS; `--reset` first revokes the user's other tokens.
"""

from django.core.management.base import BaseCommand, CommandError

from clusterzone.accounts.models import User
from clusterzone.accounts.tokens import create_token


class Command(BaseCommand):
    help = "为用户生成新的 API 令牌并只显示一次。用法：clusterzone create-token 用户名"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--reset", action="store_true", help="先作废该用户的其他令牌")

    def handle(self, *args, username, reset=False, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用，不能生成令牌。")
        if reset:
            user.auth_token_set.all().delete()
        _token, key = create_token(user)
        self.stdout.write(key)
