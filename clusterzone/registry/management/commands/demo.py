"""`clusterzone demo`: load reference data and the demo data set, print the logins."""

from django.core.management.base import BaseCommand, CommandError

from clusterzone.core.exceptions import DomainError
from clusterzone.registry.demo import format_logins, load_demo


class Command(BaseCommand):
    help = "载入内置参考数据（行政区划、国民经济行业、主导产业类别）和演示数据，并列出演示账号。可重复执行。"

    def handle(self, *args, **options):
        from clusterzone.approvals.demo import load_approvals_demo
        from clusterzone.assessment.demo import load_assessment_demo
        from clusterzone.finance.demo import load_finance_demo
        from clusterzone.investment.demo import load_investment_demo
        from clusterzone.projects.demo import load_projects_demo
        from clusterzone.reporting.demo import load_reporting_demo

        try:
            logins = load_demo(stdout=self.stdout)
            load_reporting_demo(stdout=self.stdout)
            load_projects_demo(stdout=self.stdout)
            load_investment_demo(stdout=self.stdout)
            load_assessment_demo(stdout=self.stdout)
            load_approvals_demo(stdout=self.stdout)
            load_finance_demo(stdout=self.stdout)
        except DomainError as exc:
            raise CommandError(str(exc))
        self.stdout.write("")
        self.stdout.write("演示账号（所有账号密码相同；已存在的账号不会重置密码）：")
        self.stdout.write(format_logins(logins))
