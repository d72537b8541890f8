"""The monthly results page of the service-unit evaluation (ranked by the assessment
engine) and its 导出Excel. A department's liaison sees only its own unit's row and comments;
no column names a rater."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusterzone.accounts import policy
from clusterzone.accounts.models import Region
from clusterzone.core.exceptions import DomainError, NotFound, PermissionDenied
from clusterzone.core.exporting import table_xlsx, xlsx_response
from clusterzone.core.tables import Column, Table
from clusterzone.core.views import PageMixin

from . import forms, selectors, services, subject


def _num(value):
    return "—" if value is None else f"{value.normalize():f}" if value == value.to_integral() else f"{value}"


def results_table(criteria) -> Table:
    """Columns of the results page and its export: rank, unit, score, each criterion's mean,
    flag, number of ratings and the comments — never the raters."""
    columns = [
        Column("rank", gettext_lazy("排名"), display=lambda v: "—" if v is None else str(v), align="end"),
        Column("name", gettext_lazy("被评单位")),
        Column("score", gettext_lazy("综合得分"), display=_num, export=lambda v: v, align="end"),
    ]
    for c in criteria:
        columns.append(
            Column(
                "means",
                c.name,
                display=lambda m, code=c.code: _num((m or {}).get(code)),
                export=lambda m, code=c.code: (m or {}).get(code),
                align="end",
            )
        )
    columns += [
        Column("status_label", gettext_lazy("通报问责")),
        Column("ratings", gettext_lazy("评议份数"), align="end"),
        Column(
            "comments",
            gettext_lazy("意见"),
            display=lambda v: "；".join(v or []),
            export=lambda v: "；".join(v or []),
        ),
    ]
    return Table(columns=columns)


class ResultsView(PageMixin, View):
    title = gettext_lazy("行风评议结果")
    section = gettext_lazy("督查督办")
    kind = selectors.RESULT_KIND

    def get(self, request):
        region = request.GET.get("region") or None
        try:
            found = selectors.results_for(user=request.user, month=request.GET.get("month"), region=region)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message)
        except NotFound:
            raise Http404
        except DomainError as exc:
            found = selectors.results_for(user=request.user, region=region)
            error = exc.message
        else:
            error = ""
        table = results_table(found.criteria)
        if request.GET.get("export") == "xlsx":
            title = _("行风评议结果")
            return xlsx_response(
                table_xlsx(table, found.rows, title=title), f"{title}_{found.region.name}_{found.month}.xlsx"
            )
        regions = (
            policy.scope(request.user, Region).order_by("path")
            if policy.may(request.user, "add", "rating")
            else []
        )
        ctx = self.base_context(
            found=found,
            table=table,
            rows=table.page_rows(found.rows),
            error=error,
            regions=regions,
            can_rate=policy.may(request.user, "add", "rating"),
            can_edit_criteria=policy.may(request.user, "change", "criterion"),
        )
        return render(request, "evaluation/results.html", ctx)


urlpatterns = [path("results/", ResultsView.as_view(), name="results")]


class RatingSheetView(PageMixin, View):
    """录入评议: one rater's sheet for one unit and month (every criterion of the unit's
    region at once); the unit is chosen first, its criteria then shown."""

    title = gettext_lazy("录入评议")
    section = gettext_lazy("督查督办")
    kind = "rating"

    def _form(self, request, data=None):
        if not policy.may(request.user, "add", "rating"):
            raise DjangoPermissionDenied(_("您没有执行此操作的权限。"))
        source = data if data is not None else request.GET
        unit = forms.rated_units(request.user).filter(pk=source.get("unit") or 0).first()
        criteria = subject.criteria_of(unit.region) if unit is not None else []
        criteria = [c for c in criteria if c.rated]
        initial = {"month": request.GET.get("month") or selectors._this_month(), "unit": unit}
        rater = forms.rater_units(request.user).first()
        if rater is not None:
            initial["rater_unit"] = rater
        return forms.RatingSheetForm(data, user=request.user, criteria=criteria, initial=initial), unit

    def render(self, request, form, unit, status=200):
        ctx = self.base_context(form=form, unit=unit)
        return render(request, "evaluation/rating_sheet.html", ctx, status=status)

    def get(self, request):
        form, unit = self._form(request)
        return self.render(request, form, unit)

    def post(self, request):
        form, unit = self._form(request, request.POST)
        if form.is_valid() and unit is not None:
            d = form.cleaned_data
            try:
                services.check_rater_in_scope(request.user, d["rater_unit"])
                saved = services.ratings_enter(
                    actor=request.user, month=d["month"], unit=d["unit"], rater_unit=d["rater_unit"],
                    rater_enterprise=d["rater_enterprise"], values=form.values(), comment=d["comment"],
                )  # fmt: skip
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _("已保存%(n)d项评议：%(u)s %(m)s") % {"n": len(saved), "u": d["unit"], "m": d["month"]},
                )
                return redirect(reverse("evaluation:rating_sheet") + f"?month={d['month']}")
        return self.render(request, form, unit, status=400)


urlpatterns.append(path("ratings/sheet/", RatingSheetView.as_view(), name="rating_sheet"))
