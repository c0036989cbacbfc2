"""The escaping crawl: markup and a control character in every text field of the demo.

Every admin page (index, changelist, add, change, delete, history, the site
tools, the merge confirmation) is loaded as the superuser (robin) and as a
coach (rolf): no page shows the markup unescaped, none answers 500.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils.html import escape

from demo_project.avanti.models import Client
from demo_project.users.models import User
from lino_checkdata.models import Problem
from lino_gfks.models import HelpText

pytestmark = pytest.mark.django_db

MARKUP = "<img src=x onerror=alert(1)>"
CONTROL = "\x0b"  # vertical tab: not allowed in XML, lxml refuses it
LONG = f"{MARKUP}Moved{CONTROL}away"
SHORT = f"<img src=x>{CONTROL}"
UNESCAPED = "<img src=x"
ESCAPED = "&lt;img src=x"

# Texts that are code, not data: the names of models, sessions, passwords, choices.
CODE = {
    (ContentType, "app_label"),
    (ContentType, "model"),
    (Permission, "codename"),
    (User, "password"),
    (HelpText, "field"),
    (LogEntry, "object_id"),
}
SKIPPED_MODELS = {Session}


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The text fields stored in ``model``'s own table that may hold the markup."""
    return [
        f
        for f in model._meta.local_concrete_fields
        if isinstance(f, (models.CharField, models.TextField))
        and not f.choices
        and (model, f.name) not in CODE
        and (f.max_length or 1000) >= len(SHORT) + 4
    ]


def poison_all_text_fields() -> int:
    """Store the markup (and a control character) in every text field; the fields done."""
    done = 0
    for model in apps.get_models():
        if model in SKIPPED_MODELS or model._meta.proxy:
            continue
        for field in text_fields(model):
            text = LONG if (field.max_length or 1000) >= len(LONG) + 4 else SHORT
            value = models.Value(text)
            if field.unique:  # one value per row
                value = Concat(value, Cast("pk", models.CharField()))
            model._base_manager.update(**{field.name: value})
            done += 1
    return done


def add_rows_showing_texts(user: User) -> None:
    """A history entry for the crawled row of each model, a data problem of a client."""
    for model in admin.site._registry:
        row = model._base_manager.order_by("pk").first()
        if row is not None:
            LogEntry.objects.create(
                user=user,
                content_type=ContentType.objects.get_for_model(model),
                object_id=str(row.pk),
                object_repr="x",
                action_flag=CHANGE,
                change_message="x",
            )
    Problem.objects.create(owner=Client.objects.get(pk=120), checker="x", message="x")


def admin_urls(model: type[models.Model]) -> list[str]:
    """The admin pages of ``model``: list, add, and change, delete, history of one row."""
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{info}_changelist"), reverse(f"{info}_add")]
    row = model._base_manager.order_by("pk").first()
    if row is not None:
        urls += [
            reverse(f"{info}_{page}", args=[row.pk]) for page in ("change", "delete", "history")
        ]
    return urls


def check_page(client, url: str, method: str = "get", **data) -> str:
    response = getattr(client, method)(url, data, follow=True)
    content = response.content.decode()
    assert response.status_code != 500, url
    assert UNESCAPED not in content, f"{url}: {content[content.index(UNESCAPED) - 200 :][:400]}"
    return content


@pytest.fixture(params=["robin", "rolf"])
def user_client(request, client):
    """Logged in as the superuser or as a coach, after poisoning the data."""
    user = User.objects.get(username=request.param)
    add_rows_showing_texts(user)
    assert poison_all_text_fields() > 20
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_admin_pages_of_every_model(user_client, model):
    for url in admin_urls(model):
        check_page(user_client, url)


def test_site_pages(user_client):
    check_page(user_client, reverse("admin:index"))
    for app_label in {m._meta.app_label for m in admin.site._registry}:
        check_page(user_client, reverse("admin:app_list", args=[app_label]))
    check_page(user_client, "/admin/tools/")
    check_page(user_client, reverse("admin:auth_user_password_change", args=[user_client.user.pk]))


def test_merge_confirmation(user_client):
    """The confirmation page for robin; a refusal (no merge permission) for rolf."""
    url = reverse("admin:contacts_person_changelist")
    content = check_page(
        user_client,
        url,
        "post",
        action="merge_selected",
        _selected_action=["203", "220"],
        source="203",
        target="220",
    )
    if user_client.user.is_superuser:
        assert "merge" in content.lower()
    else:
        assert "No action selected" in content  # merge is not offered to rolf
    check_page(
        user_client,
        url,
        "post",
        action="merge_selected",
        _selected_action=["203"],
        source="203",
        target="220",
    )


def test_the_markup_is_shown_escaped(user_client):
    """The crawl sees the data: the escaped markup is on the pages."""
    content = check_page(user_client, reverse("admin:avanti_client_change", args=[120]))
    assert ESCAPED in content
    content = check_page(user_client, reverse("admin:contacts_company_change", args=[100]))
    assert escape(SHORT) in content  # the short markup in the 40 characters of "ref"
