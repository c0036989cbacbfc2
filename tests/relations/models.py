"""Every relation kind pointing to a model of ours (``Course``), once from a model of
ours and once from a plain Django model, for the parametrised consumer tests.

=======================  ==========================  ==========================
kind                     from a model of ours        from a plain model
=======================  ==========================  ==========================
foreign key              ``Lesson.course``           ``Review.course``
one-to-one               ``Syllabus.course``         ``Poster.course``
hidden key (``+``)       ``Reminder.course``         ``Bookmark.course``
hidden key, SET_NULL     -                           ``Mention.course``
many-to-many (auto)      ``Student.favourites``      ``Playlist.courses``
many-to-many, outgoing   ``Course.tags``             -
many-to-many through     ``Course.students``         ``Sponsor.courses``
                         (``Enrolment`` rows)        (``Sponsorship`` rows)
GFK                      ``Memo.owner``              ``Flag.target``
GenericRelation          -                           ``Course.pins``
                                                     (``Pin.target`` rows)
multi-table child        ``Workshop``                -
=======================  ==========================  ==========================

The one migration creates the tables from the models (``migrations/0001_initial.py``).
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models

from lino_core_model.models import Model
from lino_gfks.fields import GenericForeignKey, GenericForeignKeyIdField
from lino_gfks.mixins import Controllable


class Tag(models.Model):
    """A plain model that a course points to (many-to-many from ours)."""

    name = models.CharField(max_length=50)

    def __str__(self) -> str:
        return self.name


class Course(Model):
    """The target of every relation kind."""

    name = models.CharField(max_length=50)
    tags = models.ManyToManyField(Tag, blank=True, related_name="courses")
    students = models.ManyToManyField("Student", through="Enrolment", related_name="courses")
    pins = GenericRelation("Pin", content_type_field="target_type", object_id_field="target_id")

    quick_search_fields = "name"

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or "?"


class Workshop(Course):
    """A multi-table child of ``Course``."""

    hours = models.IntegerField(default=0)


class Student(Model):
    name = models.CharField(max_length=50)
    favourites = models.ManyToManyField(Course, blank=True, related_name="fans")

    def __str__(self) -> str:
        return self.name or "?"


class Enrolment(Model):
    """A course's student, once per course (the through model of ``Course.students``)."""

    course = models.ForeignKey(Course, models.CASCADE)
    student = models.ForeignKey(Student, models.CASCADE)
    allow_cascaded_delete = "course"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "student"], name="relations_one_enrolment")
        ]

    def __str__(self) -> str:
        return f"{self.student_id} in {self.course_id}"


class Lesson(Model):
    """A foreign key of ours (PROTECT by our rule)."""

    course = models.ForeignKey(Course, models.CASCADE)
    title = models.CharField(max_length=50, blank=True)


class Syllabus(Model):
    course = models.OneToOneField(Course, models.CASCADE)
    allow_cascaded_delete = "course"
    text = models.CharField(max_length=50, blank=True)


class Reminder(Model):
    """A hidden key of ours (made PROTECT by our rule), copied with its course."""

    course = models.ForeignKey(Course, models.CASCADE, related_name="+")
    allow_cascaded_copy = "course"


class Memo(Controllable):
    """A GFK of ours."""

    text = models.CharField(max_length=50, blank=True)


class Review(models.Model):
    course = models.ForeignKey(Course, models.CASCADE)


class Poster(models.Model):
    course = models.OneToOneField(Course, models.CASCADE)


class Bookmark(models.Model):
    """A hidden key of a plain model (as django-simple-history's ``history_user``)."""

    course = models.ForeignKey(Course, models.CASCADE, related_name="+")


class Mention(models.Model):
    """A hidden, nullable key of a plain model (a merge moves it, never clears it)."""

    course = models.ForeignKey(Course, models.SET_NULL, null=True, related_name="+")


class Playlist(models.Model):
    courses = models.ManyToManyField(Course, blank=True, related_name="playlists")


class Pin(models.Model):
    """A plain model's GFK (and the rows of ``Course.pins``)."""

    target_type = models.ForeignKey(ContentType, models.CASCADE)
    target_id = GenericForeignKeyIdField("target_type")
    target = GenericForeignKey("target_type", "target_id", owner_models="relations.Course")


class Sponsor(models.Model):
    """A plain model with a many-to-many through a plain model."""

    courses = models.ManyToManyField(Course, through="Sponsorship", related_name="sponsors")


class Sponsorship(models.Model):
    """The through rows of ``Sponsor.courses`` (no unique constraint: a sponsor may
    give twice)."""

    sponsor = models.ForeignKey(Sponsor, models.CASCADE)
    course = models.ForeignKey(Course, models.CASCADE)
    amount = models.IntegerField(default=0)


class Flag(models.Model):
    """A plain model's GFK without a ``GenericRelation`` (PROTECT, our GFK rule)."""

    target_type = models.ForeignKey(ContentType, models.CASCADE)
    target_id = GenericForeignKeyIdField("target_type")
    target = GenericForeignKey("target_type", "target_id", owner_models="relations.Course")


# Managers
# Our models whose managers are not ours (the policy must hold through them), a plain
# model that Django's collector deletes our rows from, a GFK that cascades, and
# a key of a row to itself.


class LectureQuerySet(models.QuerySet):
    """A project's queryset on Django's, not on ours."""

    def short(self):
        return self.filter(minutes__lt=30)


class Lecture(Model):
    """Ours, with Django's ``models.Manager`` as its manager (related managers too)."""

    course = models.ForeignKey(Course, models.CASCADE, related_name="lectures")
    minutes = models.IntegerField(default=45)
    allow_cascaded_delete = "course"

    objects = models.Manager()

    def __str__(self) -> str:
        return f"Lecture {self.pk}"


class Chapter(Model):
    """Ours, with a manager made from a ``models.QuerySet`` of the project's."""

    title = models.CharField(max_length=50, blank=True)

    objects = LectureQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title or "?"


class Term(models.Model):
    """A plain model whose delete (Django's collector) reaches rows of ours."""

    name = models.CharField(max_length=50, blank=True)


class Exam(Model):
    """Ours, deleted with its plain term; it answers for itself (``disable_delete``)."""

    term = models.ForeignKey(Term, models.CASCADE)
    locked = models.BooleanField(default=False)
    allow_cascaded_delete = "term"

    def __str__(self) -> str:
        return f"Exam {self.pk}"

    def disable_delete(self, ar=None):
        if self.locked:
            return f"{self} is locked."
        return super().disable_delete(ar)


class Sticker(Controllable):
    """A GFK that cascades: a sticker goes with its owner."""

    allow_cascaded_delete = "owner"


class Step(Model):
    """A key to a row of the same model (``CASCADE`` made ``PROTECT`` by our rule)."""

    previous = models.ForeignKey("self", models.CASCADE, null=True, blank=True)
