"""UI hooks, class-level UI options, the duplicate/merge actions, summary rows."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.test.utils import isolate_apps

from demo_project.contacts.models import Company, Partner, Person, RoleType
from lino_core_model import signals
from lino_core_model.actions import Action, ActionRequest
from lino_core_model.changes import ChangeWatcher
from lino_core_model.models import Model

pytestmark = pytest.mark.django_db


def login(username):
    return ActionRequest(user=get_user_model().objects.get(username=username))


def test_repr_is_lino_style():
    assert repr(RoleType.objects.get(pk=1)) == "RoleType #1 ('Manager')"


def test_save_new_instance_runs_hooks_and_signals(monkeypatch):
    calls = []
    def before(self, ar, cw):
        calls.append(("before", cw))

    def created(self, ar):
        calls.append(("created", self.pk is not None))

    monkeypatch.setattr(RoleType, "before_ui_save", before)
    monkeypatch.setattr(RoleType, "after_ui_create", created)

    def on_created(sender, ar, **kw):
        calls.append(("signal", sender.name))

    signals.on_ui_created.connect(on_created)
    try:
        RoleType(name="Cook").save_new_instance(None)
    finally:
        signals.on_ui_created.disconnect(on_created)
    assert calls == [("before", None), ("signal", "Cook"), ("created", True)]


def test_save_existing_instance_reports_changes():
    obj = RoleType.objects.get(pk=1)
    cw = ChangeWatcher(obj)
    obj.name = "Boss"
    seen = []

    def updated(sender, watcher, ar, **kw):
        seen.append(watcher.get_updates())

    signals.on_ui_updated.connect(updated)
    try:
        obj.save_existing_instance(None, cw)
    finally:
        signals.on_ui_updated.disconnect(updated)
    assert seen == [[("name", "Manager", "Boss")]]
    assert RoleType.objects.get(pk=1).name == "Boss"


def test_save_existing_instance_validates_and_writes_nothing_on_error():
    obj = RoleType.objects.get(pk=1)
    cw = ChangeWatcher(obj)
    obj.name = "Director"  # unique
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        obj.save_existing_instance(None, cw)
    assert RoleType.objects.get(pk=1).name == "Manager"


@isolate_apps("lino_core_model")
def test_define_action_refuses_redefinition():
    class Thing(Model):
        class Meta:
            app_label = "lino_core_model"

    Thing.define_action(do_it=Action("Do it"))
    assert Thing.do_it.action_name == "do_it"
    with pytest.raises(ImproperlyConfigured, match="Tried to redefine Thing.do_it"):
        Thing.define_action(do_it=Action("Again"))


@isolate_apps("lino_core_model")
def test_hide_elements_and_widget_options():
    class Base(Model):
        name = models.CharField(max_length=10)
        email = models.CharField(max_length=10)

        class Meta:
            app_label = "lino_core_model"

    class Hidden(Base):
        class Meta:
            app_label = "lino_core_model"

    Hidden.hide_elements("email")
    assert "email" in Hidden.hidden_elements
    assert "email" not in Base.hidden_elements
    with pytest.raises(ImproperlyConfigured, match="has no element 'nope'"):
        Hidden.hide_elements("nope")
    Hidden.set_widget_options("name", width=30)
    assert Hidden.get_widget_options("name") == {"width": 30}
    assert Base.get_widget_options("name") == {}


def test_duplicate_action_message():
    obj = Company.objects.get(pk=104)
    msg = obj.duplicate_row.run_from_code(login("rolf"), obj)
    assert msg == "Duplicated Garage Mergelsberg to Garage Mergelsberg."


def test_merge_action_needs_expert_role():
    source, target = Person.objects.get(pk=219), Person.objects.get(pk=220)
    anonymous = ActionRequest(user=None)
    with pytest.raises(PermissionDenied):
        Partner.merge_row.run_from_code(anonymous, source, target=target)
    text = Partner.merge_row.run_from_code(login("robin"), source, target=target, dry_run=True)
    assert text.startswith("Are you sure you want to merge HILGERS Hildegard into HILGERS Henri?")
    assert Partner.objects.filter(pk=219).exists()
    msg = Partner.merge_row.run_from_code(login("robin"), source, target=target)
    assert msg.startswith("Merged HILGERS Hildegard into HILGERS Henri.")


def test_models_without_allow_merge_action_have_no_merge_row():
    assert not hasattr(RoleType, "merge_row")


def test_summary_row_links_to_admin_page():
    html = Company.objects.get(pk=104).as_summary_row()
    assert html == '<p><a href="/admin/contacts/company/104/change/">Garage Mergelsberg</a></p>'


def test_get_user_queryset_and_param_filter():
    qs = Partner.get_request_queryset(None, city="Tallinn")
    assert list(qs.values_list("pk", flat=True)) == [100]
    assert Partner.add_param_filter(Partner.objects.all(), city="Paris").get().pk == 110


def test_plain_django_models_get_our_methods(monkeypatch):
    """As the explicit opt-in gives them (``django2lino``), undone after the test."""
    from django.contrib.sessions.models import Session

    from lino_core_model.analysis import LINO_MODEL_ATTRIBUTES, django2lino

    for name in LINO_MODEL_ATTRIBUTES:
        monkeypatch.setattr(Session, name, None, raising=False)
        monkeypatch.delattr(Session, name)
    django2lino(Session)

    assert not Session.objects.filter(Session.quick_search_filter("abc")).exists()
    obj = Session.lookup_or_create(
        "session_key", "k1", session_data="x", expire_date="2030-01-01T00:00Z"
    )
    assert obj.pk == "k1"
