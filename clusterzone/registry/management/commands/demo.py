"""`clusterzone demo`: load reference data and the demo data set, print the logins."""

from django.core.management.base import BaseCommand, CommandError

from clusterzone.core.exceptions import DomainError
from clusterzone.registry.demo import format_logins, load_demo


class Command(BaseCommand):
    help = "载入内置参考数据（行政区划、国民经济行业、主导产业类别）和演示数据，并列出演示账号。可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-demo-passwords",
            action="store_true",
            help="DEBUG 关闭（生产环境）时仍创建使用统一演示密码的账号；否则只为系统管理员生成随机密码",
        )

    def handle(self, *args, allow_demo_passwords=False, **options):
        from django.conf import settings

        from clusterzone.approvals.demo import load_approvals_demo
        from clusterzone.assessment.demo import load_assessment_demo
        from clusterzone.investment.demo import load_investment_demo
        from clusterzone.projects.demo import load_projects_demo
        from clusterzone.reporting.demo import load_reporting_demo

        try:
            shared = bool(settings.DEBUG or allow_demo_passwords)
            logins = load_demo(stdout=self.stdout, shared_passwords=shared)
            load_reporting_demo(stdout=self.stdout)
            load_projects_demo(stdout=self.stdout)
            load_investment_demo(stdout=self.stdout)
            load_assessment_demo(stdout=self.stdout)
            load_approvals_demo(stdout=self.stdout)
        except DomainError as exc:
            raise CommandError(str(exc))
        self.stdout.write("")
        if shared:
            self.stdout.write("演示账号（所有账号密码相同；已存在的账号不会重置密码）：")
        else:
            self.stdout.write(
                "演示账号（DEBUG 关闭：未使用统一演示密码；新建的系统管理员密码为随机生成，仅显示这一次；"
                "其他账号请由管理员设置密码，或使用 --allow-demo-passwords）："
            )
        self.stdout.write(format_logins(logins))
