"""The reference graph sees every relation kind of ``tests.relations``."""

from __future__ import annotations

from lino_core_model.references import references_to
from tests.relations.models import Course


def test_foreign_keys_are_references():
    names = {f"{r.model._meta.label}.{r.name}" for r in references_to(Course)}
    assert {"relations.Enrolment.course", "relations.Review.course"} <= names
