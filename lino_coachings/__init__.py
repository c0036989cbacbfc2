"""lino_coachings: see docs/specs/coachings.rst."""
