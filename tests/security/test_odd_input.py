"""Odd input in filters, choice fields and inline forms is an answer, not a 500
(issue 22: N2, N3, N5, N9). The crawl over every admin is test_odd_input_crawl.py."""

from __future__ import annotations

import time

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from demo_project.avanti.models import Client
from demo_project.users.models import User
from lino_clients.models import ClientContact
from lino_core_model.admin import LinoInlineMixin

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
INVALID_CHOICE = "Select a valid choice"


@pytest.fixture
def rolf(client):
    client.force_login(User.objects.get(username="rolf"))
    return client


@pytest.mark.parametrize(
    "query",
    [
        "date__year=99999999999",
        "date__year=2024&date__month=99999999999",
        "date__year=2024&date__month=1&date__day=99999999999",
        "date__year=9999",  # the year after it is not in the calendar
        "date__year=9999&date__month=12",
        "date__year=9999&date__month=12&date__day=31",
        "date__year=-1",  # what Django refused already
    ],
)
def test_odd_date_hierarchy_is_invalid_parameters(rolf, query):
    response = rolf.get(f"/admin/notes/note/?{query}")
    assert response.status_code == 302
    assert response["Location"] == "/admin/notes/note/?e=1"


def test_a_good_date_hierarchy_still_filters(rolf):
    response = rolf.get("/admin/notes/note/?date__year=2024")
    assert response.status_code == 200


# "９９９９" is 9999 to int(): a number, no partner has it; "\ufffd" is what invalid
# UTF-8 becomes.
ODD_IDS = [
    "abc", "\x00", "1e308", "NaN", "inf", "-inf", "\ufeff1", "\ufffd", "９９９９", HUGE, f"-{HUGE}"
]


@pytest.mark.parametrize("value", ODD_IDS, ids=repr)
def test_odd_value_in_a_searchable_select_is_not_a_valid_choice(rolf, value):
    response = rolf.post("/admin/notes/note/add/", {"partner": value, "subject": "x"})
    assert response.status_code == 200
    expected = "Null characters are not allowed." if value == "\x00" else INVALID_CHOICE
    assert expected in partner_errors(response)


def test_invalid_utf8_in_a_searchable_select_is_not_a_valid_choice(rolf):
    response = rolf.post(
        "/admin/notes/note/add/",
        b"partner=%FF%FE&subject=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert INVALID_CHOICE in partner_errors(response)


def partner_errors(response) -> str:
    """The errors of the note form's partner field, as the page shows them."""
    return str(response.context["adminform"].form.errors["partner"])


def user_change_data(user: User, **changes: object) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "00:00:00",
    }
    return {**data, **changes}


@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}", "9223372036854775808"])
def test_huge_id_in_a_multiple_select_is_a_form_error(robin, value):
    user = User.objects.get(pk=3)
    groups = set(user.groups.all())
    response = robin.post(
        f"/admin/users/user/{user.pk}/change/", user_change_data(user, groups=[value])
    )
    assert response.status_code == 200
    assert f"{INVALID_CHOICE}. {value} is not one of the available choices." in (
        response.content.decode()
    )
    assert set(user.groups.all()) == groups


def test_a_multiple_select_still_saves(robin):
    from django.contrib.auth.models import Group

    user = User.objects.get(pk=3)
    group = Group.objects.order_by("pk").first()
    response = robin.post(
        f"/admin/users/user/{user.pk}/change/", user_change_data(user, groups=[str(group.pk)])
    )
    assert response.status_code == 302
    assert list(user.groups.all()) == [group]


def client_change_data(client: Client, total_forms: int) -> dict:
    contacts = list(client.client_contacts.order_by("pk"))
    data = {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "client_contacts-TOTAL_FORMS": str(total_forms),
        "client_contacts-INITIAL_FORMS": str(len(contacts)),
        "client_contacts-MIN_NUM_FORMS": "0",
        "client_contacts-MAX_NUM_FORMS": "1000",
    }
    for i, contact in enumerate(contacts):
        data[f"client_contacts-{i}-id"] = str(contact.pk)
        data[f"client_contacts-{i}-client"] = str(client.pk)
        data[f"client_contacts-{i}-type"] = str(contact.type_id or "")
        data[f"client_contacts-{i}-company"] = str(contact.company_id or "")
    return data


def test_forged_number_of_inline_forms_is_a_form_error(robin):
    client = Client.objects.filter(client_contacts__isnull=False).order_by("pk").first()
    stored = client.client_contacts.count()
    url = reverse("admin:avanti_client_change", args=[client.pk])
    started = time.perf_counter()
    response = robin.post(url, client_change_data(client, 2001))
    seconds = time.perf_counter() - started
    content = response.content.decode()
    assert response.status_code == 200
    assert f"Please submit at most {stored + 20} forms." in content
    assert content.count('name="client_contacts-') < 10 * (stored + 20 + 1)
    assert seconds < 10  # was a minute
    assert client.client_contacts.count() == stored
    assert ClientContact.objects.filter(client=client).count() == stored


def test_every_inline_of_our_admins_is_bounded(robin):
    """Every inline of the demo's admins: the stored rows plus ``max_added_rows``."""
    request = RequestFactory().get("/")
    request.user = User.objects.get(username="robin")
    inlines = [
        inline
        for model_admin in admin.site._registry.values()
        for inline in model_admin.get_inline_instances(request)
    ]
    assert len(inlines) >= 2
    for inline in inlines:
        assert isinstance(inline, LinoInlineMixin), inline
        formset = inline.get_formset(request, None)
        assert formset.absolute_max == formset.max_num == inline.max_added_rows, inline
