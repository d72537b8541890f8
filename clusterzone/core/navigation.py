"""The left-hand menu as data, filtered by the policy. Modules not built yet are absent.

A model whose pages are declared with core.modelpages (menu=True) gets its entry from the
declaration, first in its section; MENU holds the sections' order and the other pages."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusterzone.accounts import policy


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    kind: str | None = None  # policy object kind whose "view" right shows the item
    icon: str = ""
    only_roles: tuple[str, ...] = ()  # shown only to users holding one of these roles


MENU = [
    (_("首页"), [MenuItem(_("工作台"), "home")]),
    (_("集聚区"), []),
    (_("企业"), []),
    (
        _("统计报表"),
        [
            MenuItem(_("待填报表"), "reporting:my_forms", "submission", only_roles=("cluster_reporter",)),
            MenuItem(_("报表填报与审核"), "reporting:submission_list", "submission"),
            MenuItem(_("报送情况"), "reporting:status", "submission"),
            MenuItem(_("进度总览"), "reporting:overview", "submission"),
            MenuItem(
                _("待审核报表"),
                "reporting:review_queue",
                "submission",
                only_roles=("office_admin", "office_staff"),
            ),
            MenuItem(_("填报负担"), "reporting:burden", "submission"),
        ],
    ),
    (
        _("项目"),
        [
            MenuItem(_("我分包的项目"), "projects:my_projects", "project", only_roles=("project_leader",)),
            MenuItem(_("项目任务（1233）"), "projects:quota_check", "quota"),
        ],
    ),
    (
        _("招商"),
        [
            MenuItem(_("招商漏斗"), "investment:funnel", "lead"),
            MenuItem(_("产业链招商图谱"), "investment:chain_list", "chain"),
        ],
    ),
    (
        _("考核评价"),
        [
            MenuItem(_("考核结果"), "assessment:run_list", "run"),
            MenuItem(_("考核方案"), "assessment:scheme_list", "scheme"),
            MenuItem(_("扣分与否决"), "assessment:input_list", "assessmentinput"),
            MenuItem(_("赶超目标"), "assessment:benchmark_list", "benchmark"),
            MenuItem(
                _("通报生成"), "assessment:bulletin", "bulletin", only_roles=("office_admin", "office_staff")
            ),
            MenuItem(
                _("通报起草与印发"),
                "assessment:bulletin_draft",
                "bulletin",
                only_roles=("office_admin", "office_staff"),
            ),
            MenuItem(_("通报登记"), "core:document_list", "issueddocument"),
        ],
    ),
    (
        _("企业服务"),
        [
            MenuItem(_("审批统计"), "approvals:statistics", "approvalcase"),
        ],
    ),
    (
        _("督查督办"),
        [
            MenuItem(_("督办工作台"), "supervision:workbench", "problem"),
            MenuItem(_("问题台账"), "supervision:problem_list", "problem"),
            MenuItem(_("办理统计"), "supervision:statistics", "problem"),
            MenuItem(_("行风评议"), "evaluation:results", "evaluationresult"),
        ],
    ),
    (_("消息"), [MenuItem(_("消息中心"), "notifications:inbox")]),
    (
        _("金融服务"),
        [
            MenuItem(_("贷款台账"), "finance:loan_list", "loan"),
            MenuItem(_("争取上级资金"), "finance:fund_list", "superiorfund"),
            MenuItem(_("投融资平台"), "finance:platform_list", "financingplatform"),
            MenuItem(_("融资需求"), "finance:need_list", "financingneed"),
            MenuItem(_("税收分成"), "finance:tax_sharing", "attractedtax"),
        ],
    ),
    (
        _("土地与亩均"),
        [MenuItem(_("亩均效益评价"), "land:evaluation", "run")],
    ),
    (_("系统管理"), []),
]


def _sections():
    """MENU with each section's declared model pages first; a declared section MENU lacks
    comes before 系统管理."""
    from . import modelpages

    titles = [str(t) for t, _items in MENU]
    out = []
    for title, items in MENU:
        declared = [
            MenuItem(modelpages.menu_label(p), p.url_name("list"), p.policy_kind)
            for p in modelpages.menu_items(title)
        ]
        out.append((title, declared + list(items)))
    extra = {}
    for p in modelpages.registered():
        if p.menu and str(p.section) not in titles:
            extra.setdefault(str(p.section), []).append(
                MenuItem(modelpages.menu_label(p), p.url_name("list"), p.policy_kind)
            )
    return out[:-1] + list(extra.items()) + out[-1:]


def menu_for(user):
    sections = []
    for title, items in _sections():
        visible = [
            {"label": i.label, "url": reverse(i.url_name), "url_name": i.url_name}
            for i in items
            if (i.kind is None or policy.may(user, "view", policy.CATALOG_KINDS.get(i.kind, i.kind)))
            and (not i.only_roles or user.is_superuser or any(r in (user.roles or []) for r in i.only_roles))
        ]
        if visible:
            sections.append({"title": title, "items": visible})
    return sections


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"menu": menu_for(user)}
