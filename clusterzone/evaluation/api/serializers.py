from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusterzone.accounts.models import OrgUnit, Region
from clusterzone.core.api import InputSerializer, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from clusterzone.registry.models import Enterprise

from ..forms import rated_units, rater_units
from ..models import Criterion, Rating


class CriterionSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    scale_label = serializers.CharField(source="get_scale_display", read_only=True)

    class Meta:
        model = Criterion
        fields = [
            "id", "region", "code", "name", "source", "source_label", "scale", "scale_label", "weight",
            "satisfied_points", "basic_points", "unsatisfied_points", "position", "active", "lock_version",
        ]  # fmt: skip


class CriterionInputSerializer(InputSerializer):
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = Criterion
        fields = [
            "region", "code", "name", "source", "scale", "weight", "satisfied_points", "basic_points",
            "unsatisfied_points", "position", "active", "reason",
        ]  # fmt: skip


class RatingSerializer(serializers.ModelSerializer):
    """A rating as its rater (a committee) or the office sees it; the rated department never
    reads this endpoint."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    rater_unit_name = serializers.CharField(source="rater_unit.name", read_only=True)
    rater_enterprise = serializers.CharField(
        source="rater_enterprise.credit_code", read_only=True, allow_null=True, default=None
    )
    criterion_code = serializers.CharField(source="criterion.code", read_only=True)

    class Meta:
        model = Rating
        fields = [
            "id", "month", "unit", "unit_name", "rater_unit", "rater_unit_name", "rater_enterprise",
            "criterion", "criterion_code", "score", "level", "comment", "lock_version",
        ]  # fmt: skip


@extend_schema_field(OpenApiTypes.INT)
class _UnitField(serializers.PrimaryKeyRelatedField):
    default_error_messages = ScopedPrimaryKeyRelatedField.default_error_messages
    units = None

    def get_queryset(self):
        request = self.context.get("request")
        return type(self).units(getattr(request, "user", None))


class RatedUnitField(_UnitField):
    units = staticmethod(rated_units)


class RaterUnitField(_UnitField):
    units = staticmethod(rater_units)


class RatingInputSerializer(InputSerializer):
    unit = RatedUnitField(label=_("被评单位"), help_text="the rated department's unit id")
    rater_unit = RaterUnitField(
        label=_("评议单位"), required=False, help_text="unit id; default: the user's own unit"
    )
    rater_enterprise = ScopedSlugRelatedField(
        slug_field="credit_code", queryset=Enterprise.objects.all(), required=False, allow_null=True,
        help_text="credit code of the enterprise rating (entered on its behalf)",
    )  # fmt: skip
    criterion = ScopedPrimaryKeyRelatedField(queryset=Criterion.objects.all())

    class Meta:
        model = Rating
        fields = [
            "month",
            "unit",
            "rater_unit",
            "rater_enterprise",
            "criterion",
            "score",
            "level",
            "comment",
            "reason",
        ]
        validators = []  # the natural key is checked by the service (400 with its message)

    def validate(self, attrs):
        if not attrs.get("rater_unit") and self.instance is None:
            user = getattr(self.context.get("request"), "user", None)
            unit = OrgUnit.objects.filter(pk=getattr(user, "unit_id", None)).first()
            if unit is None:
                raise serializers.ValidationError({"rater_unit": _("请指定评议单位。")})
            attrs["rater_unit"] = unit
        return attrs


class UnitResultSerializer(serializers.Serializer):
    """One unit's result of the month: no field names a rater."""

    unit = serializers.IntegerField(source="unit_id")
    name = serializers.CharField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    flagged = serializers.BooleanField(help_text="bottom N: 通报和问责")
    excluded = serializers.BooleanField(help_text="nobody rated the unit this month")
    ratings = serializers.IntegerField(help_text="number of ratings received (not who gave them)")
    means = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    )
    points = serializers.DictField(child=serializers.DecimalField(max_digits=6, decimal_places=2))
    comments = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField())


class ResultsSerializer(serializers.Serializer):
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    month = serializers.CharField()
    bottom = serializers.IntegerField(help_text="how many bottom-ranked units are flagged (ties included)")
    total = serializers.IntegerField(help_text="units ranked")
    criteria = CriterionSerializer(many=True)
    results = UnitResultSerializer(many=True, source="rows")
