"""Catch-up benchmarks (赶超目标): a cluster names, for a year, the cluster it means to catch
("确定全省排位第45名的桐柏县产业集聚区为我县赶超目标", seed 003)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterzone.core.models import TrackedModel
from clusterzone.registry.models import Cluster

__all__ = ["Benchmark"]


class Benchmark(TrackedModel):
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("集聚区"), on_delete=models.CASCADE, related_name="catchup_benchmarks"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    target = models.ForeignKey(
        Cluster, verbose_name=_("赶超目标"), on_delete=models.PROTECT, related_name="+"
    )
    target_rank = models.PositiveIntegerField(
        _("目标全省排位"), null=True, blank=True, help_text=_("选定时赶超目标在全省的排位，如第45名。")
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        app_label = "assessment"
        verbose_name = _("赶超目标")
        verbose_name_plural = _("赶超目标")
        ordering = ["-year", "cluster__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="benchmark_one_per_year",
                violation_error_message=_("该集聚区本年度已确定赶超目标。"),
            ),
        ]

    def __str__(self):
        return _("%(cluster)s %(year)s年赶超目标：%(target)s") % {
            "cluster": self.cluster.name,
            "year": self.year,
            "target": self.target.name,
        }

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.cluster_id and self.target_id and self.cluster_id == self.target_id:
            raise ValidationError({"target": _("赶超目标不能是本集聚区。")})
