"""The merge is complete (issue 23): many-to-many links move as a union, unique
conflicts are named in the dry run and on the confirmation page (delete them or
stop), the database's error never reaches the user; history stays as it was
(issue 22, N8)."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from lino_core_model.exceptions import MergeError
from tests.relations.models import (
    Bookmark,
    Course,
    Enrolment,
    Mention,
    Review,
    Student,
    Syllabus,
    Tag,
)

pytestmark = pytest.mark.django_db

COURSES = "/relations/relations/course/"
STUDENTS = "/relations/relations/student/"


def two_courses() -> tuple[Course, Course]:
    return Course.objects.create(name="Python 1"), Course.objects.create(name="Python 2")


# -- hidden keys: moved, not deleted nor cleared -------------------------------------

def test_a_hidden_key_moves_instead_of_being_deleted():
    source, target = two_courses()
    bookmark = Bookmark.objects.create(course=source)
    plan = source.merge_plan(target)
    assert "1 bookmark (course) will get reassigned." in plan.as_text()
    assert "Updated 1 related row." in source.merge_into(target)
    assert Bookmark.objects.get(pk=bookmark.pk).course == target


def test_a_hidden_set_null_key_moves_instead_of_being_cleared():
    source, target = two_courses()
    mention = Mention.objects.create(course=source)
    source.merge_into(target)
    assert Mention.objects.get(pk=mention.pk).course_id == target.pk


# -- many-to-many: a union ------------------------------------------------------------

def test_many_to_many_links_move_as_a_union():
    source, target = two_courses()
    shared, own = Tag.objects.create(name="shared"), Tag.objects.create(name="own")
    source.tags.add(shared, own)
    target.tags.add(shared)
    plan = source.merge_plan(target)
    assert [(s.action, s.count) for s in plan.steps] == [("unite", 1), ("move", 1)]
    assert "Kept once, as Python 2 has them too: 1 tag (tags)." in plan.as_text()
    source.merge_into(target)
    assert sorted(target.tags.values_list("name", flat=True)) == ["own", "shared"]


def test_a_users_groups_and_permissions_move_to_the_kept_user():
    User = get_user_model()
    u1, u2 = User.objects.create(username="u1"), User.objects.create(username="u2")
    g1, g2 = Group.objects.create(name="g1"), Group.objects.create(name="g2")
    perm = Permission.objects.get(codename="view_course")
    u1.groups.add(g1, g2)
    u2.groups.add(g2)
    u1.user_permissions.add(perm)
    plan = u1.merge_plan(u2)
    assert "1 group (groups), 1 permission (user_permissions) will get reassigned." in (
        plan.as_text())
    u1.merge_into(u2)
    assert set(u2.groups.all()) == {g1, g2}
    assert list(u2.user_permissions.all()) == [perm]


# -- unique conflicts: named in the dry run, deleted on request, else a clear stop ----

def two_students_in_one_course() -> tuple[Student, Student, Course, Course]:
    s1, s2 = Student.objects.create(name="Anna"), Student.objects.create(name="Anne")
    c1, c2 = two_courses()
    Enrolment.objects.create(student=s1, course=c1)
    Enrolment.objects.create(student=s1, course=c2)
    Enrolment.objects.create(student=s2, course=c1)
    return s1, s2, c1, c2


def test_the_dry_run_names_a_unique_conflict():
    s1, s2, c1, _ = two_students_in_one_course()
    plan = s1.merge_plan(s2)
    assert [(s.key, s.action, s.count) for s in plan.steps] == [
        ("relations.Enrolment.student", "conflict", 1),
        ("relations.Enrolment.student", "move", 1),
    ]
    assert [e.course for e in plan.steps[0].rows(s1)] == [c1]
    assert ("1 enrolment (student) would repeat those of Anne (unique: course, student): "
            "delete them with the merge, or stop.") in plan.as_text()


def test_a_unique_conflict_stops_the_merge_with_a_clear_error_and_changes_nothing():
    s1, s2, _, _ = two_students_in_one_course()
    before = sorted(Enrolment.objects.values_list("pk", "student_id", "course_id"))
    with pytest.raises(MergeError) as raised:
        s1.merge_into(s2)
    assert "would repeat those of Anne (unique: course, student)" in str(raised.value)
    assert "constraint" not in str(raised.value).lower()  # not the database's message
    assert sorted(Enrolment.objects.values_list("pk", "student_id", "course_id")) == before
    assert Student.objects.filter(pk=s1.pk).exists()


def test_delete_conflicts_deletes_the_merged_rows_conflicting_rows():
    s1, s2, c1, c2 = two_students_in_one_course()
    plan = s1.merge_plan(s2, delete_conflicts=True)
    assert "1 enrolment (student) will be deleted." in plan.as_text()
    s1.merge_into(s2, delete_conflicts=True)
    assert sorted(Enrolment.objects.filter(student=s2).values_list("course", flat=True)) == [
        c1.pk, c2.pk]
    assert not Student.objects.filter(pk=s1.pk).exists()


def test_a_one_to_one_conflict_is_named():
    source, target = two_courses()
    Syllabus.objects.create(course=source, text="old")
    Syllabus.objects.create(course=target, text="new")
    assert "1 syllabus (course) would repeat those of Python 2 (unique: course)" in (
        source.merge_plan(target).as_text())
    source.merge_into(target, delete_conflicts=True)
    assert list(Syllabus.objects.values_list("course", "text")) == [(target.pk, "new")]


def test_delete_conflicts_needs_the_permission_to_delete_them():
    s1, s2, _, _ = two_students_in_one_course()
    user = get_user_model().objects.create(username="clerk")
    user.user_permissions.add(Permission.objects.get(codename="delete_student"))
    plan = s1.merge_plan(s2, delete_conflicts=True)
    with pytest.raises(PermissionDenied, match="enrolments"):
        plan.check_delete_permission(get_user_model().objects.get(pk=user.pk))


def test_delete_conflicts_must_be_a_boolean():
    s1, s2, _, _ = two_students_in_one_course()
    with pytest.raises(MergeError):
        s1.merge_plan(s2, delete_conflicts="yes")


def merge_form(source, target, **extra) -> dict:
    return {"action": "merge_selected", "_selected_action": [source.pk, target.pk],
            "source": source.pk, "target": target.pk, **extra}


@pytest.mark.urls("tests.relations.urls")
def test_the_merge_page_names_a_conflict_and_offers_the_choice(robin):
    s1, s2, _, _ = two_students_in_one_course()
    page = robin.post(STUDENTS, merge_form(s1, s2, preview="1"))
    content = page.content.decode()
    assert 'id="merge-conflicts"' in content
    assert "1 enrolment (student) (unique: course, student)" in content
    assert 'name="delete_conflicts" value="yes"' in content


@pytest.mark.urls("tests.relations.urls")
def test_the_merge_page_stops_on_a_conflict_unless_told_to_delete(robin):
    s1, s2, c1, c2 = two_students_in_one_course()
    stopped = robin.post(STUDENTS, merge_form(s1, s2, confirm="1"))
    assert stopped.status_code == 200
    assert "Some rows would repeat those of Anne" in stopped.content.decode()
    assert Student.objects.filter(pk=s1.pk).exists()
    assert Enrolment.objects.filter(student=s1).count() == 2
    done = robin.post(STUDENTS, merge_form(s1, s2, confirm="1", delete_conflicts="yes"),
                      follow=True)
    assert "Merged Anna into Anne." in done.content.decode()
    assert not Student.objects.filter(pk=s1.pk).exists()
    assert sorted(Enrolment.objects.filter(student=s2).values_list("course", flat=True)) == [
        c1.pk, c2.pk]


# -- history: kept as it was (issue 22, N8) -------------------------------------------

def user_with_history():
    User = get_user_model()
    u1, u2 = User.objects.create(username="u1"), User.objects.create(username="u2")
    course = Course.objects.create(name="Python 1")
    entries = LogEntry.objects.log_actions(u1.pk, [course], ADDITION, single_object=False)
    return u1, u2, [e.pk for e in entries]


def test_the_merge_plan_says_that_history_stays_as_it_was():
    u1, u2, _ = user_with_history()
    text = u1.merge_plan(u2).as_text()
    assert "History stays as it was: 1 log entry (user)." in text
    assert "u1 will be kept, deactivated, for its history." in text


def test_a_merge_does_not_move_history_and_keeps_its_author():
    from lino_core_model.actions import ActionRequest

    u1, u2, entries = user_with_history()
    robin = get_user_model().objects.get(username="robin")
    msg = u1.merge_into(u2, ActionRequest(user=robin))
    assert "Kept as they were: 1 log entry (user); u1 is kept, deactivated." in msg
    assert list(LogEntry.objects.filter(pk__in=entries).values_list("user", flat=True)) == [
        u1.pk]
    u1.refresh_from_db()
    assert u1.is_active is False
    own = LogEntry.objects.filter(user=robin, object_id=str(u1.pk)).get()
    assert own.action_flag == CHANGE  # not a deletion: u1 is still there
    assert f"Kept, deactivated, for its history: 1 log entry (user) #{entries[0]}." in (
        own.change_message)


@override_settings(LINO_CORE_MODEL_HISTORY_REFERENCES=["relations.Review.course"])
def test_history_of_a_row_that_cannot_be_deactivated_refuses_the_merge():
    source, target = two_courses()
    Review.objects.create(course=source)
    with pytest.raises(MergeError, match="does not move its history \\(1 review \\(course\\)\\)"):
        source.merge_plan(target).as_text()
    with pytest.raises(MergeError, match="Keep both rows, or delete that history first"):
        source.merge_into(target)
    assert Review.objects.filter(course=source).count() == 1


def test_history_is_not_a_volatile_a_merge_may_delete():
    u1, u2, _ = user_with_history()
    assert "admin.LogEntry.user" not in [s.key for s, _ in u1.merge_plan(u2).volatiles()]
    with pytest.raises(MergeError, match="not a reference whose rows a merge may delete"):
        u1.merge_plan(u2, delete=["admin.LogEntry.user"])


def test_a_user_cannot_merge_themselves_away_and_lose_the_merges_own_history():
    from lino_core_model.actions import ActionRequest

    User = get_user_model()
    u1, u2 = User.objects.create(username="u1"), User.objects.create(username="u2")
    with pytest.raises(MergeError, match="You cannot merge yourself away"):
        u1.merge_into(u2, ActionRequest(user=u1))
    assert User.objects.filter(pk=u1.pk).exists()
