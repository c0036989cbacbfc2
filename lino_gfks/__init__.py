"""lino_gfks: see docs/specs/gfks.rst."""
