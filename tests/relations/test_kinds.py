"""Every consumer of the reference graph sees every relation kind (``kinds.KINDS``):
the delete veto, duplicate, the merge plan, the merge and the admin's merge page.
Each kind once from a model of ours and once from a plain model; the merge also
on a multi-table child (``Workshop``)."""

from __future__ import annotations

import pytest

from lino_core_model.exceptions import DeleteVetoed
from tests.relations.kinds import KINDS, course_pair
from tests.relations.models import Course, Workshop

pytestmark = pytest.mark.django_db

def stand_in(obj: Course, pk: int) -> Course:
    """An unsaved row with primary key ``pk`` (on every MTI level): to count the rows
    that still point to a deleted row."""
    row = type(obj)()
    for field in type(obj)._meta.concrete_fields:
        if field.primary_key:
            setattr(row, field.attname, pk)
    return row


kinds = pytest.mark.parametrize("kind", KINDS, ids=str)
targets = pytest.mark.parametrize("model", [Course, Workshop], ids=["course", "workshop"])


@kinds
@targets
def test_the_veto_agrees_with_the_delete(kind, model):
    course, _ = course_pair(model)
    kind.make(course)
    veto = course.disable_delete()
    if kind.protects:
        assert veto is not None and "refer" in veto
        with pytest.raises(DeleteVetoed) as raised:
            course.delete()
        assert str(raised.value) == str(DeleteVetoed(veto))
        assert kind.count(course) == 1
    else:
        assert veto is None
        pk = course.pk
        course.delete()
        assert not Course.objects.filter(pk=pk).exists()
        assert kind.count(stand_in(course, pk)) == 0


@kinds
def test_duplicate_copies_what_the_rules_say(kind):
    course, _ = course_pair(Course)
    kind.make(course)
    copy = course.duplicate()
    assert kind.count(copy) == (1 if kind.copies else 0)
    assert kind.count(course) == 1


@kinds
@targets
def test_the_merge_plan_moves_every_kind(kind, model):
    source, target = course_pair(model)
    kind.make(source)
    plan = source.merge_plan(target)
    assert [(s.key, s.action, s.count) for s in plan.steps] == [(kind.key, "move", 1)]
    assert "will get reassigned" in plan.as_text()


@kinds
@targets
def test_the_merge_moves_every_kind(kind, model):
    source, target = course_pair(model)
    pk = source.pk
    kind.make(source)
    if not kind.unique:  # the target has such a row too (a one-to-one: it cannot)
        kind.make(target)
    source.merge_into(target)
    assert not Course.objects.filter(pk=pk).exists()
    assert kind.count(target) == (1 if kind.unique else 2)
    assert kind.count(stand_in(source, pk)) == 0


@kinds
@pytest.mark.urls("tests.relations.urls")
def test_the_admin_merge_page_names_and_moves_every_kind(kind, robin):
    source, target = course_pair(Course)
    kind.make(source)
    form = {"action": "merge_selected", "_selected_action": [source.pk, target.pk],
            "source": source.pk, "target": target.pk}
    page = robin.post("/relations/relations/course/", {**form, "preview": "1"})
    assert page.status_code == 200
    [step] = page.context["named_steps"]
    assert (step[0].key, step[0].action, len(step[1])) == (kind.key, "move", 1)
    assert "will get reassigned" in page.content.decode()
    done = robin.post("/relations/relations/course/", {**form, "confirm": "1"}, follow=True)
    assert done.status_code == 200
    assert "Updated 1 related row." in done.content.decode()
    assert kind.count(target) == 1
    assert not Course.objects.filter(pk=source.pk).exists()
