"""Our apps in a real Lino application, its database built by Lino's ``prep``.

Run by ``scripts/test-lino`` with ``--ds=tests.lino_app.settings``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "lino", reason="Lino is not installed: scripts/test-lino runs these tests in .venv-lino"
)

from django.conf import settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUR_LABELS = ["gfks", "summaries", "clients", "coachings"]


def manage_env(db: Path) -> dict[str, str]:
    """The environment of a ``django-admin`` of the Lino application on database ``db``."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.lino_app.settings",
        "LINO_APP_DB": str(db),
    }


def manage(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=ROOT,
        env=manage_env(db),
        capture_output=True,
        text=True,
    )


def test_built_on_lino_users_and_contacts():
    from lino_clients.conf import app_settings

    plugins = settings.SITE.plugins
    assert plugins.users.app_name == "lino.modlib.users"
    assert plugins.contacts.app_name == "lino_xl.lib.contacts"
    assert settings.AUTH_USER_MODEL == "users.User"
    Client = settings.SITE.models.care.Client
    assert app_settings.CLIENT_MODEL == "care.Client"
    assert Client.__mro__.index(settings.SITE.models.contacts.Person) > 0


def test_prep_builds_the_database_from_a_clean_state(tmp_path):
    db = tmp_path / "lino_app.db"
    prep = manage(db, "prep", "--noinput")
    assert prep.returncode == 0, prep.stderr
    assert "Installed" in prep.stdout + prep.stderr
    # Lino's initdb runs makemigrations first: it found nothing to write
    check = manage(db, "makemigrations", "--check", "--dry-run")
    assert check.returncode == 0, check.stdout + check.stderr
    shown = manage(
        db,
        "shell",
        "-c",
        "from lino.api import rt; C = rt.models.coachings.Coaching;"
        "print(rt.models.care.Client.objects.count(), C.objects.count(),"
        " C.objects.filter(primary=True).count())",
    )
    assert shown.stdout.splitlines()[-1].split() == ["3", "4", "3"], shown.stderr


REQUIRED_ACTORS = [
    "clients.ClientContactTypes",
    "clients.ContactsByClient",
    "coachings.CoachingTypes",
    "coachings.CoachingEndings",
    "coachings.Coachings",
    "coachings.CoachingsByClient",
]


def test_our_plugins_are_visible_with_our_tables_as_lino_actors():
    from lino.core import actors

    for label in OUR_LABELS:
        assert not settings.SITE.plugins[label].hidden, label
    names = [str(a) for a in actors.actors_list]
    for name in REQUIRED_ACTORS:
        assert name in names


@pytest.mark.parametrize("name", REQUIRED_ACTORS)
def test_a_lino_actor_is_declared_as_our_table(name):
    from lino.core import actors

    from lino_core_model.tables import get_registry

    ours = get_registry()[name]
    label, table = name.split(".")
    theirs = actors.actors_dict[label][table]
    assert theirs.model is ours.get_model()
    assert theirs.column_names == " ".join(ours.get_column_names())
    assert theirs.master_key == ours.master_key
    order = ours.order_by.split() if isinstance(ours.order_by, str) else ours.order_by
    assert theirs.order_by == (list(order) if order else None)
    assert str(theirs.label) == str(ours.label)


@pytest.mark.django_db
def test_coaching_types_show_the_role_in_evaluations():
    CoachingTypes = settings.SITE.models.coachings.CoachingTypes
    assert CoachingTypes.column_names.split()[-1] == "eval_guestrole"
    field = CoachingTypes.model._meta.get_field("eval_guestrole")
    assert field.related_model is settings.SITE.models.care.GuestRole
    assert str(field.verbose_name) == "Role in evaluations"


@pytest.mark.django_db
def test_lino_menus_like_lino_xl():
    from lino.modlib.users.choicelists import UserTypes

    menu = settings.SITE.get_site_menu(UserTypes.admin)
    labels = {str(item.label): item for item in menu.items}
    config = {str(i.label): [str(a.label) for a in i.items] for i in labels["Configure"].items}
    explorer = {str(i.label): [str(a.label) for a in i.items] for i in labels["Explorer"].items}
    assert config["Clients"] == ["Client Contact types"]
    assert config["Coachings"] == ["Coaching types", "Coaching termination reasons"]
    assert explorer["Clients"] == ["Client Contacts"]
    assert explorer["Coachings"] == ["Coachings"]


def test_workflow_transitions_are_lino_workflow_buttons():
    Clients = settings.SITE.models.care.Clients
    buttons = [ba.action for ba in Clients.get_actions() if ba.action.show_in_workflow]
    assert [(str(b.label), b.target_state.name) for b in buttons] == [
        ("Register", "coached"),
        ("End", "former"),
        ("Refuse", "refused"),
    ]
    disabled = Clients._state_to_disabled_actions
    assert "wf1" not in disabled["newcomer"] and "wf1" in disabled["coached"]


def _request(actor: Any, obj: Any, **kwargs: Any) -> Any:
    robin = settings.SITE.models.users.User.objects.get(username="robin")
    return actor.create_request(user=robin, selected_rows=[obj], **kwargs)


@pytest.mark.django_db
def test_lino_duplicate_runs_ours():
    models = settings.SITE.models
    CoachingType = models.coachings.CoachingType
    ar = _request(models.coachings.CoachingTypes, CoachingType.objects.get(pk=1))
    CoachingType.clone_row.run_from_ui(ar)
    assert ar.response["message"] == "Duplicated Integration service to Integration service."
    assert CoachingType.objects.filter(name="Integration service").count() == 2


@pytest.mark.django_db
def test_lino_delete_asks_our_veto():
    ClientContactType = settings.SITE.models.clients.ClientContactType
    school = ClientContactType.objects.get(name="School")
    msg = "Cannot delete School because 3 Client Contacts refer to it."
    assert school.disable_delete() == msg
    assert school._lino_ddh.disable_delete_on_object(school) == msg


def test_lino_roles_come_from_our_view_permissions():
    from lino.modlib.users.choicelists import UserTypes

    models = settings.SITE.models

    def visible(actor: Any, user_type: Any) -> bool:
        return actor.default_action.get_view_permission(user_type)

    user, admin = UserTypes.user, UserTypes.admin
    # any signed-in user sees a client's coachings and contacts ...
    for actor in (models.coachings.CoachingsByClient, models.clients.ContactsByClient):
        assert visible(actor, user) and visible(actor, admin)
    # ... the coachings configuration is for their staff: here the site admin
    assert not visible(models.coachings.CoachingTypes, user)
    assert visible(models.coachings.CoachingTypes, admin)
