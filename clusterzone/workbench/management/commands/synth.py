"""clusterzone synth --clusters N --years Y --seed S [--end 2025-12]"""

from django.core.management.base import BaseCommand, CommandError

from clusterzone.core.exceptions import DomainError
from clusterzone.core.periods import PeriodError
from clusterzone.workbench.synth import DEFAULT_END, build_province


class Command(BaseCommand):
    help = (
        "生成确定性的合成省份数据（同一种子结果相同）：行政区划、合成集聚区（代码 S0001 起）、企业、"
        "月度统计报表（已审核）及指标值（流量为1–N月累计，含季节性和年增长）、年度目标。"
        "重复执行会先删除上次生成的合成数据。为提高速度批量写入，合成数据不记录变更历史。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--clusters", type=int, default=180, help="集聚区个数（默认180）")
        parser.add_argument("--years", type=int, default=10, help="年数（默认10）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（默认1）")
        parser.add_argument("--end", default=DEFAULT_END, help=f"最后一个月份（默认 {DEFAULT_END}）")

    def handle(self, *args, clusters, years, seed, end, **options):
        if clusters < 1 or years < 1:
            raise CommandError("集聚区个数和年数必须为正整数。")
        try:
            build_province(clusters=clusters, years=years, seed=seed, end=end, stdout=self.stdout)
        except (DomainError, PeriodError) as exc:
            raise CommandError(str(exc))
