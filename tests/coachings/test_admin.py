"""The admin: a coaching is read-only for users who are neither its coach nor staff."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from lino_coachings.models import Coaching
from lino_core_model.api import rt

pytestmark = pytest.mark.django_db


def _request(username):
    request = RequestFactory().get("/")
    request.user = rt.login(username).user
    return request


def test_change_permission_per_row():
    admin = site._registry[Coaching]
    coaching = Coaching.objects.get(pk=2)  # rolf's
    assert admin.has_change_permission(_request("rolf"), coaching)
    assert not admin.has_change_permission(_request("romain"), coaching)
    assert admin.has_view_permission(_request("romain"), coaching)
    assert admin.has_change_permission(_request("nelly"), coaching)  # coachings staff
    assert not admin.has_delete_permission(_request("romain"), coaching)


def test_admin_save_excludes_the_acting_user_from_the_notification(client_135):
    from demo_project.users.models import Message

    Message.objects.all().delete()
    admin = site._registry[Coaching]
    coaching = Coaching(client=client_135, user=rt.login("rolf").user)
    admin.save_model(_request("nelly"), coaching, None, False)
    assert list(Message.objects.values_list("user__username", flat=True)) == ["rolf"]


# -- side effects respect permissions (issue 13, finding 7) ------------------

ADD_URL = "/admin/coachings/coaching/add/"


def _post_coaching(http, username, url=ADD_URL, **fields):
    http.login(username=username, password="1234")
    data = {"client": "165", "user": "", "type": "1", "start_date": "2024-06-01",
            "end_date": "", "ending": "", **fields}
    return http.post(url, {k: v for k, v in data.items() if v is not False})


def _users():
    return {u.username: u for u in rt.models.users.User.objects.all()}


def test_rolf_may_not_take_the_primary_flag_from_robins_coaching(client):
    users, before = _users(), Coaching.objects.count()
    response = _post_coaching(client, "rolf", user=users["rolf"].pk, primary="on")
    assert response.status_code == 200
    assert "would take the primary flag from robin / Berendt A" in response.content.decode()
    assert Coaching.objects.count() == before
    assert Coaching.objects.get(pk=7).primary  # robin's
    response = _post_coaching(client, "nelly", user=users["nelly"].pk, primary="on")
    assert response.status_code == 302  # coachings staff may
    assert not Coaching.objects.get(pk=7).primary


def test_a_non_primary_coaching_of_ones_own_is_fine(client):
    response = _post_coaching(client, "rolf", user=_users()["rolf"].pk)
    assert response.status_code == 302
    assert Coaching.objects.get(pk=7).primary


def test_rolf_may_not_create_a_coaching_for_nathalie(client):
    users, before = _users(), Coaching.objects.count()
    response = _post_coaching(client, "rolf", user=users["nathalie"].pk)
    assert response.status_code == 200
    assert "Only coachings staff may assign a coaching to another coach." in \
        response.content.decode()
    assert Coaching.objects.count() == before
    assert _post_coaching(client, "nelly", user=users["nathalie"].pk).status_code == 302
    assert Coaching.objects.count() == before + 1


def test_rolf_may_not_give_his_coaching_to_nathalie(client):
    users = _users()
    response = _post_coaching(client, "rolf", url="/admin/coachings/coaching/2/change/",
                              client="120", type="2", start_date="2024-01-01",
                              user=users["nathalie"].pk, primary="on")
    assert response.status_code == 200
    assert "Only coachings staff may assign" in response.content.decode()
    assert Coaching.objects.get(pk=2).user == users["rolf"]


def test_saving_from_code_as_an_acting_user_checks_too(client_135):
    users = _users()
    coaching = Coaching(client_id=165, user=users["rolf"], primary=True)
    coaching.acting_user = users["rolf"]
    with pytest.raises(ValidationError, match="robin / Berendt A"):
        coaching.save()
    coaching = Coaching(client=client_135, user=users["nathalie"])
    coaching.acting_user = users["rolf"]
    with pytest.raises(ValidationError, match="another coach"):
        coaching.save()
    assert Coaching.objects.get(pk=7).primary


def test_rolf_may_not_copy_other_coaches_coachings_with_a_client(client):
    clients = rt.models.avanti.Client
    before = (clients.objects.count(), Coaching.objects.count())
    client.login(username="rolf", password="1234")
    response = client.post("/admin/avanti/client/", {
        "action": "duplicate_selected", "_selected_action": ["120"]}, follow=True)
    assert "Cannot copy romain / Abdalla A: Only coachings staff may assign" in \
        response.content.decode()
    assert (clients.objects.count(), Coaching.objects.count()) == before
    client.login(username="nelly", password="1234")
    client.post("/admin/avanti/client/", {
        "action": "duplicate_selected", "_selected_action": ["120"]})
    assert Coaching.objects.count() == before[1] + 3


def test_the_changelist_form_validates_as_the_requesting_user(client_135):
    """A project's ``list_editable`` gets the same form errors as the change form."""
    from lino_coachings.admin import CoachingAdmin

    class EditableCoachingAdmin(CoachingAdmin):
        list_editable = ["primary"]

    users = _users()
    coaching = Coaching(client_id=165, user=users["rolf"], start_date="2024-06-01")
    coaching.save()
    formset_class = EditableCoachingAdmin(Coaching, site).get_changelist_formset(
        _request("rolf"))
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1",
            "form-0-id": str(coaching.pk), "form-0-primary": "on"}
    formset = formset_class(data, queryset=Coaching.objects.filter(pk=coaching.pk))
    assert not formset.is_valid()
    assert "would take the primary flag from robin / Berendt A" in str(formset.errors[0])
    assert Coaching.objects.get(pk=7).primary
