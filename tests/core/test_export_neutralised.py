"""Every list export (every URL whose view declares a table and answers ?export=xlsx) writes
formula-like values (= + - @, a tab or CR before them) as plain text cells, never formulas."""

import io

from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from clusterzone.core import modelpages
from clusterzone.core.exporting import XLSX_MIME, is_dangerous

EVIL = ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
TEXT_FIELDS = {"name", "short_name", "full_name", "title", "notes", "description", "address", "remarks"}


def _poison_text_fields():
    """Give every row's free-text fields (names, notes, …) a formula-like value."""
    poisoned = 0
    for model in apps.get_models():
        if not model.__module__.startswith("clusterzone.") or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if (
                field.name in TEXT_FIELDS
                and isinstance(field, (models.CharField, models.TextField))
                and not field.unique
                and not field.choices
            ):
                for i, pk in enumerate(model._default_manager.values_list("pk", flat=True)):
                    value = EVIL[i % len(EVIL)] + f" {pk}"
                    model._default_manager.filter(pk=pk).update(**{field.name: value[: field.max_length]})
                    poisoned += 1
    return poisoned


def _list_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if "<" in str(entry.pattern) or str(entry.pattern).startswith("api/"):
                continue
            yield from _list_urls(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "view_class", None)
            route = str(entry.pattern)
            if view_class is not None and getattr(view_class, "table", None) is not None and "<" not in route:
                yield prefix + route.lstrip("^").rstrip("$")


def test_every_list_export_neutralises_formula_like_values(world, client):
    assert _poison_text_fields() > 10
    client.force_login(world.users["province_admin"])
    urls = sorted(set(_list_urls()))
    lists = [p for p in modelpages.registered() if "list" in p.actions()]
    assert len(urls) >= len(lists) > 10
    exported, dangerous_cells = 0, 0
    for url in urls:
        response = client.get("/" + url, {"export": "xlsx"})
        if response.status_code != 200 or response["Content-Type"] != XLSX_MIME:
            continue
        exported += 1
        for ws in load_workbook(io.BytesIO(response.content)).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (url, cell.coordinate, cell.value)
                    if is_dangerous(cell.value):
                        dangerous_cells += 1
                        assert cell.data_type == "s" and cell.quotePrefix, (url, cell.coordinate, cell.value)
    assert exported >= len(lists)
    assert dangerous_cells > 20  # the poisoned names really reached the exports
