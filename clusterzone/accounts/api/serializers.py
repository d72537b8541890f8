"""Output and input serializers of regions and organisation units. Relations are written
by code (a region by its GB/T 2260 code) and shown with their code and name."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from clusterzone.core.api import InputSerializer, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField

from ..choices import Role
from ..models import OrgUnit, Region, User


class RegionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]
        read_only_fields = fields


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "name"]
        read_only_fields = fields


class RegionSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    parent = RegionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "level_display", "parent", "path", "updated_at"]
        read_only_fields = fields


class RegionInputSerializer(InputSerializer):
    parent = ScopedSlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent", "reason"]


class OrgUnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    region = RegionRefSerializer(read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "kind", "kind_display", "region", "notes", "updated_at"]
        read_only_fields = fields


class OrgUnitInputSerializer(InputSerializer):
    region = ScopedSlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = OrgUnit
        fields = ["name", "kind", "region", "notes", "reason"]


class UserSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    region = RegionRefSerializer(source="unit.region", read_only=True, allow_null=True, default=None)
    role_labels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "unit",
            "region",
            "roles",
            "role_labels",
            "phone",
            "email",
            "is_active",
            "last_login",
            "date_joined",
        ]
        read_only_fields = fields


class UserInputSerializer(InputSerializer):
    """An account written by an office administrator: `unit` by its id (inside the
    administrator's scope), `roles` by their codes, `password` checked by the password policy
    (required when creating)."""

    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), label=_("所属单位"))
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), allow_empty=False, label=_("角色")
    )
    password = serializers.CharField(
        write_only=True,
        required=False,
        label=_("密码"),
        style={"input_type": "password"},
        trim_whitespace=False,
    )

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "unit",
            "roles",
            "password",
            "phone",
            "email",
            "is_active",
            "reason",
        ]
        extra_kwargs = {"full_name": {"required": True, "allow_blank": False}}

    def validate(self, attrs):
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError({"password": [_("新建用户须设置密码。")]})
        return attrs
