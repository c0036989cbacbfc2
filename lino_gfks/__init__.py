"""lino_gfks: see docs/specs/gfks.rst."""

from lino_core_model import plugin_getattr

__all__: list[str] = []

__getattr__ = plugin_getattr(__name__)
