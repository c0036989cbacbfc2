"""The odd-input crawl: odd values in every date filter, every searchable select and
every multiple select of the demo's admins (issue 22: N2, N3, N5).

The fields are found by introspecting the registered admins as robin (the
superuser) and rolf (a coach) see them: the date hierarchy and the date list
filters of each change list, the fields of each add form and inline form
rendered as a select2 search box (``data-ajax--url``: Django's autocomplete
fields, our GFK owner search), and every ``ModelMultipleChoiceField``. Each odd
value answers a page (the form again, or the change list's "invalid
parameters"), never a 500; a search box or multiple select given an id beyond
any column's range says why on the form.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.filters import DateFieldListFilter
from django.test import RequestFactory
from django.urls import reverse

from demo_project.users.models import User

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
INVALID_UTF8 = "%FF%FE"  # percent-encoded: no str holds it
#: Values as they appear in a query string or a form body (percent-encoded): one of
#: each kind that reached a 500 (issue 22).
ODD_TEXTS = ["abc", "\x00", "1e308", "NaN", "１２", "\ufeff1", HUGE, f"-{HUGE}"]
ODD_VALUES = [*(quote(v, safe="") for v in ODD_TEXTS), INVALID_UTF8]
ODD_DATES = [*ODD_VALUES, *(quote(v) for v in ["99999999999", "9999", "99999-01-01", "2024-13-45"])]


@dataclass(frozen=True)
class FormField:
    """A field of an admin's add form, or of an inline form of it (``prefix``)."""

    url: str
    name: str
    prefix: str = ""

    def body(self, value: str) -> str:
        """The POST body giving the field ``value`` (percent-encoded)."""
        if not self.prefix:
            return f"{self.name}={value}"
        management = {
            f"{self.prefix}-TOTAL_FORMS": "1",
            f"{self.prefix}-INITIAL_FORMS": "0",
        }
        return f"{urlencode(management)}&{self.prefix}-0-{self.name}={value}"

    def errors(self, response) -> str:
        """The errors of the field on the page shown again."""
        if not self.prefix:
            return str(response.context["adminform"].form.errors.get(self.name, ""))
        for inline in response.context["inline_admin_formsets"]:
            if inline.formset.prefix == self.prefix:
                return str(inline.formset.forms[0].errors.get(self.name, ""))
        raise AssertionError(f"no inline {self.prefix} on {self.url}")


def request_as(user: User):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def model_admins(request) -> Iterator:
    return (
        model_admin
        for model_admin in admin.site._registry.values()
        if model_admin.has_view_or_change_permission(request)
    )


def form_pages(model_admin, request) -> Iterator[tuple[str, object]]:
    """``(URL, row)`` of the add page and of the change page of the first row, as far as
    the user may use them."""
    info = f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    if model_admin.has_add_permission(request):
        yield reverse(f"{info}_add"), None
    row = model_admin.get_queryset(request).order_by("pk").first()
    if row is not None and model_admin.has_change_permission(request, row):
        yield reverse(f"{info}_change", args=[row.pk]), row


def form_fields(user: User) -> Iterator[tuple[FormField, forms.Field, str]]:
    """Every field of every add and change form (and their inlines) ``user`` may fill
    in, with the form field and its HTML."""
    request = request_as(user)
    for model_admin in model_admins(request):
        for url, row in form_pages(model_admin, request):
            form = model_admin.get_form(request, row, change=row is not None)(instance=row)
            for name, field in form.fields.items():
                if not field.disabled:
                    yield FormField(url, name), field, str(form[name])
            for formset, _inline in model_admin.get_formsets_with_inlines(request, row):
                prefix = formset.get_default_prefix()
                inline_form = formset(instance=row, prefix=prefix).empty_form
                for name, field in inline_form.fields.items():
                    yield FormField(url, name, prefix), field, str(inline_form[name])


def searchable_selects(user: User) -> list[FormField]:
    return [f for f, _field, html in form_fields(user) if "data-ajax--url" in html]


def multiple_selects(user: User) -> list[FormField]:
    return [
        f
        for f, field, _html in form_fields(user)
        if isinstance(field, forms.ModelMultipleChoiceField)
    ]


def date_filter_queries(user: User) -> list[tuple[str, dict[str, str]]]:
    """``(changelist URL, {parameter: base value})`` of every date parameter: the date
    hierarchy's year, month and day (the parameters before it given good values),
    and the parameters of each date list filter."""
    request = request_as(user)
    found = []
    for model_admin in model_admins(request):
        opts = model_admin.opts
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        hierarchy = model_admin.get_date_hierarchy(request) if hasattr(
            model_admin, "get_date_hierarchy"
        ) else model_admin.date_hierarchy
        if hierarchy:
            good = {}
            for part, value in [("year", "2024"), ("month", "1"), ("day", "1")]:
                found.append((url, {**good, f"{hierarchy}__{part}": None}))
                good[f"{hierarchy}__{part}"] = value
        changelist = model_admin.get_changelist_instance(request)
        for spec in changelist.filter_specs:
            if isinstance(spec, DateFieldListFilter):
                found += [(url, {name: None}) for name in spec.expected_parameters()]
    return found


@pytest.fixture(params=["robin", "rolf"])
def crawler(request, client) -> User:
    user = User.objects.get(username=request.param)
    client.force_login(user)
    return user


def test_every_date_filter(client, crawler):
    queries = date_filter_queries(crawler)
    assert any("__year" in name for _url, params in queries for name in params)
    assert any("__gte" in name for _url, params in queries for name in params)
    for url, params in queries:
        for value in ODD_DATES:
            query = "&".join(f"{k}={value if v is None else v}" for k, v in params.items())
            response = client.get(f"{url}?{query}")
            assert response.status_code == 200 or response["Location"] == f"{url}?e=1", query


def test_every_searchable_select(client, crawler):
    fields = searchable_selects(crawler)
    assert any(f.name == "partner" for f in fields)  # the note's autocomplete
    assert any(f.prefix for f in fields)  # an inline's (a company's roles)
    for field in fields:
        for value in ODD_VALUES:
            response = post(client, field, value)
            assert response.status_code == 200, (field, value)
        assert field.errors(post(client, field, HUGE)), field


def test_every_multiple_select(client, crawler):
    fields = multiple_selects(crawler)
    if crawler.is_superuser:
        assert {f.name for f in fields} >= {"groups", "user_permissions"}
    for field in fields:
        for value in ODD_VALUES:
            response = post(client, field, value)
            assert response.status_code == 200, (field, value)
        assert "is not one of the available choices" in field.errors(post(client, field, HUGE))


def post(client, field: FormField, value: str):
    return client.post(
        field.url, field.body(value), content_type="application/x-www-form-urlencoded"
    )
