"""lino_summaries: see docs/specs/summaries.rst."""
