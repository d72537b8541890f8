"""`clusterzone load_reference`: load the shipped reference data (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from clusterzone.core.exceptions import DomainError
from clusterzone.registry.reference import load_reference


class Command(BaseCommand):
    help = "载入内置参考数据：河南省行政区划、国民经济行业分类（GB/T 4754-2017）、主导产业类别、统计指标目录与报表。可重复执行。"

    def handle(self, *args, **options):
        from clusterzone.reporting.catalog import load_reporting_catalog

        try:
            result = load_reference()
            catalog = load_reporting_catalog()
        except DomainError as exc:
            raise CommandError(str(exc))
        labels = {"regions": "行政区划", "industries": "国民经济行业", "categories": "主导产业类别"}
        for key, counts in result.items():
            self.stdout.write(
                f"{labels[key]}：新增 {counts['created']}，更新 {counts['updated']}，未变 {counts['unchanged']}"
            )
        for key, label in (("indicators", "统计指标"), ("datasets", "报表"), ("rules", "校验规则")):
            counts = catalog[key]
            self.stdout.write(
                f"{label}：新增 {counts['created']}，更新 {counts['updated']}，未变 {counts['unchanged']}"
            )
