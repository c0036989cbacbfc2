"""The merge action merges only a selected row and says what it did (issue 13, finding 10)."""

from __future__ import annotations

import pytest

from demo_project.avanti.models import Client
from demo_project.contacts.models import Person

pytestmark = pytest.mark.django_db

PERSONS = "/admin/contacts/person/"


def test_the_merged_row_must_be_selected(robin):
    response = robin.post(
        PERSONS,
        {
            "action": "merge_selected",
            "_selected_action": ["201"],
            "source": "203",
            "target": "220",
            "confirm": "yes",
        },
        follow=True,
    )
    assert "The row to merge must be one of the selected rows." in response.content.decode()
    assert Person.objects.filter(pk__in=[201, 203, 220]).count() == 3


def test_an_unknown_target_shows_the_form_with_a_message(robin):
    response = robin.post(
        PERSONS,
        {
            "action": "merge_selected",
            "_selected_action": ["203"],
            "source": "203",
            "target": "999999",
            "confirm": "yes",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="target" id="merge-target"' in content  # the form again
    assert "There is no Person with id 999999." in content
    assert Person.objects.filter(pk=203).exists()


def test_the_success_message_names_the_merged_row(robin):
    response = robin.post(
        "/admin/avanti/client/",
        {
            "action": "merge_selected",
            "_selected_action": ["120", "135"],
            "source": "120",
            "target": "135",
            "confirm": "yes",
        },
        follow=True,
    )
    content = response.content.decode()
    assert "Merged ABDALLA Aádil (120/rolf) into ARSHUN Aloyoshenká (135/romain)." in content
    assert not Client.objects.filter(pk=120).exists()
