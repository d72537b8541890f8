"""Keep the stored clock deadlines (Lead.clock_deadline) in step with what they are computed
from besides the lead itself (the lead services refresh that): its follow-ups, the clock
rules of its region and the holiday overrides. Bulk writers (synth) call
clocks.refresh_deadlines themselves."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from clusterzone.core.models import HolidayOverride

from . import clocks
from .models import ClockRule, Lead, LeadFollowUp


def _followup_changed(sender, instance, **kwargs):
    lead = instance._state.fields_cache.get("lead")  # the caller's instance, when loaded
    if isinstance(lead, Lead):
        clocks.refresh_lead(lead)
    else:
        clocks.refresh_deadlines(clocks.Q(pk=instance.lead_id))


def _rule_changed(sender, instance, **kwargs):
    from clusterzone.accounts.models import Region

    path = Region.objects.filter(pk=instance.region_id).values_list("path", flat=True).first()
    clocks.refresh_region_deadlines(path)


def _holidays_changed(sender, instance, **kwargs):
    clocks.refresh_region_deadlines(None)


def connect() -> None:
    post_save.connect(_followup_changed, sender=LeadFollowUp, dispatch_uid="lead_deadline_followup_save")
    post_delete.connect(_followup_changed, sender=LeadFollowUp, dispatch_uid="lead_deadline_followup_delete")
    post_save.connect(_rule_changed, sender=ClockRule, dispatch_uid="lead_deadline_rule_save")
    post_delete.connect(_rule_changed, sender=ClockRule, dispatch_uid="lead_deadline_rule_delete")
    post_save.connect(_holidays_changed, sender=HolidayOverride, dispatch_uid="lead_deadline_holiday_save")
    post_delete.connect(
        _holidays_changed, sender=HolidayOverride, dispatch_uid="lead_deadline_holiday_delete"
    )
