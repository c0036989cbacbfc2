"""The delete policy holds whatever the manager (issue 23): a manager that is not ours,
the base manager, a related manager, Django's collector from a plain model; the
return value counts the GFK cascade; rows deleted together do not veto (issue 22, N7).
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.deletion import Collector

from lino_core_model.exceptions import DeleteVetoed
from tests.relations.models import (
    Chapter,
    Course,
    Exam,
    Lecture,
    Memo,
    Step,
    Sticker,
    Term,
)

pytestmark = pytest.mark.django_db


def memo_type() -> ContentType:
    return ContentType.objects.get_for_model(Memo)


@pytest.fixture
def course() -> Course:
    return Course.objects.create(name="Owned")


def vetoed(delete) -> str:
    """The veto message of ``delete()``, inside a savepoint (Django's collector has none)."""
    with pytest.raises(DeleteVetoed) as exc, transaction.atomic():
        delete()
    return str(exc.value)


def test_a_manager_on_django_s_manager_keeps_the_veto_and_the_gfk_cascade(course):
    lecture = Lecture.objects.create(course=course)
    Memo.objects.create(owner=lecture, text="about the lecture")
    assert vetoed(Lecture.objects.filter(pk=lecture.pk).delete) == (
        f"Cannot delete {lecture} because 1 memo refers to it.")
    assert Lecture.objects.filter(pk=lecture.pk).exists()
    Memo.objects.all().delete()
    sticker = Sticker.objects.create(owner=lecture)
    Lecture.objects.filter(pk=lecture.pk).delete()
    assert not Sticker.objects.filter(pk=sticker.pk).exists()  # not left dangling


def test_a_manager_on_a_django_queryset_keeps_the_veto():
    chapter = Chapter.objects.create(title="One")
    Memo.objects.create(owner=chapter)
    assert vetoed(Chapter.objects.filter(pk=chapter.pk).delete) == (
        "Cannot delete One because 1 memo refers to it.")
    assert "1 memo refers to it" in vetoed(Chapter.objects.all().delete)
    assert Chapter.objects.filter(pk=chapter.pk).exists()


def test_the_base_manager_is_ours(course):
    Memo.objects.create(owner=course)
    assert vetoed(Course._base_manager.filter(pk=course.pk).delete) == (
        "Cannot delete Owned because 1 memo refers to it.")
    assert Course.objects.filter(pk=course.pk).exists()


def test_a_related_manager_keeps_the_veto(course):
    lecture = Lecture.objects.create(course=course)
    Memo.objects.create(owner=lecture)
    with pytest.raises(DeleteVetoed, match="because 1 memo refers to it"), transaction.atomic():
        course.lectures.all().delete()
    assert Lecture.objects.filter(pk=lecture.pk).exists()


def test_django_s_collector_from_a_plain_model_keeps_the_policy():
    term = Term.objects.create(name="T")
    exam = Exam.objects.create(term=term, locked=True)
    assert vetoed(term.delete) == f"{exam} is locked."  # the model's own veto
    assert vetoed(Term.objects.filter(pk=term.pk).delete) == f"{exam} is locked."
    collector = Collector(using="default")  # no origin: each row its own plan
    collector.collect([term])
    assert vetoed(collector.delete) == f"{exam} is locked."
    Exam.objects.filter(pk=exam.pk).update(locked=False)
    Memo.objects.create(owner=exam)
    assert vetoed(term.delete) == f"Cannot delete {exam} because 1 memo refers to it."
    Memo.objects.all().delete()
    sticker = Sticker.objects.create(owner=exam)
    term.delete()
    assert not Exam.objects.filter(pk=exam.pk).exists()
    assert not Sticker.objects.filter(pk=sticker.pk).exists()


def test_delete_counts_the_rows_of_a_gfk_cascade(course):
    Sticker.objects.bulk_create([Sticker(owner=course), Sticker(owner=course)])
    assert course.delete() == (3, {"relations.Course": 1, "relations.Sticker": 2})
    other = Course.objects.create(name="Other")
    Sticker.objects.create(owner=other)
    assert Course.objects.filter(pk=other.pk).delete() == (
        2, {"relations.Course": 1, "relations.Sticker": 1})


def test_a_row_owned_by_itself_can_be_deleted():
    memo = Memo.objects.create(text="self")
    Memo.objects.filter(pk=memo.pk).update(owner_type=memo_type(), owner_id=memo.pk)
    memo.refresh_from_db()
    assert memo.disable_delete() is None
    memo.delete()
    assert not Memo.objects.filter(text="self").exists()


def test_rows_owning_each_other_are_deleted_together_not_alone():
    a, b = Memo.objects.create(text="a"), Memo.objects.create(text="b")
    Memo.objects.filter(pk=a.pk).update(owner_type=memo_type(), owner_id=b.pk)
    Memo.objects.filter(pk=b.pk).update(owner_type=memo_type(), owner_id=a.pk)
    # alone, each is protected by the other, which stays
    message = vetoed(Memo.objects.get(pk=a.pk).delete)
    assert message == f"Cannot delete {a} because 1 memo refers to it."
    assert "1 memo refers to it" in vetoed(Memo.objects.filter(pk=b.pk).delete)
    assert Memo.objects.filter(pk__in=[a.pk, b.pk]).count() == 2
    assert Memo.objects.filter(pk__in=[a.pk, b.pk]).delete()[0] == 2


def test_a_foreign_key_to_its_own_row_does_not_veto():
    step = Step.objects.create()
    Step.objects.filter(pk=step.pk).update(previous=step.pk)
    step.refresh_from_db()
    assert step.disable_delete() is None
    step.delete()
    first = Step.objects.create()
    second = Step.objects.create(previous=first)
    Step.objects.filter(pk=first.pk).update(previous=second.pk)
    assert "because 1 step refers to it" in vetoed(Step.objects.get(pk=first.pk).delete)
    assert Step.objects.filter(pk__in=[first.pk, second.pk]).delete()[0] == 2
