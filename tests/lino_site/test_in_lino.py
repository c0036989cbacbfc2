"""Our six apps inside a real Lino site (run by ``scripts/test-lino``)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from io import StringIO

import pytest

pytest.importorskip(
    "lino", reason="Lino is not installed: scripts/test-lino runs these tests in .venv-lino"
)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import IntegrityError, transaction  # noqa: E402
from lino.core.model import LINO_MODEL_ATTRIBS  # noqa: E402

from lino_core_model.api import rt  # noqa: E402
from lino_core_model.exceptions import DeleteVetoed  # noqa: E402
from lino_core_model.models import Model  # noqa: E402

pytestmark = [
    pytest.mark.django_db,
    # our demo data saves its rows itself: the Lino fixture that loads it holds none
    pytest.mark.filterwarnings("ignore:No fixture data found:RuntimeWarning"),
]
contacts = rt.models.contacts

OUR_LABELS = ["lino_core_model", "gfks", "checkdata", "summaries", "clients", "coachings"]


def test_lino_site_hosts_our_apps_under_their_django_labels():
    plugins = settings.SITE.plugins
    for label in OUR_LABELS:
        assert plugins[label].app_label == label
        assert plugins[label].__class__.__module__.endswith(".lino_plugin")
    assert plugins.clients.app_name == "lino_clients"


NEEDS_SCRIPT = """
from lino.api.ad import Site

class OnlyCoachings(Site):
    def get_installed_plugins(self):
        yield super().get_installed_plugins()
        yield "lino_coachings"

names = {"__file__": __file__}
OnlyCoachings(names)
print(" ".join(names["INSTALLED_APPS"]))
"""


def test_lino_s_own_checkdata_actors_are_not_taken_for_ours():
    """Lino imports the choicelists of lino.modlib.checkdata (label checkdata too)."""
    from lino.core.actors import actors_dict

    modules = {actor.__module__ for actor in actors_dict.checkdata.values()}
    assert "Problems" in actors_dict.checkdata
    assert not [m for m in modules if m.startswith("lino.modlib.checkdata")], modules


def test_checkdata_stores_the_problems_found():
    partner = contacts.Partner.objects.get(pk=105)
    partner.name = " Donderweer BV"
    partner.save()
    call_command("checkdata", "contacts.PartnerNameChecker", stdout=StringIO())
    problems = rt.models.checkdata.Problem.objects.filter(owner_id=105)
    assert [p.message for p in problems] == ["Name has leading or trailing spaces."]


def test_a_plugin_brings_the_apps_it_needs(tmp_path):
    script = tmp_path / "settings.py"  # Lino wants its Site class in a file
    script.write_text(NEEDS_SCRIPT)
    result = subprocess.run([sys.executable, script], capture_output=True, text=True, check=True)
    installed = result.stdout.split()
    assert installed.index("lino_core_model") < installed.index("lino_clients")
    assert installed.index("lino_clients") < installed.index("lino_coachings")


def test_lino_copies_none_of_its_methods_over_ours():
    ours = [name for name in LINO_MODEL_ATTRIBS if hasattr(Model, name)]
    for model in rt.models_by_base(Model):
        for name in ours:
            attr = getattr(model, name)
            module = getattr(attr, "__module__", None) or ""
            assert not module.startswith("lino."), f"{model.__name__}.{name} is Lino's"


def test_lino_protects_as_we_do_no_new_migrations():
    labels = [*OUR_LABELS, "users", "contacts", "avanti", "contracts", "cal", "notes"]
    call_command("makemigrations", *labels, check=True, dry_run=True, verbosity=0)


def test_delete_veto_one_message():
    person = contacts.Person.objects.get(pk=203)
    msg = "Cannot delete ARENS Andreas because 1 Contact person refers to it."
    assert person.disable_delete() == msg
    assert person._lino_ddh.disable_delete_on_object(person) == msg  # Lino's own check
    with pytest.raises(DeleteVetoed, match=msg):
        person.delete()
    assert contacts.Person.objects.filter(pk=203).exists()


def test_our_options_are_read_as_declared():
    """Lino turns these attributes into field objects; our options hold the names."""
    from lino_core_model.options import lino_options

    assert lino_options(contacts.Person).search_fields == (
        "name", "first_name", "last_name", "email")
    assert lino_options(rt.models.avanti.Client).workflow_state_field == "client_state"


def test_quick_search():
    Company = contacts.Company
    assert [c.pk for c in Company.objects.filter(Company.quick_search_filter("*rumma"))] == [100]
    found = Company.objects.filter(Company.quick_search_filter("bäckerei eupen"))
    assert found.count() == 3


def test_tables_render_in_rt_show_format(capsys):
    rt.show(rt.models.notes.NoteStates)
    assert capsys.readouterr().out.splitlines()[:4] == [
        "======= =========== =========== =============",
        " value   name        text        Button text",
        "------- ----------- ----------- -------------",
        " 10      draft       Draft       ☐",
    ]


SHOWN_BY_LINO = [
    "clients.ClientContactTypes",
    "clients.ClientContacts",
    "clients.ClientContactsByType",
    "coachings.CoachingTypes",
    "coachings.CoachingEndings",
]


def test_lino_actors_print_through_lino_show(monkeypatch, capsys):
    """The specs' tables that are Lino actors here print through Lino's own ``show``."""
    from lino.core import actors
    from lino.core.requests import BaseRequest

    from lino_core_model import render

    shown = []
    lino_show = BaseRequest.show

    def spy(ar, spec, *args, **kwargs):
        shown.append(spec)
        return lino_show(ar, spec, *args, **kwargs)

    monkeypatch.setattr(BaseRequest, "show", spy)
    monkeypatch.setattr(render, "show", lambda ar: pytest.fail(f"ours printed {ar.table}"))
    for name in SHOWN_BY_LINO:
        label, table = name.split(".")
        rt.show(getattr(getattr(rt.models, label), table), None)
        assert shown[-1] is actors.actors_dict[label][table]
    assert "Health insurance" in capsys.readouterr().out


def test_lino_show_refuses_what_the_user_may_not_view(monkeypatch):
    """The view permission is ours, checked before Lino prints (Lino's request is anonymous)."""
    from django.core.exceptions import PermissionDenied
    from lino.core.requests import BaseRequest

    monkeypatch.setattr(BaseRequest, "show", lambda *a, **k: pytest.fail("Lino printed"))
    with pytest.raises(PermissionDenied, match="rolf may not view"):
        rt.login("rolf").show(rt.models.coachings.CoachingTypes)


def test_tables_lino_cannot_show_as_declared_print_through_ours(capsys):
    """Parameters and a table's own rows are not derived: Lino would show other rows."""
    from lino_core_model.actions import lino_actor

    coachings = rt.models.coachings
    for table in (coachings.Coachings, coachings.MyCoachings, coachings.CoachingsByEnding):
        assert lino_actor(table) is None
    assert lino_actor(rt.models.clients.ClientStates) is None  # ours: not a Lino choicelist


def test_primary_coach_enforced():
    Coaching = rt.models.coachings.Coaching
    first = Coaching.objects.filter(primary=True).first()
    coach = rt.models.users.User.objects.exclude(pk=first.user_id).first()
    second = Coaching(client=first.client, user=coach, primary=True, start_date=first.start_date)
    second.save()
    first.refresh_from_db()
    assert not first.primary
    assert first.client.get_primary_coach() == coach
    with pytest.raises(IntegrityError), transaction.atomic():
        Coaching.objects.filter(pk=first.pk).update(primary=True)


def test_checksummaries():
    Client = rt.models.avanti.Client
    rt.models.contracts.Contract.objects.create(client_id=165, start_date=date(2024, 2, 1))
    call_command("checksummaries", stdout=StringIO())
    assert Client.objects.get(pk=165).active_from == date(2024, 2, 1)


def test_gfk_veto_one_message():
    gina = contacts.Person.objects.create(first_name="Gina", last_name="Gfk")
    rt.models.notes.Note.objects.create(
        partner_id=100, owner=gina, date=date(2024, 5, 1), subject="About Gina"
    )
    msg = "Cannot delete GFK Gina because 1 Note refers to it."
    assert gina.disable_delete() == msg  # what Lino's delete action asks
    assert gina._lino_ddh.disable_delete_on_object(gina) is None  # Lino: nullable GFK, no veto
    with pytest.raises(DeleteVetoed, match=msg):
        gina.delete()
