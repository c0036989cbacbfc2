"""The demo in a real browser: every Lino behaviour of the admin, as a user sees it."""

from __future__ import annotations

import re

import pytest

from demo_project.avanti.models import Client
from demo_project.contacts.models import Company, Person, Role
from lino_clients.choicelists import ClientStates

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_quick_search_and_client_page(browser):
    page = browser.goto("/")
    browser.shot("front-page")
    page.click("text=Open the admin")
    browser.shot("login")
    browser.login()
    browser.shot("admin-index")
    browser.goto("/admin/avanti/client/")
    page.fill("#searchbar", "#120")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**/?q=%23120")
    browser.shot("quick-search")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    rows.locator("th a").click()
    page.wait_for_url(re.compile(r".*/avanti/client/120/change/"))
    browser.shot("client-page")
    coachings = page.locator("#lino-panel-coachingscoachingsbyclient")
    assert coachings.locator("tbody tr").count() == 3
    assert "rolf" in coachings.inner_text()
    contacts = page.locator("#client_contacts-group")
    assert contacts.locator("tr.form-row.has_original").count() == 2
    assert page.locator("#lino-panel-summary").inner_text().count("2024-") == 2


def test_state_transition_button(browser):
    browser.login()
    page = browser.goto("/admin/avanti/client/120/change/")
    assert page.inner_text("#lino-state") == "Registered"
    page.click("button[data-action=wf4]")  # Deactivate
    page.wait_for_load_state()
    browser.shot("after-transition")
    assert "is now Inactive." in browser.messages()
    assert page.inner_text("#lino-state") == "Inactive"
    assert Client.objects.get(pk=120).client_state == ClientStates.inactive


def test_delete_of_referenced_partner_shows_the_veto(browser):
    browser.login()
    page = browser.goto("/admin/contacts/person/203/change/")
    page.click("a.deletelink")
    page.wait_for_url("**/person/203/change/")
    browser.shot("delete-veto")
    assert "Cannot delete ARENS Andreas because 1 Contact person refers to it." in (
        browser.messages())
    assert Person.objects.filter(pk=203).exists()


def test_delete_confirmation_counts_the_cascade(browser):
    company = Company.objects.create(name="Cascade Ltd")
    Role.objects.bulk_create(Role(company=company, person_id=pk) for pk in (201, 202, 203))
    browser.login()
    page = browser.goto(f"/admin/contacts/company/{company.pk}/delete/")
    browser.shot("delete-confirmation")
    assert "Contact persons: 3" in page.inner_text("#content")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/contacts/company/")
    assert not Role.objects.filter(company_id=company.pk).exists()


def _run_action(browser, changelist: str, pks: list[int], action: str) -> None:
    page = browser.goto(changelist)
    for pk in pks:
        page.check(f"input.action-select[value='{pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state()


def test_duplicate_a_client(browser):
    browser.login()
    before = Client.objects.count()
    _run_action(browser, "/admin/avanti/client/", [120], "duplicate_selected")
    browser.shot("duplicated")
    assert "Duplicated ABDALLA Aádil (120/rolf) to" in browser.messages()
    assert Client.objects.count() == before + 1


def test_merge_two_persons_through_the_confirmation_page(browser):
    browser.login()
    _run_action(browser, "/admin/contacts/person/", [203, 220], "merge_selected")
    page = browser.page
    browser.shot("merge-chooser")
    page.select_option("#merge-source", "203")
    page.select_option("#merge-target", "220")
    page.click("#merge-preview")
    page.wait_for_load_state()
    browser.shot("merge-plan")
    plan = page.inner_text("#merge-plan")
    assert "merge ARENS Andreas into HILGERS Henri?" in plan
    assert "1 Contact person (person)" in plan
    assert Person.objects.filter(pk=203).exists()
    page.click("#merge-confirm")
    page.wait_for_url("**/admin/contacts/person/")
    browser.shot("merged")
    assert "Merged ARENS Andreas into HILGERS Henri." in browser.messages()
    assert not Person.objects.filter(pk=203).exists()
    assert Role.objects.filter(person_id=220).exists()


def test_check_summaries_and_data(browser):
    Client.objects.filter(pk=120).update(active_from=None)
    browser.login()
    page = browser.page
    page.click("#site-tools-link")
    browser.shot("site-tools")
    page.click("button:has-text('Check all summary data')")
    page.wait_for_load_state()
    browser.shot("summaries-checked")
    assert "summary models." in browser.messages()
    assert Client.objects.get(pk=120).active_from is not None
    page.click("button:has-text('Check all data')")
    page.wait_for_load_state()
    assert "problems in" in browser.messages()
    Client.objects.filter(pk=120).update(active_until=None)
    page = browser.goto("/admin/avanti/client/120/change/")
    page.click("#lino-panel-summary button[data-action=check_summaries]")
    page.wait_for_load_state()
    browser.shot("summaries-updated")
    assert "Updated the summary data of" in browser.messages()
    assert Client.objects.get(pk=120).active_until is not None


def test_gfk_owner_is_found_by_search(browser):
    """rolf picks a note's owner: the types he may view, then a row found by the
    search of that model's admin (lino_gfks' owner select box)."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.models import Session

    from demo_project.notes.models import Note

    note = Note.objects.get(subject="Contract signed")  # owned by company 104
    browser.login("rolf")
    page = browser.goto(f"/admin/notes/note/{note.pk}/change/")
    types = page.locator("#id_owner_type option").all_inner_texts()
    assert "Contacts | Person" in types
    assert str(ContentType.objects.get_for_model(Session)) not in types
    page.select_option("#id_owner_type", label="Contacts | Person")
    page.click(".field-owner_id .select2-selection")
    page.fill(".select2-search__field", "Berta")
    page.click(".select2-results__option >> text=DOBBELSTEIN-DEMEULENAERE Berta")
    browser.shot("owner-chosen")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/notes/note/")
    note.refresh_from_db()
    assert note.owner == Person.objects.get(pk=211)
