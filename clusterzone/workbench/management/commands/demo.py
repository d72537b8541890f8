"""`clusterzone demo`: load reference data and the demo data set, print the logins."""

from django.core.management.base import BaseCommand, CommandError

from clusterzone.core.exceptions import DomainError
from clusterzone.registry.demo import format_logins, load_cycle_logins, load_demo

CYCLE = """月度报送流程演示（当前报送期：%(period)s）：
  1. 集聚区填报：lushan_reporter（鲁山，本期报表已被退回，按原因修改后重报）；
     其他集聚区用 reporter_<集聚区代码>（如 reporter_41048101 舞钢，已上报；reporter_41142401 柘城，草稿）。
  2. 县联席办审核：office_<县区代码>（如 office_410423 鲁山县联席办）——工作台看本期报送、催报、待审核，审核通过或退回。
  3. 市联席办：zmd_staff（驻马店市的集聚区）——待审核、催报、“时间过半任务过半”滞后名单。
  4. 省联席办：province_admin——进度、考核排名发布、印发通报。
  5. 分包领导：lushan_leader（逾期项目节点、本月投资）；部门联络员：zmd_fgw；只读：viewer。"""


class Command(BaseCommand):
    help = "载入内置参考数据（行政区划、国民经济行业、主导产业类别）和演示数据，并列出演示账号。可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="按此日期（YYYY-MM-DD）生成至今的演示数据，默认今天；之后再次运行会顺延，不重复。",
        )
        parser.add_argument(
            "--allow-demo-passwords",
            action="store_true",
            help="DEBUG 关闭（生产环境）时仍创建使用统一演示密码的账号；否则只为系统管理员生成随机密码",
        )

    def handle(self, *args, allow_demo_passwords=False, **options):
        from datetime import date

        from django.conf import settings
        from django.utils import timezone

        from clusterzone.approvals.demo import load_approvals_demo
        from clusterzone.assessment.demo import load_assessment_demo
        from clusterzone.finance.demo import load_finance_demo
        from clusterzone.investment.demo import load_investment_demo
        from clusterzone.projects.demo import load_projects_demo
        from clusterzone.reporting.demo import load_reporting_demo
        from clusterzone.reporting.demo_live import load_live_demo
        from clusterzone.supervision.demo import load_meetings_demo, load_worktasks_demo

        try:
            shared = bool(settings.DEBUG or allow_demo_passwords)
            logins = load_demo(stdout=self.stdout, shared_passwords=shared)
            logins += load_cycle_logins(shared_passwords=shared)
            load_reporting_demo(stdout=self.stdout)
            load_projects_demo(stdout=self.stdout)
            load_investment_demo(stdout=self.stdout)
            load_assessment_demo(stdout=self.stdout)
            load_approvals_demo(stdout=self.stdout)
            load_finance_demo(stdout=self.stdout)
            load_worktasks_demo(stdout=self.stdout)
            load_meetings_demo(stdout=self.stdout)
            from clusterzone.evaluation.demo import load_evaluation_demo

            load_evaluation_demo(stdout=self.stdout)
            from clusterzone.land.demo import load_land_demo

            load_land_demo(stdout=self.stdout)
            today = date.fromisoformat(options["today"]) if options.get("today") else timezone.localdate()
            load_live_demo(today=today, stdout=self.stdout)
            from clusterzone.registry.demo_contacts import load_contacts_demo
            from clusterzone.reporting.demo_items import load_items_demo

            load_items_demo(today=today, stdout=self.stdout)
            load_contacts_demo(today=today, stdout=self.stdout)
            from clusterzone.supervision.demo import load_problems_demo

            load_problems_demo(today=today, stdout=self.stdout)
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
        from clusterzone.reporting.demo_live import reporting_now

        self.stdout.write("")
        self.stdout.write(CYCLE % {"period": reporting_now(today).label})
