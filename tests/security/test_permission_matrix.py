"""The permission matrix: every kind of admin URL for every kind of user, on the demo data.

For each user kind (the superuser robin, the coach rolf, the coachings staff
nelly, a staff user who may only view clients, an anonymous visitor) and each
kind of admin URL (list, add, change, delete, history, each changelist action,
each row action, the site tools, autocomplete), the expected outcome: the
status, ``*`` when the request changed the database, ``login`` for a redirect
to the login page. A refused request changes nothing (the whole database
outside the sessions is compared). Client 120 (ABDALLA Aádil) is rolf's
primary client; coaching 2 is rolf's, coaching 7 robin's.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import transaction
from django.test import Client as HttpClient

from demo_project.avanti.models import Client
from demo_project.contacts.models import Partner
from demo_project.users.models import User
from lino_checkdata.models import Problem

pytestmark = pytest.mark.django_db

USERS = ("robin", "rolf", "nelly", "viewer", "anonymous")
CLIENTS = "/admin/avanti/client/"
ROW = f"{CLIENTS}120/"
COACHINGS = "/admin/coachings/coaching/"
AUTOCOMPLETE = "/admin/autocomplete/?app_label=notes&model_name=note&field_name=partner&term=Ar"


def _changelist_action(
    name: str, url: str = CLIENTS, pk: str = "120", **data: str
) -> tuple[str, str, dict]:
    return ("POST", url, {"action": name, "_selected_action": [pk], **data})


#: case: (method, url, POST data)
CASES: dict[str, tuple[str, str, dict]] = {
    "list": ("GET", CLIENTS, {}),
    "add": ("GET", f"{CLIENTS}add/", {}),
    "add POST": ("POST", f"{CLIENTS}add/", {}),
    "change": ("GET", f"{ROW}change/", {}),
    "change POST": ("POST", f"{ROW}change/", {}),
    "delete (vetoed)": ("GET", f"{ROW}delete/", {}),
    "delete POST (vetoed)": ("POST", f"{ROW}delete/", {"post": "yes"}),
    "history": ("GET", f"{ROW}history/", {}),
    "action delete_selected": _changelist_action("delete_selected", post="yes"),
    "action duplicate_selected": _changelist_action("duplicate_selected"),
    "action merge_selected": _changelist_action(
        "merge_selected", source="120", target="135", confirm="yes"
    ),
    "action update_summaries": _changelist_action("update_summaries"),
    "action check_summaries": _changelist_action("check_summaries"),
    **{
        f"row action {name}": ("POST", f"{ROW}action/{name}/", {})
        for name in ("wf1", "wf2", "wf3", "wf4", "wf5", "wf6", "check_summaries")
    },
    "coaching list": ("GET", COACHINGS, {}),
    "robin's coaching change POST": ("POST", f"{COACHINGS}7/change/", {}),
    "rolf's coaching delete": ("GET", f"{COACHINGS}2/delete/", {}),
    "rolf's coaching delete POST": ("POST", f"{COACHINGS}2/delete/", {"post": "yes"}),
    "coaching action delete_selected (rolf's)": _changelist_action(
        "delete_selected", COACHINGS, "2", post="yes"
    ),
    "coaching action duplicate_selected (robin's)": _changelist_action(
        "duplicate_selected", COACHINGS, "7"
    ),
    "problem list": ("GET", "/admin/checkdata/problem/", {}),
    "site tools": ("GET", "/admin/tools/", {}),
    "site tool check summaries": ("POST", "/admin/tools/", {"action": "0"}),
    "site tool check data": ("POST", "/admin/tools/", {"action": "1"}),
    "autocomplete": ("GET", AUTOCOMPLETE, {}),
}

#: case: outcome for robin, rolf, nelly, viewer, anonymous. A refused changelist action
#: is not offered ("No action selected.", 302, nothing changed); the viewer has no
#: action at all (the list again, 200).
EXPECTED: dict[str, tuple[str, ...]] = {
    "list": ("200", "200", "200", "200", "login"),
    "add": ("200", "200", "200", "403", "login"),
    "add POST": ("200", "200", "200", "403", "login"),  # an empty form: errors
    "change": ("200", "200", "200", "200", "login"),  # the viewer's is read-only
    "change POST": ("200", "200", "200", "403", "login"),
    "delete (vetoed)": ("302", "302", "302", "403", "login"),  # the veto, as a message
    "delete POST (vetoed)": ("302", "302", "302", "403", "login"),
    "history": ("200", "200", "200", "200", "login"),
    "action delete_selected": ("302", "302", "302", "200", "login"),  # vetoed
    "action duplicate_selected": ("302*", "302", "302*", "200", "login"),  # rolf may not
    # copy the coachings of romain and nathalie
    "action merge_selected": ("302*", "302", "302", "200", "login"),  # Expert only
    "action update_summaries": ("302*", "302*", "302*", "200", "login"),
    "action check_summaries": ("302*", "302", "302", "200", "login"),  # site staff only
    # wf1-3 and wf6 are no transitions from the client's state
    "row action wf1": ("403", "403", "403", "403", "login"),
    "row action wf2": ("403", "403", "403", "403", "login"),
    "row action wf3": ("403", "403", "403", "403", "login"),
    "row action wf4": ("302*", "302*", "302*", "403", "login"),
    "row action wf5": ("302*", "302*", "302*", "403", "login"),
    "row action wf6": ("403", "403", "403", "403", "login"),
    "row action check_summaries": ("302*", "302*", "302*", "403", "login"),
    "coaching list": ("200", "200", "200", "403", "login"),
    "robin's coaching change POST": ("200", "403", "200", "403", "login"),
    "rolf's coaching delete": ("200", "403", "200", "403", "login"),  # coaches may not
    "rolf's coaching delete POST": ("302*", "403", "302*", "403", "login"),
    "coaching action delete_selected (rolf's)": ("302*", "302", "302*", "403", "login"),
    "coaching action duplicate_selected (robin's)": ("302*", "302", "302*", "403", "login"),
    "problem list": ("200", "200", "200", "403", "login"),  # rolf's own problems
    "site tools": ("200", "200", "200", "200", "login"),  # "You may not run any site action."
    "site tool check summaries": ("302*", "403", "403", "403", "login"),
    "site tool check data": ("302*", "403", "403", "403", "login"),
    "autocomplete": ("200", "200", "200", "403", "login"),  # needs viewing partners
}


@pytest.fixture
def viewer(db) -> User:
    """A staff user (may log in to the admin) with one permission: view clients."""
    user = User.objects.create_user("viewer", password="1234", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="avanti", codename="view_client")
    )
    return user


def _stale() -> None:
    """Make the effect of the summary and check actions visible in the database."""
    Client.objects.filter(pk=120).update(active_from=None)
    Partner.objects.filter(pk=105).update(name=" Donderweer BV")


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (sessions and the time of the last login aside), to
    tell whether a request changed one."""
    models = [m for m in apps.get_models() if not m._meta.proxy and m._meta.app_label != "sessions"]
    return {
        m._meta.label: list(
            m._base_manager.order_by("pk").values_list(
                *[f.attname for f in m._meta.concrete_fields if f.name != "last_login"]
            )
        )
        for m in [*models, LogEntry]
    }


def outcome(username: str, method: str, url: str, data: dict, before: dict) -> str:
    """What ``username`` gets for the request; rolled back, so each user starts alike."""
    http = HttpClient()
    with transaction.atomic():
        if username != "anonymous":
            http.force_login(User.objects.get(username=username))
        _stale()
        response = http.post(url, data) if method == "POST" else http.get(url)
        changed = snapshot() != before
        transaction.set_rollback(True)
    if response.status_code == 302 and "/login/" in response.url:
        return "login"
    return f"{response.status_code}{'*' if changed else ''}"


@pytest.mark.parametrize("case", CASES)
def test_permission_matrix(case, viewer):
    method, url, data = CASES[case]
    with transaction.atomic():
        _stale()
        before = snapshot()
        transaction.set_rollback(True)
    got = tuple(outcome(u, method, url, data, before) for u in USERS)
    assert got == EXPECTED[case], f"{case}: {dict(zip(USERS, got, strict=True))}"


# -- panels and data problems (issue 13, findings 4 and 10) -------------------

PANELS = {"coachings.CoachingsByClient", "checkdata.ProblemsByOwner"}


def _logged_in(username: str) -> HttpClient:
    http = HttpClient()
    http.force_login(User.objects.get(username=username))
    return http


def _panels(http: HttpClient) -> dict[str, str]:
    response = http.get(f"{ROW}change/")
    assert response.status_code == 200
    return {p.name: str(p.html) for p in response.context["lino_panels"]}


def test_panels_only_for_users_who_may_view_their_model(viewer):
    assert not PANELS & set(_panels(_logged_in("viewer")))
    assert PANELS <= set(_panels(_logged_in("rolf")))


def test_panels_link_only_to_pages_the_user_may_view(viewer):
    for username in ("rolf", "robin"):
        http = _logged_in(username)
        links = set(re.findall(r'href="([^"]+)"', "".join(_panels(http).values())))
        assert links or username == "rolf"  # rolf may view no user, type or ending
        assert {url: http.get(url).status_code for url in links} == dict.fromkeys(links, 200)
    rolf_links = "".join(_panels(_logged_in("rolf")).values())
    assert "/admin/users/user/" not in rolf_links  # rolf may not view users
    assert ">nathalie<" in rolf_links.replace("<td>", ">")  # the coach, as text


def _problems() -> dict[str, Problem]:
    owner = Client.objects.get(pk=120)
    users = {u.username: u for u in User.objects.filter(username__in=["rolf", "nathalie"])}
    return {
        name: Problem.objects.create(
            owner=owner, checker="x.Y", message=f"for {name}", user=users.get(name)
        )
        for name in ("rolf", "nathalie", "nobody")
    }


def test_each_user_sees_their_own_data_problems_and_site_staff_all(viewer):
    _problems()
    seen = {}
    for username in ("rolf", "robin"):
        http = _logged_in(username)
        listed = http.get("/admin/checkdata/problem/").context["cl"].result_list
        panel = _panels(http)["checkdata.ProblemsByOwner"]
        seen[username] = (sorted(p.message for p in listed), sorted(re.findall(r"for \w+", panel)))
    assert seen["rolf"] == (["for rolf"], ["for rolf"])
    assert seen["robin"] == (["for nathalie", "for nobody", "for rolf"],) * 2
    staff = User.objects.create_user("staff", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["site_staff", "view_problem"])
    )
    listed = _logged_in("staff").get("/admin/checkdata/problem/").context["cl"].result_list
    assert len(listed) == 3


def test_rolf_may_not_open_a_problem_of_nathalie(viewer):
    problems = _problems()
    http = _logged_in("rolf")
    assert http.get(f"/admin/checkdata/problem/{problems['rolf'].pk}/change/").status_code == 200
    response = http.get(f"/admin/checkdata/problem/{problems['nathalie'].pk}/change/")
    assert response.status_code == 302 and response.url == "/admin/"  # "does not exist"
