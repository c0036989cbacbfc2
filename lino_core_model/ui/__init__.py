"""The small Lino-style UI core: choicelists and workflows, tables, actions and their
requests, roles, virtual fields, the UI hooks, and the text and HTML renderers.
"""

__all__: list[str] = []
