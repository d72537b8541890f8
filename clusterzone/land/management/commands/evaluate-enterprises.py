"""clusterzone evaluate-enterprises --cluster CODE | --region CODE --year Y [--scheme ID] [--json]
[--save] [--user NAME]

The per-亩 evaluation (亩均效益评价) by the one assessment engine; without --scheme the shipped
default scheme (30/20/20/15/15). --json prints one object per enterprise: credit_code, score,
rank (null for T), class ("A"/"B"/"C"/"D"/"T"), points per metric code."""

import json

from django.core.management.base import BaseCommand, CommandError

from clusterzone.accounts.models import Region
from clusterzone.assessment.management.commands.assess import _actor
from clusterzone.assessment.models import Scheme
from clusterzone.core.exceptions import DomainError
from clusterzone.land import evaluation, services
from clusterzone.registry.models import Cluster


class Command(BaseCommand):
    help = "企业亩均效益评价：按方案计算得分、名次与A/B/C/D类（不参评为T）；--save 保存为评价结果（草稿）。"

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--cluster", help="集聚区代码")
        where.add_argument("--region", help="行政区划代码")
        parser.add_argument("--year", type=int, required=True, help="评价年度")
        parser.add_argument("--scheme", type=int, help="平台中的方案编号（默认取内置方案）")
        parser.add_argument("--json", action="store_true", help="输出 JSON 数组")
        parser.add_argument("--save", action="store_true", help="保存为评价结果（草稿）")
        parser.add_argument("--user", help="以该用户身份操作（默认系统）")

    def handle(
        self, *args, cluster=None, region=None, year=None, scheme=None, save=False, user=None, **options
    ):
        actor = _actor(user)
        cluster_obj = region_obj = scheme_obj = None
        if cluster:
            cluster_obj = Cluster.objects.select_related("region").filter(code=cluster).first()
            if cluster_obj is None:
                raise CommandError(f"没有代码为“{cluster}”的集聚区。")
        else:
            region_obj = Region.objects.filter(code=region).first()
            if region_obj is None:
                raise CommandError(f"没有代码为“{region}”的行政区划。")
        if scheme is not None:
            scheme_obj = Scheme.objects.select_related("region").filter(pk=scheme).first()
            if scheme_obj is None:
                raise CommandError(f"方案 {scheme} 不存在。")
        try:
            run = services.evaluation_run(
                actor=actor, year=year, scheme=scheme_obj, region=region_obj, cluster=cluster_obj, save=save
            )
        except DomainError as exc:
            raise CommandError(exc.message)
        rows = run.rows
        if options["json"]:
            self.stdout.write(
                json.dumps([evaluation.row_json(r) for r in rows], ensure_ascii=False, indent=2)
            )
            return
        for r in rows:
            score = "-" if r.excluded else f"{r.score:.2f}"
            self.stdout.write(f"{r.rank or '-'}\t{r.klass or '-'}\t{score}\t{r.cluster}\t{r.name}")
        if save:
            self.stdout.write(f"已保存评价结果 #{run.pk}（草稿）。")
