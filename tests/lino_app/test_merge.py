"""Lino's merge dialog (``merge_row``) on a client, through Lino's JSON API.

The Django test client plays Lino's web UI: a first request asks the merge
(Lino answers with its confirmation dialog, whose text is our plan's dry run),
a second one answers "yes" (``xcallback__<id>``) and the merge runs.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

pytest.importorskip(
    "lino", reason="Lino is not installed: scripts/test-lino runs these tests in .venv-lino"
)

from django.conf import settings  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture
def robin(client):
    """The test client signed in as robin (a site administrator, hence a Lino ``Expert``)."""
    client.force_login(settings.SITE.models.users.User.objects.get(username="robin"))
    return client


def clients() -> dict[str, Any]:
    """The demo's clients by first name."""
    return {c.first_name: c for c in settings.SITE.models.care.Client.objects.all()}


def merge(client, source: Any, target: Any, answer: dict | None = None, **values: Any) -> dict:
    """Lino's JSON answer to the merge dialog of ``source`` filled with ``merge_to=target``."""
    action = settings.SITE.models.care.Clients.get_action_by_name("merge_row").action
    values = {"merge_to": getattr(target, "pk", ""), "reason": "", **values}
    fv = [values.get(f.field.name, "true") for f in action.params_layout.params_store.param_fields]
    response = client.get(
        f"/api/care/Clients/{source.pk}", {"an": "merge_row", "fv": fv, **(answer or {})}
    )
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def coachings(client: Any) -> Any:
    return settings.SITE.models.coachings.Coaching.objects.filter(client=client)


def contacts(client: Any) -> Any:
    return settings.SITE.models.clients.ClientContact.objects.filter(client=client)


def yes(question: dict) -> dict:
    """The answer "yes" to Lino's confirmation dialog ``question``."""
    return {"xcallback__" + question["xcallback"]["id"]: "yes"}


def test_lino_merge_row_is_ours_with_lino_dialog():
    from lino_core_model.lino_adapter import LinoMerge

    action = settings.SITE.models.care.Clients.get_action_by_name("merge_row").action
    assert isinstance(action, LinoMerge)
    # Lino's "Also reassign volatile related objects": a client's coachings
    assert list(action.parameters) == ["merge_to", "reason", "coachings_Coaching"]
    assert action.action_param_defaults(None, None)["coachings_Coaching"] is True


def test_without_allow_merge_action_no_merge_of_a_lino_parent(monkeypatch):
    """Our client inherits Lino's merge of Person (Lino gives one to every Person):
    a model of ours that does not allow merging offers none, rather than Lino's,
    which would skip our plan (vetoes, GFKs, locks)."""
    from lino.core.merge import MergeAction

    from lino_core_model.lino_adapter import give_row_actions

    Client = settings.SITE.models.care.Client
    monkeypatch.setattr(Client, "allow_merge_action", False)
    monkeypatch.setattr(Client, "clone_row", Client.clone_row)  # restored after the test
    monkeypatch.delattr(Client, "merge_row")
    assert isinstance(Client.merge_row, MergeAction)  # Person's, from Lino
    give_row_actions([Client])
    assert Client.merge_row is None


def test_lino_merge_dialog_shows_our_dry_run_then_merges(robin, caplog):
    anna, bernd = clients()["Anna"], clients()["Bernd"]
    question = merge(robin, anna, bernd, reason="same person")
    assert question["success"] and question["xcallback"]["buttons"][0] == ["yes", "Yes"]
    assert question["message"] == (
        '<div class="htmlText">'
        "<p>Are you sure you want to merge Mrs Anna Adam into Mr Bernd Brecht?</p>"
        "<p>1 Client Contact (client), 1 Coaching (client) will get reassigned.</p>"
        "<p>Mrs Anna Adam will be deleted.</p>"
        "<p>Reason: same person</p>"
        "</div>"
    )
    assert "Anna" in clients()  # a dry run

    with caplog.at_level(logging.INFO, logger="lino_core_model.merge"):
        done = merge(robin, anna, bernd, yes(question), reason="same person")
    assert done["success"] and done["record_deleted"]
    assert done["message"] == "Merged Mrs Anna Adam into Mr Bernd Brecht. Updated 2 related rows."
    assert "Anna" not in clients()
    assert contacts(bernd).count() == 2
    assert coachings(bernd).count() == 2
    assert coachings(bernd).filter(primary=True).count() == 1  # our pre_merge receiver
    assert "Reason: same person" in caplog.text


def test_an_unchecked_volatile_box_deletes_those_rows(robin):
    chantal, bernd = clients()["Chantal"], clients()["Bernd"]
    question = merge(robin, chantal, bernd, coachings_Coaching="false")
    assert "<p>2 Coachings (client) will be deleted.</p>" in question["message"]
    done = merge(robin, chantal, bernd, yes(question), coachings_Coaching="false")
    assert done["message"] == (
        "Merged Mrs Chantal Collard into Mr Bernd Brecht. Updated 1 related row."
        " Deleted 2 related rows."
    )
    assert coachings(bernd).count() == 1


@pytest.mark.parametrize(
    "target, message",
    [("anna", "Cannot merge an instance to itself."), (None, "You must specify a merge target.")],
)
def test_a_merge_our_plan_refuses_is_an_error_message(robin, target, message):
    anna = clients()["Anna"]
    answer = merge(robin, anna, anna if target else None)
    assert answer == {"alert": "Error", "message": message, "success": False}
    assert "Anna" in clients()


def test_a_merge_refused_after_the_question_is_an_error_message(robin):
    from lino_core_model.exceptions import MergeError
    from lino_core_model.signals import pre_merge

    def refuse(sender: Any, **kwargs: Any) -> None:
        raise MergeError(f"{sender.source} has open invoices.")

    anna, bernd = clients()["Anna"], clients()["Bernd"]
    question = merge(robin, anna, bernd)
    pre_merge.connect(refuse)  # another app objects to the merge
    try:
        answer = merge(robin, anna, bernd, yes(question))
    finally:
        pre_merge.disconnect(refuse)
    assert answer == {
        "alert": "Error",
        "message": "Mrs Anna Adam has open invoices.",
        "success": False,
    }
    assert coachings(anna).count() == 1 and "Anna" in clients()


def test_a_target_deleted_after_the_question_is_an_error_message(robin):
    anna, bernd = clients()["Anna"], clients()["Bernd"]
    question = merge(robin, anna, bernd)
    coachings(bernd).delete()
    contacts(bernd).delete()
    clients()["Bernd"].delete()  # meanwhile, by another user
    answer = merge(robin, anna, bernd, yes(question))
    # Lino reads the merge target anew: an unknown row is no target
    assert answer["success"] is False
    assert answer["message"] == "You must specify a merge target."
    assert coachings(anna).count() == 1
