"""The demo's leaders who follow key enterprises (领导联系企业, 重点企业挂牌保护; seeds 000 and
003): `load_contacts_demo(today=...)`, run by `clusterzone demo`.

鲁山's 分包领导 (lushan_leader) follows the seed's enterprises of its projects; two of them
are under 挂牌保护 for the year running to a date after `today`, so the enterprise pages and
the leader's workbench show an active protection. Idempotent: a pair already stored is left
as it is.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts.policy import SYSTEM

from . import services
from .models import Enterprise, EnterpriseContact

REASON = "演示数据"
RULES = "未经县产业集聚区联席办批准，任何部门不得入企检查；涉企收费一律公示；企业反映的问题5个工作日内答复。"
# (enterprise, leader's username, protected)
CONTACTS = [
    ("鲁山县海威特种布有限公司", "lushan_leader", True),
    ("鲁山县方圆碳素有限公司", "lushan_leader", True),
    ("鲁山县尧盛针织有限公司", "lushan_leader", False),
]


def load_contacts_demo(*, today: date | None = None, stdout=None) -> int:
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__in={c[1] for c in CONTACTS})}
    ents = {e.name: e for e in Enterprise.objects.filter(name__in=[c[0] for c in CONTACTS])}
    stored = set(EnterpriseContact.objects.values_list("enterprise__name", "leader__username"))
    since = date(today.year, 3, 1) if today.month >= 3 else date(today.year - 1, 3, 1)
    created = 0
    for name, username, protected in CONTACTS:
        if name not in ents or username not in users or (name, username) in stored:
            continue
        data = {"enterprise": ents[name], "leader": users[username], "since": since, "protected": protected}
        if protected:
            data.update(
                protected_from=since,
                protected_until=date(since.year + 1, 3, 1) - timedelta(days=1),
                protection_rules=RULES,
            )
        services.contact_create(actor=SYSTEM, data=data, reason=REASON)
        created += 1
    if stdout is not None:
        stdout.write(_("领导联系企业演示：本次新增 %(n)d 条。") % {"n": created})
    return created
