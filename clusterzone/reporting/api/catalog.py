"""REST endpoints of the reporting catalog: /api/indicators/ (looked up by code, e.g.
/api/indicators/revenue/) and /api/datasets/ (by code). Read by everyone signed in; written by
province administrators only (accounts.policy, kinds "indicator" and "dataset"), through
reporting.catalog's services."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from clusterzone.accounts.models import Region
from clusterzone.core.api import InputSerializer, ScopedModelViewSet
from clusterzone.registry.models import Cluster

from .. import catalog as services
from ..models import DataSet, DataSetIndicator, Indicator
from ..views.catalog import DataSetFilter, IndicatorFilter, dataset_list, indicator_list


class IndicatorSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_derived = serializers.BooleanField(read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id", "code", "name", "unit", "kind", "kind_label", "decimals", "category", "formula",
            "is_derived", "non_negative", "yoy_warning_pct", "order", "is_active", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class IndicatorInputSerializer(InputSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code", "name", "unit", "kind", "decimals", "category", "formula", "non_negative",
            "yoy_warning_pct", "order", "is_active", "reason",
        ]  # fmt: skip

    def validate_code(self, value):
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError(_("指标代码创建后不能修改。"))
        return value


class DataSetIndicatorSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    kind = serializers.CharField(source="indicator.kind")
    is_derived = serializers.BooleanField(source="indicator.is_derived")

    class Meta:
        model = DataSetIndicator
        fields = ["code", "name", "unit", "kind", "is_derived", "order"]


class DataSetSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    period_kind_label = serializers.CharField(source="get_period_kind_display", read_only=True)
    indicators = DataSetIndicatorSerializer(source="items", many=True, read_only=True)
    clusters = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    excluded_clusters = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = DataSet
        fields = [
            "id", "code", "name", "period_kind", "period_kind_label", "due_days", "region",
            "description", "is_active", "indicators", "clusters", "updated_at",
            "scope_rule", "scope_status", "first_period", "excluded_clusters", "itemised",
        ]  # fmt: skip
        read_only_fields = fields


class DataSetInputSerializer(InputSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), label=_("发布区划代码")
    )
    indicators = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), many=True, required=False, label=_("指标代码")
    )
    clusters = serializers.SlugRelatedField(
        slug_field="code", queryset=Cluster.objects.all(), many=True, required=False, label=_("集聚区代码")
    )
    excluded_clusters = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Cluster.objects.all(),
        many=True,
        required=False,
        label=_("排除集聚区代码"),
        help_text=_("不须报送本报表的集聚区（写入时整体替换）"),
    )

    class Meta:
        model = DataSet
        fields = [
            "code", "name", "period_kind", "due_days", "region", "description", "is_active",
            "indicators", "clusters", "reason", "scope_rule", "scope_status", "first_period",
            "excluded_clusters", "itemised",
        ]  # fmt: skip

    def validate_code(self, value):
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError(_("报表代码创建后不能修改。"))
        return value


class IndicatorViewSet(ScopedModelViewSet):
    """指标. Filters: `code` (one or several, comma-separated), `q`, `category`, `kind`,
    `unit`, `derived` (true/false), `dataset` (data set code). Looked up by code."""

    model = Indicator
    serializer_class = IndicatorSerializer
    input_serializer_class = IndicatorInputSerializer
    filterset_class = IndicatorFilter
    lookup_field = "code"
    lookup_value_regex = r"[a-z][a-z0-9_]*"
    search_fields = ["code", "name"]
    ordering_fields = ["order", "code", "name", "category", "kind", "unit", "updated_at"]
    ordering = ["order", "code"]
    service_object_name = "indicator"
    save_service = staticmethod(services.indicator_save)

    def base_queryset(self, user):
        return indicator_list(user=user)


class DataSetViewSet(ScopedModelViewSet):
    """报表（数据集）. Filters: `period_kind`, `indicator` (code), `cluster` (code), `q`.
    Looked up by code. Writing `indicators` (codes, in order) replaces the list; so does
    writing `clusters` (explicit additions) or `excluded_clusters` (exclusions). The scope is
    `scope_rule` / `scope_status` plus additions minus exclusions, from `first_period` on."""

    model = DataSet
    serializer_class = DataSetSerializer
    input_serializer_class = DataSetInputSerializer
    filterset_class = DataSetFilter
    lookup_field = "code"
    lookup_value_regex = r"[a-z][a-z0-9_]*"
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "period_kind", "due_days", "updated_at"]
    ordering = ["code"]
    service_object_name = "dataset"
    save_service = staticmethod(services.dataset_save)

    def base_queryset(self, user):
        return dataset_list(user=user)

    def optimize_queryset(self, qs):
        return qs.prefetch_related(
            Prefetch("items", queryset=DataSetIndicator.objects.select_related("indicator")),
            Prefetch("clusters", queryset=Cluster.objects.order_by("code").only("id", "code")),
            Prefetch("excluded_clusters", queryset=Cluster.objects.order_by("code").only("id", "code")),
        )


router = SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("datasets", DataSetViewSet, basename="dataset")

urlpatterns = router.urls
