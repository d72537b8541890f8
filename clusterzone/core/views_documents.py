"""Pages of the register of issued documents (发文登记), shared by every kind of document:

documents/                          core:document_list  list with filters (文种, 年度, 标题/文号)
documents/<pk>/<docx|xlsx>/         core:document_file  download a stored file (unchanged bytes)
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy

from .documents import document_list
from .exporting import XLSX_MIME
from .models import DocumentKind, IssuedDocument
from .officialdoc import DOCX_MIME
from .views import PageMixin


class DocumentListView(PageMixin, View):
    template_name = "core/document_list.html"
    section = gettext_lazy("考核评价")
    title = gettext_lazy("通报登记")

    def get(self, request):
        if not policy.may(request.user, "view", "issueddocument"):
            raise Http404
        kind = request.GET.get("kind", "").strip()
        year = request.GET.get("year", "").strip()
        q = request.GET.get("q", "").strip()
        qs = document_list(
            user=request.user,
            kind=kind if kind in DocumentKind.values else None,
            year=int(year) if year.isdigit() else None,
        )
        if q:
            from django.db.models import Q

            qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
        ctx = self.base_context(
            documents=list(qs[:500]), kinds=DocumentKind.choices, kind=kind, year=year, q=q
        )
        return render(request, self.template_name, ctx)


class DocumentFileView(View):
    def get(self, request, pk, fmt):
        if not request.user.is_authenticated:
            raise Http404
        doc = policy.scope(request.user, IssuedDocument).filter(pk=pk).first()
        if doc is None or fmt not in ("docx", "xlsx"):
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        content = doc.docx if fmt == "docx" else doc.xlsx
        if content is None:
            raise Http404(_("该文件没有 Excel 附表。"))
        mime = DOCX_MIME if fmt == "docx" else XLSX_MIME
        response = HttpResponse(bytes(content), content_type=mime)
        name = f"{doc.number}{doc.title}.{fmt}"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        response["X-Content-SHA256"] = doc.sha256
        return response
