"""Our apps in Lino's web UI, through the JSON API that Lino's ExtJS client calls."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings

pytest.importorskip(
    "lino", reason="Lino is not installed: scripts/test-lino runs these tests in .venv-lino"
)

BERND = 4  # a newcomer in the demo data


@pytest.fixture
def robin(client: Any) -> Any:
    client.force_login(settings.SITE.models.users.User.objects.get(username="robin"))
    return client


def _state(pk: int) -> str:
    return settings.SITE.models.care.Client.objects.get(pk=pk).client_state.name


def _form(**values: str) -> str:
    """A form body as Lino's ExtJS client sends it (a choice as text and ``...Hidden`` value)."""
    return "&".join(f"{name}={value}" for name, value in values.items())


@pytest.mark.django_db
def test_the_detail_shows_the_workflow_state_read_only(robin):
    shown = robin.get(f"/api/care/Clients/{BERND}", {"fmt": "json", "an": "detail"})
    data = json.loads(shown.content)["data"]
    assert data["client_state"] == "Newcomer"
    assert data["disabled_fields"]["client_state"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["submit_detail", "grid_put"])
def test_a_form_cannot_change_the_workflow_state(robin, action):
    """Only a transition changes the state (its checks and hooks run); Lino's forms
    save the other fields and ignore the state."""
    body = _form(
        an=action, first_name="Bernhard", last_name="Brecht",
        client_state="Coached", client_stateHidden="30",
    )
    saved = robin.put(
        f"/api/care/Clients/{BERND}", body, content_type="application/x-www-form-urlencoded"
    )
    response = json.loads(saved.content)
    assert response["success"] and response["message"] == "Mr Bernhard Brecht has been updated."
    assert _state(BERND) == "newcomer"
    assert settings.SITE.models.care.Client.objects.get(pk=BERND).first_name == "Bernhard"


@pytest.mark.django_db
def test_a_new_row_cannot_choose_its_workflow_state(robin):
    body = {
        "an": "grid_post", "first_name": "Dora", "last_name": "Dupont",
        "client_state": "Coached", "client_stateHidden": "30",
    }
    created = robin.post("/api/care/Clients", body)
    assert json.loads(created.content)["success"], created.content
    assert settings.SITE.models.care.Client.objects.get(last_name="Dupont").client_state.name == (
        "newcomer"
    )


def test_every_workflow_state_field_is_locked():
    """Each model with one of our workflows (here the client) locks its state field."""
    from lino_core_model.options import lino_options
    from lino_core_model.workflows import Workflow

    locked = []
    for model in apps.get_models():
        name = lino_options(model).workflow_state_field
        field = model._meta.get_field(name) if name else None
        if issubclass(getattr(field, "choicelist", type(None)), Workflow):
            assert name in model().disabled_fields(None)
            locked.append(model._meta.label)
    assert locked == ["care.Client"]


def _our_actors() -> list[Any]:
    from lino.core import actors

    from lino_core_model.models import Model

    return [
        actor for actor in actors.actors_list
        if isinstance(getattr(actor, "model", None), type) and issubclass(actor.model, Model)
    ]


def test_every_toolbar_button_shows_an_icon_or_a_word():
    """Lino's ExtJS toolbar shows an action's icon, else its text: a lone symbol
    (the duplicate's "🗗") is a blank box where no font has its glyph."""
    from lino.modlib.users.choicelists import UserTypes

    blank = []
    for actor in _our_actors():
        windows = [actor.default_action, actor.detail_action]
        for window in filter(None, windows):
            for ba in actor.get_toolbar_actions(window.action, UserTypes.admin):
                action = ba.action
                text = action.button_text or str(action.get_label())
                if not (action.icon_name or any(c.isalnum() for c in text)):
                    blank.append(f"{actor}.{action.action_name}: {text!r}")
    assert {str(a) for a in _our_actors()} >= {"care.Clients", "coachings.CoachingTypes"}
    assert blank == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/coachings/CoachingTypes", "/api/contacts/Persons"])
def test_the_phantom_row_has_no_id(robin, url):
    """The phantom (new) row is empty, in ours as in Lino's own persons. Its grid
    shows ID "0" in both: Lino's ExtJS store reads an AutoField as ``int`` without
    ``useNull``, which turns the empty ID into 0."""
    rows = json.loads(robin.get(url, {"fmt": "json"}).content)["rows"]
    *values, meta = rows[-1]
    assert meta == {"meta": True, "phantom": True}
    assert set(values) == {None}


@pytest.fixture
def lino_request() -> Any:
    """Lino's own request on the clients table, as robin."""
    from lino.api import rt

    Client = settings.SITE.models.care.Client
    return rt.login("robin").spawn(Client.get_default_table())


@pytest.mark.django_db
def test_lino_row_permissions_apply_to_our_rows(monkeypatch, lino_request):
    """Our client is a Lino Person too: Lino's request asks Lino's rule (the user
    type's roles and the action's states) as well as ours; our own requests ask ours."""
    from lino.core.model import Model as LinoModel

    from lino_core_model.actions import ActionRequest

    bernd = settings.SITE.models.care.Client.objects.get(pk=BERND)
    delete = lino_request.actor.get_action_by_name("delete_selected")
    assert bernd.get_row_permission(lino_request, None, delete)
    monkeypatch.setattr(LinoModel, "get_row_permission", lambda *args: False)
    monkeypatch.setattr(LinoModel, "disabled_fields", lambda self, ar: {"merge_row"})
    assert not bernd.get_row_permission(lino_request, None, delete)
    assert bernd.disabled_fields(lino_request) == {"merge_row", "client_state"}
    ours = ActionRequest(user=lino_request.get_user())
    assert bernd.get_row_permission(ours, None, None)  # not Lino's request: ours alone
    transition = lino_request.actor.get_action_by_name("wf1").action.transition
    assert bernd.get_row_permission(lino_request, None, transition)  # our action: ours too
    assert bernd.disabled_fields(ours) == {"client_state"}


@pytest.mark.django_db
def test_lino_hooks_run_after_ours(monkeypatch, lino_request):
    """The hooks of Lino's Person and Model (after ours in the bases) still run:
    Lino's before_ui_save cleans the HTML of rich text fields, Person's on_create
    sets the language."""
    from lino_core_model.models import UIHooks

    Client = settings.SITE.models.care.Client
    mro = Client.__mro__
    called = []
    for name in ("on_create", "before_ui_save", "after_ui_save", "after_ui_create"):
        lino_class = next(c for c in mro[mro.index(UIHooks) + 1 :] if name in vars(c))
        assert lino_class.__module__.startswith(("lino.", "lino_xl."))
        monkeypatch.setattr(lino_class, name, lambda self, *a, name=name: called.append(name))
    bernd = Client.objects.get(pk=BERND)
    bernd.on_create(lino_request)
    bernd.before_ui_save(lino_request, None)
    bernd.after_ui_save(lino_request, None)
    bernd.after_ui_create(lino_request)
    assert called == ["on_create", "before_ui_save", "after_ui_save", "after_ui_create"]
