"""Table declarations: one list of columns drives the list page and its 导出Excel alike."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


def _resolve(obj, path: str):
    value = obj
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
        if callable(value) and not hasattr(value, "all"):
            value = value()
    return value


@dataclass
class Column:
    name: str  # attribute path, e.g. "region.name"
    header: str  # Chinese header (page and Excel)
    order_by: str | None = None  # ORM ordering key; None = not sortable
    display: Callable[[Any], str] | None = None  # page text from the raw value
    export: Callable[[Any], Any] | None = None  # Excel cell from the raw value (default: display or raw)
    link: str | None = None  # URL name taking the object's pk, for the page
    align: str = ""  # "end" for numbers
    page: bool = True  # shown on the page (False: an Excel-only column, e.g. a code kept for re-import)
    excel: bool = True  # written to 导出Excel (False: a page-only column, e.g. a formatted amount)

    @property
    def page_header(self) -> str:
        """The header on the page: a money column shown as 万元/亿元 text drops the unit that
        the Excel header keeps ("总投资（万元）" → "总投资")."""
        header = str(self.header)
        if self.display is not None and header.endswith("（万元）"):
            return header[: -len("（万元）")]
        return header

    def raw(self, obj):
        if self._choice_field is not None:
            return self._choice_label(obj)
        return _resolve(obj, self.name)

    @functools.cached_property
    def _choice_field(self) -> str | None:
        """For "get_<field>_display": the field name (its labels are then looked up in a
        dict built once per model and language, not rebuilt and translated per cell)."""
        name = self.name
        if "." in name or not (name.startswith("get_") and name.endswith("_display")):
            return None
        return name[4 : -len("_display")]

    def _choice_label(self, obj):
        from django.core.exceptions import FieldDoesNotExist
        from django.utils.translation import get_language

        key = (type(obj), get_language())
        cache = self.__dict__.setdefault("_labels", {})
        entry = cache.get(key)
        if entry is None:
            try:
                f = type(obj)._meta.get_field(self._choice_field)
            except (AttributeError, FieldDoesNotExist):
                entry = cache[key] = (None, None)
            else:
                entry = cache[key] = (f.attname, {k: str(v) for k, v in f.flatchoices})
        attname, labels = entry
        if attname is None:
            return _resolve(obj, self.name)
        value = getattr(obj, attname)
        return labels.get(value, value)

    def text(self, obj) -> str:
        value = self.raw(obj)
        if self.display:
            return self.display(value)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        return str(value)

    def exporter(self, model) -> Callable[[Any], Any]:
        """obj → Excel cell for objects of `model`, with what holds for the whole export
        resolved once (a choice column's labels in the current language), not per cell."""
        if self._choice_field is None:
            return self.cell
        from django.core.exceptions import FieldDoesNotExist

        try:
            f = model._meta.get_field(self._choice_field)
        except (AttributeError, FieldDoesNotExist):
            return self.cell
        attname, labels = f.attname, {k: str(v) for k, v in f.flatchoices}
        value_cell = self.value_cell

        def cell(obj):
            value = getattr(obj, attname)
            return value_cell(labels.get(value, value))

        return cell

    def cell(self, obj):
        return self.value_cell(self.raw(obj))

    def value_cell(self, value):
        """The Excel cell of a raw value."""
        if self.export:
            return self.export(value)
        if isinstance(value, bool):
            return "是" if value else "否"
        if value is None:
            return None
        if isinstance(value, int | float) or value.__class__.__name__ == "Decimal":
            return value
        if self.display:
            return self.display(value)
        return str(value)


@dataclass
class Table:
    columns: list[Column]
    default_order: str = "pk"
    extra: dict = field(default_factory=dict)

    def order_keys(self) -> dict[str, str]:
        return {c.name: c.order_by for c in self.columns if c.order_by}

    @property
    def page_columns(self) -> list[Column]:
        return [c for c in self.columns if c.page]

    @property
    def excel_columns(self) -> list[Column]:
        return [c for c in self.columns if c.excel]

    def page_rows(self, objects):
        rows = []
        columns = self.page_columns
        for obj in objects:
            cells = []
            for c in columns:
                url = reverse(c.link, args=[obj.pk]) if c.link else None
                cells.append({"text": c.text(obj), "url": url, "align": c.align})
            rows.append({"obj": obj, "cells": cells})
        return rows
