"""Bad input answers a clear message or a 404, never a 500 (issue 13, finding 9)."""

from __future__ import annotations

import pytest

from demo_project.avanti.models import Client
from demo_project.contacts.models import Partner, Person

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"  # beyond any integer column


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/avanti/client/{HUGE}/change/",
        f"/admin/avanti/client/{HUGE}/delete/",
        f"/admin/avanti/client/{HUGE}/history/",
        f"/admin/contacts/person/{HUGE}/change/",
        f"/admin/contacts/partner/{HUGE}/change/",  # a plain model, for comparison
    ],
)
def test_huge_id_of_a_multi_table_child_does_not_exist(robin, url):
    response = robin.get(url, follow=True)
    assert response.status_code == 200
    assert f"with ID “{HUGE}” doesn’t exist" in response.content.decode()


@pytest.mark.parametrize("query", ["person_ptr__exact", "person_ptr", "person_ptr__in"])
def test_huge_id_in_a_changelist_filter_finds_nothing(robin, query):
    response = robin.get(f"/admin/avanti/client/?{query}={HUGE}")
    assert response.status_code == 200
    assert "0 of 0 selected" in response.content.decode()


def test_huge_id_in_a_foreign_key_filter_finds_nothing(robin):
    response = robin.get(f"/admin/coachings/coaching/?client__exact={HUGE}")
    assert response.status_code == 200


def test_huge_id_in_a_row_action_does_not_exist(robin):
    response = robin.post(f"/admin/avanti/client/{HUGE}/action/check_summaries/", follow=True)
    assert response.status_code == 200
    assert f"with ID “{HUGE}” doesn’t exist" in response.content.decode()


@pytest.mark.parametrize("action", ["delete_selected", "merge_selected", "duplicate_selected"])
@pytest.mark.parametrize("url", ["/admin/avanti/client/", "/admin/contacts/partner/"])
def test_huge_id_selected_for_a_changelist_action(robin, url, action):
    response = robin.post(url, {"action": action, "_selected_action": [HUGE]}, follow=True)
    assert response.status_code == 200


def test_queries_with_huge_ids_find_nothing():
    huge = int(HUGE)
    assert not Client.objects.filter(pk=huge).exists()
    assert not Client.objects.filter(pk__in=[huge, -huge]).exists()
    assert Client.objects.filter(pk__in=[huge, 120]).count() == 1
    assert not Person.objects.filter(pk=-huge).exists()
    assert not Partner.objects.filter(pk__in=[huge]).exists()
    assert not Client.objects.filter(coachings_by_client__client=huge).exists()


def test_site_tools_action_that_is_no_number_is_refused(robin):
    assert "²".isdigit()  # the old check let it through to int()
    assert robin.post("/admin/tools/", {"action": "²"}).status_code == 403


@pytest.mark.parametrize("value", ["²", HUGE])
@pytest.mark.parametrize("role", ["source", "target"])
def test_merge_with_an_id_that_is_none_is_a_message(robin, role, value):
    data = {"source": "203", "target": "220", role: value, "confirm": "yes"}
    response = robin.post(
        "/admin/contacts/person/",
        {"action": "merge_selected", "_selected_action": ["203", "220"], **data},
        follow=True,
    )
    content = response.content.decode()
    assert response.status_code == 200
    expected = (
        "The row to merge must be one of the selected rows."
        if role == "source"
        else f"There is no Person with id {value}."
    )
    assert expected in content
    assert Person.objects.filter(pk__in=[203, 220]).count() == 2
