"""Where importers are found: each installed app declares its importers in
`<app>/importers.py` with `@register`; `get_importer` loads those modules on first use."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.utils.translation import gettext as _

from clusterzone.core.exceptions import DomainError


def importer_modules() -> list[str]:
    """`<app>.importers` of every installed app of the platform that has one."""
    names = [f"{cfg.name}.importers" for cfg in apps.get_app_configs() if cfg.name.startswith("clusterzone.")]
    return [name for name in names if find_spec(name) is not None]


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
    for module in importer_modules():
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
