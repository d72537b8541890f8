"""The bulletin draft page: preview in the page, edit the generated paragraphs and the
下一步工作要求, choose the sections, then issue into the register (core.documents).

bulletin/draft/?region=…&period=2025-04&date=2025-05-21   assessment:bulletin_draft
  GET: the draft with the proposed 发文字号; POST action=issue: issue it (then the register)
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core import documents
from clusterzone.core.exceptions import DomainError, NotFound
from clusterzone.core.periods import MONTHLY, Period, PeriodError
from clusterzone.core.views import PageMixin

from ..bulletins import build
from ..bulletins.content import DEFAULT_SECTIONS, EDITABLE, SECTIONS
from ..bulletins.docx import cluster_table_rows
from ..bulletins.issue import bulletin_issue, issuing_unit


class BulletinDraftView(PageMixin, View):
    template_name = "assessment/bulletin_draft.html"
    section = gettext_lazy("考核评价")
    title = gettext_lazy("通报起草与印发")

    def _params(self, data):
        errors = []
        region = (data.get("region") or "").strip()
        if not region:
            first = policy.scope(self.request.user, Region).order_by("path").first()
            region = first.code if first else ""
        text = (data.get("period") or "").strip()
        try:
            period = Period.parse(text) if text else Period.containing(MONTHLY, timezone.localdate()).previous
            if period.kind != MONTHLY:
                raise PeriodError(_("通报按月生成，请填写月份，如 2025-04。"))
        except PeriodError as exc:
            errors.append(str(exc))
            period = Period.containing(MONTHLY, timezone.localdate()).previous
        try:
            signed = date.fromisoformat(data["date"]) if data.get("date") else timezone.localdate()
        except ValueError:
            errors.append(_("无效日期：%(text)s（应为 2025-05-21）") % {"text": data.get("date")})
            signed = timezone.localdate()
        sections = data.getlist("sections") if hasattr(data, "getlist") else []
        sections = [s for s in sections if s in SECTIONS] or list(DEFAULT_SECTIONS)
        return region, period, signed, sections, errors

    def _page(self, *, region, period, signed, sections, edits, errors, status=200):
        b, proposed = None, ""
        try:
            b = build(
                user=self.request.user,
                region=region,
                period=period,
                issued=signed,
                sections=sections,
                edits=edits,
            )
            reg = Region.objects.get(code=b.region_code)
            proposed = documents.document_number_proposed(
                unit=issuing_unit(self.request.user, reg), year=signed.year
            )
        except (DomainError, NotFound) as exc:
            errors.append(exc.message)
            status = 400
        table = cluster_table_rows(b) if b else ([], [])
        ctx = self.base_context(
            bulletin=b,
            region=region,
            regions=policy.scope(self.request.user, Region).order_by("path"),
            period=str(period),
            signed=signed.isoformat(),
            chosen=sections,
            sections=[(k, v) for k, v in SECTIONS.items()],
            editable=[(k, SECTIONS[k], b.text(k) if b else "") for k in EDITABLE],
            table_header=table[0],
            table_rows=table[1],
            proposed=proposed,
            errors=errors,
        )
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request):
        if not policy.may(request.user, "add", "bulletin"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        region, period, signed, sections, errors = self._params(request.GET)
        return self._page(
            region=region, period=period, signed=signed, sections=sections, edits=None, errors=errors
        )

    def post(self, request):
        if not policy.may(request.user, "add", "bulletin"):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        region, period, signed, sections, errors = self._params(request.POST)
        edits = {k: request.POST[f"p_{k}"] for k in EDITABLE if f"p_{k}" in request.POST}
        if not errors and request.POST.get("action") == "issue":
            try:
                doc = bulletin_issue(
                    actor=request.user,
                    region=region,
                    period=period,
                    signed_on=signed,
                    sections=sections,
                    edits=edits,
                )
            except (DomainError, NotFound) as exc:
                errors.append(exc.message)
            else:
                messages.success(request, _("已印发通报 %(number)s。") % {"number": doc.number})
                return redirect(reverse("core:document_list") + "?kind=bulletin")
        return self._page(
            region=region, period=period, signed=signed, sections=sections, edits=edits, errors=errors,
            status=400 if errors else 200,
        )  # fmt: skip


urlpatterns = [path("bulletin/draft/", BulletinDraftView.as_view(), name="bulletin_draft")]
