"""Generic page views every registry-like model reuses: list (filters, sorting, paging,
导出Excel), detail with change history, create/edit forms saved through a service, delete,
and Excel import. Permission questions all go to accounts.policy; writes all go to services.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from clusterzone.accounts import policy

from .exceptions import DomainError
from .exporting import export_queryset, table_xlsx, xlsx_response
from .history import history_entries
from .versioning import FORM_FIELD, StaleVersion, check_version, version_field, version_of


def add_version_field(form, obj) -> None:
    """Carry the row version the form was built from (hidden); see core.versioning."""
    if obj is None or obj.pk is None or not version_field(obj):
        return
    form.fields[FORM_FIELD] = forms.IntegerField(
        widget=forms.HiddenInput, required=False, initial=version_of(obj)
    )


def refuse_stale(form, exc: StaleVersion) -> None:
    """Show a stale save on the form: what changed, and (the form keeps the typed values)
    the current version in the hidden field so that a second save is the user's choice."""
    form.add_error(None, exc.message)
    form.add_error(None, _("您填写的内容已保留在下方。请核对上述修改后再次保存（将以您的内容为准）。"))
    data = form.data.copy()
    data[form.add_prefix(FORM_FIELD)] = str(exc.current)
    form.data = data


class PageMixin(LoginRequiredMixin):
    """Title, breadcrumbs and the policy kind of the page's model."""

    model = None
    pages = None  # the core.modelpages declaration a generated view serves
    kind: str = ""
    title = ""
    list_url_name = ""
    section = ""

    def breadcrumbs(self):
        crumbs = []
        if self.section:
            crumbs.append({"label": self.section, "url": None})
        if self.list_url_name:
            crumbs.append({"label": self.model._meta.verbose_name_plural, "url": reverse(self.list_url_name)})
        return crumbs

    def base_context(self, **extra):
        ctx = {"title": self.title, "breadcrumbs": self.breadcrumbs(), "kind": self.kind}
        ctx.update(extra)
        return ctx


class ScopedListView(PageMixin, View):
    """List page: the selector's scoped queryset → FilterSet → sorting → paging, or xlsx."""

    template_name = "core/list.html"
    filterset_class = None
    table = None
    paginate_by = 50
    add_url_name = ""
    import_kind = ""  # core.importing kind, for the 导入 button
    export_name = ""

    def selector(self, user):  # the scoped, select_related queryset
        if self.pages is not None:
            return self.pages.selector(user)
        raise NotImplementedError

    def filtered(self, request):
        qs = self.selector(request.user)
        fs = self.filterset_class(request.GET or None, queryset=qs, request=request)
        qs = fs.qs if fs.is_bound and fs.is_valid() else (qs if not fs.is_bound else qs.none())
        sort = request.GET.get("sort", "")
        keys = self.table.order_keys()
        desc = sort.startswith("-")
        key = keys.get(sort.lstrip("-"))
        if key:
            qs = qs.order_by(("-" if desc else "") + key, "pk")
        else:
            qs = qs.order_by(*self.table.default_order.split(","))
        return fs, qs, sort

    def get(self, request):
        fs, qs, sort = self.filtered(request)
        if request.GET.get("export") == "xlsx":
            name = f"{self.export_name or self.title}_{timezone.localdate():%Y%m%d}.xlsx"
            from . import jobs

            rows = qs.count()
            if rows > jobs.export_background_rows():
                job = jobs.export_start(
                    actor=request.user,
                    title=str(self.title),
                    filename=name,
                    path=request.path,
                    query=request.GET.urlencode(),
                    rows=rows,
                )
                return redirect(reverse("core:export_job", args=[job.pk]))
            objects = export_queryset(self.table, qs).iterator(chunk_size=2000)
            return xlsx_response(table_xlsx(self.table, objects, title=self.title), name)
        paginator = Paginator(qs, self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        columns = [
            {"name": c.name, "header": c.page_header, "sortable": bool(c.order_by), "align": c.align}
            for c in self.table.page_columns
        ]
        ctx = self.base_context(
            filter=fs,
            page=page,
            rows=self.table.page_rows(page.object_list),
            columns=columns,
            sort=sort,
            can_add=policy.may(request.user, "add", self.kind) and bool(self.add_url_name),
            add_url=reverse(self.add_url_name) if self.add_url_name else "",
            import_url=reverse("core:import", args=[self.import_kind]) if self.import_kind else "",
            # the 导入 button: as the import page itself, for who may add or change the kind
            can_import=bool(self.import_kind)
            and (policy.may(request.user, "add", self.kind) or policy.may(request.user, "change", self.kind)),
        )
        from django.shortcuts import render

        return render(request, self.template_name, ctx)


class ScopedObjectMixin(PageMixin):
    """Fetch the object from the user's scope (404 outside it) and check the action."""

    action = "view"
    pk_url_kwarg = "pk"

    def scoped_queryset(self, user):
        return policy.scope(user, self.model)

    def get_object(self):
        try:
            obj = self.scoped_queryset(self.request.user).get(pk=self.kwargs[self.pk_url_kwarg])
        except (self.model.DoesNotExist, ValueError):
            raise Http404(_("对象不存在或不在您的权限范围内。"))
        if not policy.can(self.request.user, self.action, obj):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("您没有执行此操作的权限。"))
        return obj


class ScopedDetailView(ScopedObjectMixin, View):
    template_name = ""

    def scoped_queryset(self, user):
        if self.pages is not None:
            return self.pages.selector(user)
        return super().scoped_queryset(user)

    def extra_context(self, obj) -> dict:
        return {}

    def get(self, request, pk):
        from django.shortcuts import render

        obj = self.get_object()
        ctx = self.base_context(
            object=obj,
            title=str(obj),
            history=history_entries(obj),
            can_change=policy.can(request.user, "change", obj),
            can_delete=policy.can(request.user, "delete", obj),
        )
        ctx["breadcrumbs"].append({"label": str(obj), "url": None})
        ctx.update(self.extra_context(obj))
        return render(request, self.template_name, ctx)


class ServiceFormView(ScopedObjectMixin, View):
    """Create (no pk) or edit (pk) through a ModelForm whose data a service saves."""

    template_name = "core/form.html"
    form_class = None
    detail_url_name = ""

    def save(self, *, actor, instance, data):  # calls the service
        if self.pages is not None and self.pages.save is not None:
            return self.pages.save(actor=actor, instance=instance, data=data)
        raise NotImplementedError

    def new_instance(self):
        return self.model()

    def form_kwargs(self):
        return {"user": self.request.user}

    def _setup(self):
        if "pk" in self.kwargs:
            self.action = "change"
            return self.get_object()
        if not policy.may(self.request.user, "add", self.kind):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("您没有执行此操作的权限。"))
        return self.new_instance()

    def render_form(self, form, obj):
        from django.shortcuts import render

        creating = obj.pk is None
        title = (
            _("新增%(name)s") % {"name": self.model._meta.verbose_name}
            if creating
            else _("编辑：%(obj)s") % {"obj": obj}
        )
        ctx = self.base_context(form=form, object=obj, title=title, creating=creating)
        if not creating:
            ctx["breadcrumbs"].append(
                {"label": str(obj), "url": reverse(self.detail_url_name, args=[obj.pk])}
            )
        ctx["breadcrumbs"].append({"label": title, "url": None})
        ctx["cancel_url"] = (
            reverse(self.detail_url_name, args=[obj.pk]) if not creating else reverse(self.list_url_name)
        )
        return render(self.request, self.template_name, ctx, status=400 if form.is_bound else 200)

    def get(self, request, pk=None):
        obj = self._setup()
        form = self.form_class(instance=obj, **self.form_kwargs())
        add_version_field(form, obj)
        return self.render_form(form, obj)

    def post(self, request, pk=None):
        obj = self._setup()
        form = self.form_class(request.POST, instance=obj, **self.form_kwargs())
        add_version_field(form, obj)
        if form.is_valid():
            expected = form.cleaned_data.get(FORM_FIELD)
            data = {
                name: form.cleaned_data[name]
                for name in form.fields
                if name in form.cleaned_data and name != FORM_FIELD
            }
            try:
                with transaction.atomic():
                    if obj.pk is not None and version_field(obj):
                        check_version(obj, expected)
                    saved = self.save(actor=request.user, instance=form.instance, data=data)
            except StaleVersion as exc:
                refuse_stale(form, exc)
            except DomainError as exc:
                for field, msgs in (exc.errors or {None: [exc.message]}).items():
                    for msg in msgs:
                        form.add_error(field if field in form.fields else None, msg)
            else:
                messages.success(request, _("已保存：%(obj)s") % {"obj": saved})
                return redirect(reverse(self.detail_url_name, args=[saved.pk]))
        return self.render_form(form, obj)


class ServiceDeleteView(ScopedObjectMixin, View):
    template_name = "core/confirm_delete.html"
    action = "delete"

    def delete(self, *, actor, instance):  # calls the service
        if self.pages is not None and self.pages.delete is not None:
            return self.pages.delete(actor=actor, instance=instance)
        raise NotImplementedError

    def get(self, request, pk):
        from django.shortcuts import render

        obj = self.get_object()
        ctx = self.base_context(object=obj, title=_("删除：%(obj)s") % {"obj": obj})
        return render(request, self.template_name, ctx)

    def post(self, request, pk):
        obj = self.get_object()
        try:
            self.delete(actor=request.user, instance=obj)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(request.path)
        messages.success(request, _("已删除：%(obj)s") % {"obj": obj})
        return redirect(reverse(self.list_url_name))


class ImportView(LoginRequiredMixin, View):
    """Upload an .xlsx/.csv for an importer kind; show every error, or the counts."""

    template_name = "core/import.html"

    def get_importer(self, kind):
        from django.core.exceptions import PermissionDenied

        from .importing import get_importer

        try:
            importer = get_importer(kind)
        except (KeyError, DomainError):
            raise Http404
        model = importer.model or getattr(importer, "permission_model", None)
        if model is None:
            raise Http404
        model_kind = policy.kind_of(model)
        if not (
            policy.may(self.request.user, "add", model_kind)
            or policy.may(self.request.user, "change", model_kind)
        ):
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        return importer

    def context(self, importer, **extra):
        ctx = {
            "title": _("导入%(title)s") % {"title": importer.title},
            "importer": importer,
            "breadcrumbs": [{"label": _("Excel导入"), "url": None}],
        }
        ctx.update(extra)
        return ctx

    def get(self, request, kind):
        from django.shortcuts import render

        importer = self.get_importer(kind)
        if request.GET.get("template"):
            return xlsx_response(importer.template_xlsx(), f"{importer.title}导入模板.xlsx")
        return render(request, self.template_name, self.context(importer))

    def post(self, request, kind):
        from django.shortcuts import render

        importer = self.get_importer(kind)
        upload = request.FILES.get("file")
        if not upload:
            return render(
                request,
                self.template_name,
                self.context(importer, upload_error=_("请选择要导入的文件。")),
                status=400,
            )
        from . import jobs

        content = upload.read()
        dry_run = bool(request.POST.get("dry_run"))
        options = jobs.page_options(importer, request.POST)
        if jobs.runs_in_background(content, upload.name):
            job = jobs.job_start(
                actor=request.user,
                kind=kind,
                filename=upload.name,
                content=content,
                dry_run=dry_run,
                options=options,
            )
            return redirect(reverse("core:import_job", args=[job.pk]))
        importer = jobs.configured(importer, options)
        result = importer.run(content, filename=upload.name, actor=request.user, dry_run=dry_run)
        status = 200 if result.ok else 400
        return render(
            request,
            self.template_name,
            self.context(importer, result=result, filename=upload.name),
            status=status,
        )


class ImportJobListView(PageMixin, View):
    """The background imports the user may see (their own; all for an administrator)."""

    def get(self, request):
        from django.shortcuts import render

        from . import jobs

        page = Paginator(jobs.jobs_for(request.user), 50).get_page(request.GET.get("page"))
        return render(
            request,
            "core/import_jobs.html",
            {
                "title": _("后台导入记录"),
                "page": page,
                "jobs": page.object_list,
                "breadcrumbs": [{"label": _("后台导入记录"), "url": None}],
            },
        )


class ImportJobView(PageMixin, View):
    """One background import: a progress bar polled by HTMX while it runs (the partial
    answers `HX-Request`), then the summary or the same error report as a direct upload."""

    def get(self, request, pk):
        from django.shortcuts import get_object_or_404, render

        from . import jobs

        job = get_object_or_404(jobs.jobs_for(request.user), pk=pk)
        context = {
            "title": _("后台导入：%(f)s") % {"f": job.filename},
            "job": job,
            "options": jobs.option_labels(job),
            "breadcrumbs": [
                {"label": _("后台导入记录"), "url": reverse("core:import_jobs")},
                {"label": job.filename, "url": None},
            ],
        }
        if request.headers.get("HX-Request"):
            return render(request, "core/_import_job_status.html", context)
        return render(request, "core/import_job.html", context)


class ImportJobErrorsView(PageMixin, View):
    def get(self, request, pk):
        from django.shortcuts import get_object_or_404

        from . import jobs

        job = get_object_or_404(jobs.jobs_for(request.user).defer(None), pk=pk)
        if not job.errors:
            raise Http404
        stem = job.filename.rsplit(".", 1)[0]
        return xlsx_response(jobs.errors_xlsx(job), _("%(f)s_错误.xlsx") % {"f": stem})


class ExportJobView(PageMixin, View):
    """One background export: polled by HTMX while it runs, then the download link."""

    def get(self, request, pk):
        from django.shortcuts import get_object_or_404, render

        from . import jobs

        job = get_object_or_404(jobs.export_jobs_for(request.user), pk=pk)
        if request.GET.get("download"):
            if job.status != job.Status.DONE:
                raise Http404
            content = type(job).objects.values_list("content", flat=True).get(pk=job.pk)
            return xlsx_response(bytes(content), job.filename)
        context = {
            "title": _("后台导出：%(f)s") % {"f": job.filename},
            "job": job,
            "breadcrumbs": [{"label": _("后台导出"), "url": None}],
        }
        if request.headers.get("HX-Request"):
            return render(request, "core/_export_job_status.html", context)
        return render(request, "core/export_job.html", context)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
