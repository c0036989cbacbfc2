"""The Lino-style facades: ``rt`` (runtime: models, show, login), ``dd`` (definitions)
and ``doctest`` (``from lino_core_model.api.doctest import *`` in specs)."""

__all__: list[str] = []
