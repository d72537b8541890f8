"""Where importers are found: each app declares its importers in `<app>/importers.py` with
`@register`; `get_importer` loads those modules on first use (apps.py stays untouched)."""

from __future__ import annotations

from importlib import import_module

from django.utils.translation import gettext as _

from clusterzone.core.exceptions import DomainError

IMPORTER_MODULES = (
    "clusterzone.accounts.importers",
    "clusterzone.registry.importers",
)

_registry: dict[str, type] = {}
_loaded = False


def register(cls):
    """Class decorator: make an Importer subclass available under its `kind`."""
    if not cls.kind:
        raise ValueError(f"{cls.__name__} has no kind")
    _registry[cls.kind] = cls
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for module in IMPORTER_MODULES:
        import_module(module)
    _loaded = True


def importer_kinds() -> list[str]:
    _load()
    return list(_registry)


def get_importer(kind: str):
    """A fresh importer of this kind; DomainError (Chinese message) for an unknown kind."""
    _load()
    try:
        return _registry[kind]()
    except KeyError:
        raise DomainError(
            _("未知的导入类型“%(kind)s”，可用：%(kinds)s。") % {"kind": kind, "kinds": "、".join(_registry)}
        )
