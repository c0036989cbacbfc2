"""Run inside a built example project (``DJANGO_SETTINGS_MODULE=mysite.settings``):
the behaviours the tutorial promises, on the tutorial's own models."""

import datetime
import io

import django

django.setup()

from crm.models import (  # noqa: E402
    Client,
    Note,
    NotesPerMonth,
    Organisation,
    Person,
    Role,
    RoleType,
    User,
)
from django.core.management import call_command  # noqa: E402
from django.test import Client as Client_  # noqa: E402

from lino_coachings.models import Coaching, CoachingType  # noqa: E402
from lino_core_model.api import rt  # noqa: E402
from lino_core_model.workflows import allowed_transitions  # noqa: E402

ann = User.objects.create_user("ann", password="1234", first_name="Ann")
bob = User.objects.create_user("bob", password="1234")

# Veto: a role type in use cannot be deleted (PROTECT), with a clear message.
manager = RoleType.objects.create(name="Manager")
acme = Organisation.objects.create(name="Acme")
jim = Person.objects.create(name="Jim Jones", last_name="Jones")
Role.objects.create(type=manager, person=jim, organisation=acme)
assert manager.disable_delete() == "Cannot delete Manager because 1 role refers to it.", (
    manager.disable_delete()
)

# Duplicate: the organisation's roles come along (allow_cascaded_delete).
copy = acme.duplicate()
assert Role.objects.filter(organisation=copy).count() == 1

# Merge: everything pointing at the merged person moves to the kept one.
jim2 = Person.objects.create(name="Jim Jones (2)", last_name="Jones")
Role.objects.create(person=jim2, organisation=acme)
print(jim2.merge_into(jim))
assert not Person.objects.filter(pk=jim2.pk).exists()
assert Role.objects.filter(person=jim).count() == 3

# A coaching: the primary coach, one per client.
doe = Client.objects.create(name="Doe John", first_name="John", last_name="Doe")
gss = CoachingType.objects.create(name="General Social Service")
Coaching.objects.create(
    client=doe, user=ann, type=gss, primary=True, start_date=datetime.date(2025, 1, 1)
)
Coaching.objects.create(
    client=doe, user=bob, type=gss, primary=True, start_date=datetime.date(2025, 3, 1)
)
assert doe.get_primary_coach() == bob
assert Coaching.objects.filter(client=doe, primary=True).count() == 1

# A transition of the note workflow.
note = Note.objects.create(
    client=doe, user=ann, subject="First visit", owner=doe, date=datetime.date(2025, 3, 4)
)
ar = rt.login("ann")
assert [str(a.label) for a in allowed_transitions(note, ar)] == ["Mark as done", "Cancel"]
print(allowed_transitions(note, ar)[0].run_from_code(ar, note))
note.refresh_from_db()
assert note.state.name == "done"

# The client transitions the project added to lino_clients' states.
register = allowed_transitions(doe, ar)
assert [str(a.label) for a in register] == ["Register"], register
print(register[0].run_from_code(ar, doe))
doe.refresh_from_db()
assert doe.client_state.name == "coached"

# checksummaries: the monthly summary of notes per user.
out = io.StringIO()
call_command("checksummaries", stdout=out)
print(out.getvalue().strip())
row = NotesPerMonth.objects.get(master=ann, year=2025, month=3)
assert row.notes == 1, row.notes
assert not NotesPerMonth.objects.filter(master=bob, notes__gt=0).exists()
# The admin: our change form, the quick search, the site tools and their link.
User.objects.create_superuser("admin", password="1234")
browser = Client_(raise_request_exception=True)
browser.login(username="admin", password="1234")
index = browser.get("/admin/").content.decode()
assert 'href="/admin/tools/"' in index, index
assert "Check summaries" in browser.get("/admin/tools/").content.decode()
roe = Client.objects.create(name="Roe Jane", first_name="Jane", last_name="Roe")
found = browser.get("/admin/crm/client/", {"q": f"#{doe.pk}"}).content.decode()
assert f"/admin/crm/client/{doe.pk}/change/" in found
assert f"/admin/crm/client/{roe.pk}/change/" not in found
assert browser.get(f"/admin/crm/client/{doe.pk}/change/").status_code == 200
print("EXERCISED")
