"""FilterSets shared by the approval pages, the API and the Excel export."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import ApprovalStage, CaseStatus
from .models import ApprovalCase, ApprovalMatter


class MatterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    stage = django_filters.ChoiceFilter(
        label=_("审批阶段"), choices=ApprovalStage.choices, empty_label=_("全部")
    )
    department = django_filters.NumberFilter(field_name="department_id", label=_("审批部门编号"))
    window = django_filters.NumberFilter(field_name="window_id", label=_("窗口编号"))

    class Meta:
        model = ApprovalMatter
        fields = ["q", "stage", "department", "window"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else qs


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键字"), method="filter_q")
    project = django_filters.CharFilter(field_name="project__code", label=_("项目代码"))
    matter = django_filters.CharFilter(field_name="matter__code", label=_("事项编码"))
    stage = django_filters.ChoiceFilter(
        field_name="matter__stage", label=_("审批阶段"), choices=ApprovalStage.choices, empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CaseStatus.choices, empty_label=_("全部"))
    department = django_filters.NumberFilter(field_name="matter__department_id", label=_("审批部门编号"))

    class Meta:
        model = ApprovalCase
        fields = ["q", "project", "matter", "stage", "status", "department"]

    def filter_q(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            Q(project__name__icontains=value)
            | Q(project__code__icontains=value)
            | Q(matter__name__icontains=value)
        )
