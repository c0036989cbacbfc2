"""The UI hooks of spec 002 in the admin: forms and saves go through the model.

A new row gets ``on_create(ar)`` before its form is shown or filled. The
workflow state field and the row's ``disabled_fields(ar)`` are disabled in
every form of the row (change form, add form, editable list): a state changes
only through a transition (the row actions). A row whose ``get_row_permission``
refuses ``submit_detail`` has every field disabled in those forms and in the
inline forms (posted values are ignored), and an inline row it refuses
``delete_selected`` cannot be deleted (a formset error). ``hidden_elements`` are left out
of forms and lists. A save runs ``save_new_instance`` or
``save_existing_instance`` (``before_ui_save``, ``after_ui_save``,
``after_ui_create`` and the ``pre_ui_save``, ``post_ui_save`` and ``on_ui_*``
signals); an error they raise is shown as a message, not a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from lino_core_model._requests import ActionRequest
from lino_core_model.changes import ChangeWatcher
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.options import lino_options
from lino_core_model.utils import split_names

from ._permissions import may_change_row, may_delete_row

__all__: list[str] = []


def locked_fields(obj: models.Model, ar: Any) -> set[str]:
    """The fields no form may change on ``obj``: its workflow state field and its
    ``disabled_fields(ar)``."""
    names = set(obj.disabled_fields(ar)) if hasattr(obj, "disabled_fields") else set()
    state_field = lino_options(obj).workflow_state_field
    return names | {state_field} if state_field else names


def hidden_names(model: type[models.Model]) -> set[str]:
    return split_names(getattr(model, "hidden_elements", ()))


def hooked_form(form_class: type, ar: Any) -> type:
    """``form_class`` calling ``on_create`` on a new row, watching the changes of an
    existing one (``form.change_watcher``) and disabling its locked fields."""

    class HookedForm(form_class):
        def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
            self.change_watcher = None
            if instance is None:
                instance = self._meta.model()
                if hasattr(instance, "on_create"):
                    instance.on_create(ar)
            else:
                self.change_watcher = ChangeWatcher(instance)
            super().__init__(*args, instance=instance, **kwargs)
            if may_change_row(ar, instance):
                locked = locked_fields(instance, ar) & set(self.fields)
            else:
                locked = set(self.fields)
            for name in locked:
                self.fields[name].disabled = True  # posted values are ignored
            # neither may ``?state=...`` in the add URL preset them
            self.initial.update(model_to_dict(instance, fields=locked))

    HookedForm.__name__ = HookedForm.__qualname__ = form_class.__name__
    return HookedForm


def hooked_formset(formset_class: type, ar: Any) -> type:
    """``formset_class`` with hooked forms, refusing to delete a row that says no."""

    class HookedFormSet(formset_class):
        form = hooked_form(formset_class.form, ar)

        def clean(self) -> None:
            super().clean()
            refused = [  # not deleted_forms: empty while a form has an error
                form.instance for form in self.forms
                if self.can_delete and self._should_delete_form(form)
                and not may_delete_row(ar, form.instance)
            ]
            if refused:
                raise ValidationError(
                    _("You may not delete %(rows)s.")
                    % {"rows": ", ".join(str(obj) for obj in refused)})

    HookedFormSet.__name__ = HookedFormSet.__qualname__ = formset_class.__name__
    return HookedFormSet


def ui_save(obj: models.Model, ar: Any, watcher: ChangeWatcher | None) -> None:
    """Save ``obj`` through its UI sequence: a new row when ``watcher`` is None."""
    if not hasattr(obj, "save_new_instance"):  # a plain Django model
        obj.save()
    elif watcher is None:
        obj.save_new_instance(ar)
    else:
        obj.save_existing_instance(ar, watcher)


def watcher_from_db(obj: models.Model) -> ChangeWatcher:
    """A watcher of ``obj`` knowing the values stored in the database."""
    watcher = ChangeWatcher(type(obj)._base_manager.get(pk=obj.pk))
    watcher.watched = obj
    return watcher


class UIHooksMixin:
    """Mix into a ``ModelAdmin`` of a model that inherits our ``Model``."""

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change=change, **kwargs)
        return hooked_form(form, ActionRequest(request=request))

    def get_changelist_form(self, request: Any, **kwargs: Any):
        return hooked_form(
            super().get_changelist_form(request, **kwargs), ActionRequest(request=request)
        )

    def get_fieldsets(self, request: Any, obj: Any = None) -> list:
        hidden = hidden_names(self.model)
        return [
            (name, {**options, "fields": _without(options.get("fields", ()), hidden)})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_list_display(self, request: Any):
        hidden = hidden_names(self.model)
        return [n for n in super().get_list_display(request) if n not in hidden]

    def get_list_filter(self, request: Any):
        hidden = hidden_names(self.model)
        return [n for n in super().get_list_filter(request) if n not in hidden]

    def get_formsets_with_inlines(self, request: Any, obj: Any = None):
        """The inline rows have the same forms as the main row."""
        ar = ActionRequest(request=request)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield hooked_formset(formset, ar), inline  # a new class per call

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        """Save through the model's UI sequence (hooks and signals)."""
        watcher = getattr(form, "change_watcher", None) if change else None
        if change and watcher is None:  # called from code, without our form
            watcher = watcher_from_db(obj)
        ui_save(obj, ActionRequest(request=request), watcher)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        """Save the new and changed inline rows through their UI sequence."""
        ar = ActionRequest(request=request)
        watchers = {id(f.instance): getattr(f, "change_watcher", None) for f in formset.forms}
        for obj in formset.save(commit=False):
            ui_save(obj, ar, watchers.get(id(obj)))
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def changeform_view(
        self, request: Any, object_id: Any = None, form_url: str = "", extra_context: Any = None
    ) -> Any:
        return self._saying_why(
            request, super().changeform_view, request, object_id, form_url, extra_context
        )

    def changelist_view(self, request: Any, extra_context: Any = None) -> Any:
        return self._saying_why(request, super().changelist_view, request, extra_context)

    def _saying_why(self, request: Any, view: Any, *args: Any) -> Any:
        """A save refused by a hook (``ValidationError``) or a vetoed delete of an
        inline row is rolled back by the view's transaction; the user gets the
        page again with the reason."""
        try:
            return view(*args)
        except (ValidationError, DeleteVetoed) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def _without(fields: Any, hidden: set[str]) -> tuple:
    """``fields`` (names or tuples of names on one line) without the hidden names."""
    result = []
    for item in fields:
        if isinstance(item, (list, tuple)):
            line = tuple(n for n in item if n not in hidden)
            if line:
                result.append(line)
        elif item not in hidden:
            result.append(item)
    return tuple(result)
