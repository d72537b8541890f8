"""`clusterzone create-token USERNAME`: print the user's API token (created if absent).

Use it as `Authorization: Token <key>`. `--reset` replaces an existing token.
"""

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from clusterzone.accounts.models import User


class Command(BaseCommand):
    help = "打印用户的 API 令牌（没有则创建）。用法：clusterzone create-token 用户名"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--reset", action="store_true", help="作废旧令牌并生成新令牌")

    def handle(self, *args, username, reset=False, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用，不能生成令牌。")
        if reset:
            Token.objects.filter(user=user).delete()
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
