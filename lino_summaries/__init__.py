"""lino_summaries: see docs/specs/summaries.rst."""

from lino_core_model import plugin_getattr

__all__: list[str] = []

__getattr__ = plugin_getattr(__name__)
