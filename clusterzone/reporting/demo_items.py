"""The demo's half-monthly reports item by item (`load_items_demo(today=...)`, run by
`clusterzone demo` after the live demo).

Seed 003 asks 鲁山 to report on the 2nd and 17th "基础设施建设情况、新入驻企业及新上项目情况、
争取上级资金情况"; its projects and enterprises are in the demo's project library and registry.
Relative to `today`, the two half-months that ended last get 鲁山's 半月报 item by item: the
earlier one approved (the project entered by name is then in the project library), the later
one submitted and waiting for review (its new enterprise and project enter the registry and
the library when the office approves it). The summary figures are computed from the items.

Idempotent: a report already there (demo or typed by a user) is left alone.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterzone.accounts.policy import SYSTEM
from clusterzone.core.periods import Period
from clusterzone.core.services import stamp_history
from clusterzone.registry.models import Cluster

from . import items
from .choices import SubmissionAction, SubmissionStatus
from .demo import REASON
from .demo_live import _aware
from .models import DataSet, Submission, SubmissionEvent

DATASET = "half_monthly_construction"
LUSHAN = "41042301"


def _half_months(today: date) -> tuple[Period, Period]:
    """The two half-months that ended last before `today` (earlier, later)."""
    later = Period.containing("half_monthly", today).previous
    return later.previous, later


def _earlier_items(cluster) -> list[dict]:
    from clusterzone.projects.models import Project
    from clusterzone.registry.models import Enterprise

    silk = Enterprise.objects.filter(cluster=cluster, name="河南靖焜丝绸有限公司").first()
    textile = Project.objects.filter(cluster=cluster, name="中德纺织科技园").first()
    out = [
        {"kind": "infrastructure", "name": "北区纬三路", "investment": "1200", "text": "路基完成，正在铺设水稳层"},
        {"kind": "infrastructure", "name": "南区污水管网二期", "investment": "800", "text": "完成管网铺设3.2公里"},
        {"kind": "project", "name": "尧盛针织扩建项目", "investment": "15000", "text": "已签约，正在办理用地手续"},
        {"kind": "fund", "fund_source": "省发改委", "programme": "产业集聚区基础设施专项", "amount": "500"},
        {"kind": "progress", "text": "上半月完成基础设施投资2000万元，北区纬三路路基完成；新签约项目1个。"},
        {"kind": "problem", "text": "南区供电线路架设滞后，影响中德纺织科技园设备进场。"},
        {"kind": "plan", "text": "协调供电公司加快南区线路架设，确保月底前通电；推进尧盛针织扩建项目供地。"},
    ]  # fmt: skip
    if silk is not None:
        out.insert(2, {"kind": "enterprise", "enterprise": silk, "text": "完成工商注册，租用标准化厂房投产"})
    if textile is not None:
        out.insert(
            2, {"kind": "infrastructure", "project": textile, "investment": "600", "text": "配套道路完工"}
        )
    return out


def _later_items(cluster) -> list[dict]:
    from clusterzone.registry.demo import demo_credit_code

    return [
        {"kind": "infrastructure", "name": "北区纬三路", "investment": "900", "text": "水稳层铺设完成六成"},
        {
            "kind": "enterprise", "name": "鲁山县华瑞新型建材有限公司",
            "credit_code": demo_credit_code(cluster.region.code, "鲁山县华瑞新型建材有限公司"),
            "text": "入驻北区新型建材园",
        },
        {"kind": "project", "name": "石材深加工项目", "investment": "20000", "started": True, "text": "本期开工建设"},
        {"kind": "fund", "fund_source": "省财政厅", "programme": "产业集聚区发展专项资金", "amount": "300"},
        {"kind": "progress", "text": "下半月完成基础设施投资900万元；新入驻企业1家，新开工项目1个。"},
        {"kind": "plan", "text": "12月上半月完成北区纬三路水稳层，争取石材深加工项目主体开工。"},
    ]  # fmt: skip


@transaction.atomic
def load_items_demo(*, today: date | None = None, stdout=None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = {"submissions": 0, "items": 0}
    ds = DataSet.objects.filter(code=DATASET).first()
    cluster = Cluster.objects.filter(code=LUSHAN).select_related("region").first()
    if ds is None or cluster is None or not items.itemised(ds):
        return counts
    ds.clusters.add(cluster)
    earlier, later = _half_months(today)
    for period, status, make in (
        (earlier, SubmissionStatus.APPROVED, _earlier_items),
        (later, SubmissionStatus.SUBMITTED, _later_items),
    ):
        if Submission.objects.filter(dataset=ds, cluster=cluster, period=str(period)).exists():
            continue
        sub = Submission(
            dataset=ds, cluster=cluster, period=str(period), period_end=period.end,
            due_date=ds.due_date(period), status=SubmissionStatus.DRAFT, comment=REASON,
        )  # fmt: skip
        stamp_history(sub, actor=None, reason=REASON)
        sub.save()
        for data in make(cluster):
            items.item_add(actor=None, submission=sub, data=data)
            counts["items"] += 1
        sub.refresh_from_db()
        sub.status = status
        sub.submitted_at = _aware(min(sub.due_date, today), 9)
        events = [(SubmissionAction.SUBMIT, SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED)]
        if status == SubmissionStatus.APPROVED:
            sub.approved_at = _aware(min(sub.due_date, today), 16)
            events.append((SubmissionAction.APPROVE, SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED))
        stamp_history(sub, actor=None, reason=REASON)
        sub.save()
        SubmissionEvent.objects.bulk_create(
            SubmissionEvent(submission=sub, action=a, reason=REASON, from_status=f, to_status=t)
            for a, f, t in events
        )
        if status == SubmissionStatus.APPROVED:
            items.materialise(actor=SYSTEM, submission=sub)
        counts["submissions"] += 1
    if stdout is not None:
        stdout.write(
            _(
                "半月报明细演示：鲁山%(a)s（已审核）、%(b)s（已上报待审）；本次新增报表 %(s)d 份、明细 %(i)d 条。"
            )
            % {"a": earlier.label, "b": later.label, "s": counts["submissions"], "i": counts["items"]}
        )
    return counts
