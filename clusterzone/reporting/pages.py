"""Standard pages of annual targets, plan milestones and the catalog: indicators, data sets
and validation rules (core.modelpages)."""

from django.utils.translation import gettext_lazy as _

from clusterzone.core.modelpages import ModelPages, register

from . import catalog
from . import targets as services
from .models import DataSet, Indicator, PlanMilestone, RegionTarget, Target, ValidationRule
from .views import catalog as cv
from .views.plans import (
    MILESTONE_TABLE,
    MilestoneDetailView,
    MilestoneFilter,
    MilestoneForm,
    MilestoneFormView,
    milestone_list,
)
from .views.progress import (
    REGION_TARGET_TABLE,
    TARGET_TABLE,
    RegionTargetFilter,
    RegionTargetForm,
    TargetDetailView,
    TargetFilter,
    TargetForm,
    TargetFormView,
    region_target_list,
    target_list,
)

SECTION = _("统计报表")

TARGETS = register(
    ModelPages(
        app="reporting",
        name="target",
        path="targets/",
        model=Target,
        kind="target",
        title=_("年度目标"),
        section=SECTION,
        selector=target_list,
        filterset=TargetFilter,
        table=TARGET_TABLE,
        form=TargetForm,
        save=lambda *, actor, instance, data: services.target_save(actor=actor, target=instance, data=data),
        delete=lambda *, actor, instance: services.target_delete(actor=actor, target=instance),
        detail_template="reporting/progress/target_detail.html",
        detail_view=TargetDetailView,
        form_view=TargetFormView,
        import_kind="targets",
    )
)

MILESTONES = register(
    ModelPages(
        app="reporting",
        name="milestone",
        path="plans/",
        model=PlanMilestone,
        kind="target",
        title=_("规划节点目标"),
        section=SECTION,
        selector=milestone_list,
        filterset=MilestoneFilter,
        table=MILESTONE_TABLE,
        form=MilestoneForm,
        save=lambda *, actor, instance, data: services.milestone_save(
            actor=actor, milestone=instance, data=data
        ),
        delete=lambda *, actor, instance: services.milestone_delete(actor=actor, milestone=instance),
        detail_template="reporting/progress/milestone_detail.html",
        detail_view=MilestoneDetailView,
        form_view=MilestoneFormView,
        import_kind="plan-milestones",
    )
)

INDICATORS = register(
    ModelPages(
        app="reporting",
        name="indicator",
        path="indicators/",
        model=Indicator,
        title=_("指标目录"),
        section=SECTION,
        selector=lambda user: cv.indicator_list(user=user),
        filterset=cv.IndicatorFilter,
        table=cv.INDICATOR_TABLE,
        form=cv.IndicatorForm,
        save=lambda *, actor, instance, data: catalog.indicator_save(
            actor=actor, indicator=instance, data=data
        ),
        detail_template="reporting/catalog/indicator_detail.html",
        detail_view=cv.IndicatorDetailView,
    )
)

DATASETS = register(
    ModelPages(
        app="reporting",
        name="dataset",
        path="datasets/",
        model=DataSet,
        title=_("报表"),
        menu=_("报表设置"),
        export_name="报表目录",
        section=SECTION,
        selector=lambda user: cv.dataset_list(user=user),
        filterset=cv.DataSetFilter,
        table=cv.DATASET_TABLE,
        detail_template="reporting/catalog/dataset_detail.html",
        detail_view=cv.DataSetDetailView,
    )
)

RULES = register(
    ModelPages(
        app="reporting",
        name="rule",
        path="rules/",
        model=ValidationRule,
        title=_("校验规则"),
        section=SECTION,
        selector=lambda user: cv.rule_list(user=user),
        filterset=cv.RuleFilter,
        table=cv.RULE_TABLE,
        form=cv.RuleForm,
        form_view=cv.RuleFormView,
        save=lambda *, actor, instance, data: catalog.rule_save(actor=actor, rule=instance, data=data),
    )
)

REGION_TARGETS = register(
    ModelPages(
        app="reporting",
        name="regiontarget",
        path="region-targets/",
        model=RegionTarget,
        kind="target",
        title=_("区域年度目标"),
        section=SECTION,
        selector=region_target_list,
        filterset=RegionTargetFilter,
        table=REGION_TARGET_TABLE,
        form=RegionTargetForm,
        save=lambda *, actor, instance, data: services.region_target_save(
            actor=actor, target=instance, data=data
        ),
        delete=lambda *, actor, instance: services.region_target_delete(actor=actor, target=instance),
        import_kind="region-targets",
    )
)
