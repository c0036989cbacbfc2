"""One row of each relation kind pointing to a course, for the parametrised tests.

A :class:`Kind` makes a row that points to a course (``make``) and counts the rows
that point to a course (``count``); it says what our rules expect: whether such a
row protects the course from deletion and whether a duplicate of the course
copies it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from tests.relations.models import (
    Bookmark,
    Course,
    Enrolment,
    Flag,
    Lesson,
    Memo,
    Mention,
    Pin,
    Playlist,
    Poster,
    Reminder,
    Review,
    Sponsor,
    Sponsorship,
    Student,
    Syllabus,
    Tag,
)

__all__ = ["KINDS", "Kind", "course_pair"]


def _gfk(model, ct_field: str, id_field: str) -> Callable[[Course], int]:
    def count(course: Course) -> int:
        ct = ContentType.objects.get_for_model(type(course))
        return model.objects.filter(**{ct_field: ct, id_field: course.pk}).count()

    return count


@dataclass(frozen=True)
class Kind:
    name: str
    #: The reference's key in a merge plan (``app_label.Model.field``).
    key: str
    make: Callable[[Course], object]
    count: Callable[[Course], int]
    #: Deleting the course is vetoed while such a row points to it.
    protects: bool = False
    #: A duplicate of the course gets a copy of the row (or link).
    copies: bool = False
    #: At most one such row per course (a one-to-one field).
    unique: bool = False

    def __str__(self) -> str:
        return self.name


KINDS = [
    Kind("fk-ours", "relations.Lesson.course",
         lambda c: Lesson.objects.create(course=c),
         lambda c: Lesson.objects.filter(course=c).count(), protects=True),
    Kind("fk-plain", "relations.Review.course",
         lambda c: Review.objects.create(course=c),
         lambda c: Review.objects.filter(course=c).count()),
    Kind("o2o-ours", "relations.Syllabus.course",
         lambda c: Syllabus.objects.create(course=c),
         lambda c: Syllabus.objects.filter(course=c).count(), copies=True, unique=True),
    Kind("o2o-plain", "relations.Poster.course",
         lambda c: Poster.objects.create(course=c),
         lambda c: Poster.objects.filter(course=c).count(), unique=True),
    Kind("hidden-ours", "relations.Reminder.course",
         lambda c: Reminder.objects.create(course=c),
         lambda c: Reminder.objects.filter(course=c).count(), protects=True, copies=True),
    Kind("hidden-plain", "relations.Bookmark.course",
         lambda c: Bookmark.objects.create(course=c),
         lambda c: Bookmark.objects.filter(course=c).count()),
    Kind("hidden-set-null-plain", "relations.Mention.course",
         lambda c: Mention.objects.create(course=c),
         lambda c: Mention.objects.filter(course=c).count()),
    Kind("m2m-ours", "relations.Student_favourites.course",
         lambda c: Student.objects.create(name="fan").favourites.add(c),
         lambda c: Student.objects.filter(favourites=c).count()),
    Kind("m2m-plain", "relations.Playlist_courses.course",
         lambda c: Playlist.objects.create().courses.add(c),
         lambda c: Playlist.objects.filter(courses=c).count()),
    Kind("m2m-outgoing-ours", "relations.Course_tags.course",
         lambda c: c.tags.add(Tag.objects.create(name="tag")),
         lambda c: Tag.objects.filter(courses=c).count(), copies=True),
    Kind("through-ours", "relations.Enrolment.course",
         lambda c: Enrolment.objects.create(course=c, student=Student.objects.create()),
         lambda c: Enrolment.objects.filter(course=c).count(), copies=True),
    Kind("through-plain", "relations.Sponsorship.course",
         lambda c: Sponsorship.objects.create(course=c, sponsor=Sponsor.objects.create()),
         lambda c: Sponsorship.objects.filter(course=c).count()),
    Kind("gfk-ours", "relations.Memo.owner",
         lambda c: Memo.objects.create(owner=c),
         _gfk(Memo, "owner_type", "owner_id"), protects=True),
    Kind("gfk-plain", "relations.Flag.target",
         lambda c: Flag.objects.create(target=c),
         _gfk(Flag, "target_type", "target_id"), protects=True),
    Kind("generic-relation-plain", "relations.Pin.target",
         lambda c: Pin.objects.create(target=c),
         _gfk(Pin, "target_type", "target_id")),
]


def course_pair(model: type[Course]) -> tuple[Course, Course]:
    """Two new rows of ``model`` (``Course`` or its multi-table child ``Workshop``)."""
    return model.objects.create(name="Python 1"), model.objects.create(name="Python 2")
