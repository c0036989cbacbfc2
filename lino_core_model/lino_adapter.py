"""The one adapter that shows our declarations in Lino's web UI (Lino sites only).

Imported by :mod:`lino_core_model.lino_plugin` when Lino discovers its actors:

- every :class:`~lino_core_model.tables.Table` of an app becomes a Lino table
  (except those whose master key is one of our generic foreign keys, which
  Lino's ``dbtables`` refuses as a master key, and those on a model of a
  hidden plugin)
  (``dd.Table``) of the same name, app label, model, columns, master key,
  ordering, filter and label; virtual and generic-foreign-key columns become
  Lino display fields calling ours. Its Lino user roles come from our table's view
  permission, asked for a user of each of our roles (weakest first);
- every transition of our workflows becomes a Lino workflow button that runs
  ours (:meth:`ChangeStateAction.run_from_code`: our checks, hooks and message).

- Lino's duplicate (``clone_row``) and merge (``merge_row``) buttons on our
  models run our duplicate and merge; our refusals become Lino warnings;
- Lino's tables of the MTI parents of our models (Lino's ``Person`` of our client)
  delete and merge a row that is ours as ours, and their "delete child" and
  "insert child" actions of our models run ours;
- Lino's forms (detail, grid cell, insert) save our rows through our UI hooks and
  leave the workflow state field alone: only a transition changes the state.

Our choicelist fields are Django choice fields, which Lino shows as combo boxes.
Lino's delete action asks the row's ``disable_delete()``, which is ours.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext
from lino.api import dd, rt
from lino.core import actions as lino_actions
from lino.core import roles as lino_roles
from lino.core.boundaction import BoundAction
from lino.core.merge import MergeAction
from lino.core.model import Model as LinoModel
from lino.core.requests import BaseRequest
from lino.core.signals import pre_add_child, pre_remove_child
from lino.core.utils import full_model_name, resolve_model
from lino.mixins.polymorphic import ChildAction, DeleteChild, InsertChild
from lino.utils.html import E

from lino_core_model import roles as our_roles
from lino_core_model._requests import ActionRequest
from lino_core_model.changes import ChangeWatcher
from lino_core_model.choicelists import ChoiceList
from lino_core_model.deletion import delete_object
from lino_core_model.exceptions import DeleteVetoed
from lino_core_model.fields import VirtualField
from lino_core_model.inheritance import specific_models
from lino_core_model.merge import MergePlan, reference_key, volatile_references
from lino_core_model.options import lino_options
from lino_core_model.tables import Column, Table, get_registry
from lino_core_model.workflows import ChangeStateAction, Workflow

__all__: list[str] = []

#: Our roles, weakest first, with the Lino role that stands for each.
ROLES: tuple[tuple[type, type], ...] = (
    (our_roles.SiteUser, lino_roles.SiteUser),
    (our_roles.SiteStaff, lino_roles.SiteStaff),
    (our_roles.SiteAdmin, lino_roles.SiteAdmin),
)


class _Probe:
    """A signed-in user who has exactly one of our roles (for view permissions)."""

    is_authenticated = True
    is_active = True
    pk = None

    def __init__(self, role: type) -> None:
        self.role = role

    def get_user_roles(self) -> tuple[type, ...]:
        return (self.role,)

    def has_perm(self, perm: str) -> bool:
        return self.role is our_roles.SiteAdmin


def lino_user_roles(user: Any) -> tuple[type, ...] | None:
    """Our roles of a Lino user: those whose Lino role its user type has (None for a
    user without user type). Registered in ``our_roles.ROLE_SOURCES``."""
    user_type = getattr(user, "user_type", None)
    if user_type is None:
        return None
    return tuple(ours for ours, theirs in ROLES if user_type.has_required_roles([theirs]))


def lino_role(table: type[Table]) -> type:
    """The Lino role of the weakest of our roles that may view ``table``."""
    for ours, theirs in ROLES:
        if table.get_view_permission(_Probe(ours)):
            return theirs
    return lino_roles.SiteAdmin


def lino_table(table: type[Table]) -> type:
    """A Lino table (``dd.Table``) declared as our ``table``."""
    columns = table.get_columns()
    attrs: dict[str, Any] = {
        "__module__": table.__module__,
        "__doc__": table.__doc__,
        "app_label": table.app_label,
        "model": table.get_model(),
        "column_names": " ".join(column.name for column in columns),
        "master_key": table.master_key,
        "label": table.label,
        "required_roles": dd.login_required(lino_role(table)),
    }
    if table.order_by:
        order = table.order_by
        attrs["order_by"] = order.split() if isinstance(order, str) else list(order)
    for name in ("filter", "exclude"):
        value = getattr(table, name)
        if value:
            attrs[name] = value if isinstance(value, models.Q) else models.Q(**value)
    for column in columns:
        if _lacks_lino_widget(column.field):
            attrs[column.name] = _display_field(column)
    no_sums = {column.name for column in columns if not column.summable}
    attrs["get_widget_options"] = classmethod(_widget_options(no_sums))
    if not _rows_as_declared(table):
        attrs["get_request_queryset"] = classmethod(_rows_ours_allow(table))
    actor = type(table.__name__, (dd.Table,), attrs)
    if table.parameters is None and _rows_as_declared(table):
        table.lino_actor = actor  # rt.show and ar.show print it through Lino
    return actor


def _rows_ours_allow(table: type[Table]) -> Any:
    """A table that chooses its own rows (e.g. a user's own data problems): Lino's
    rows, narrowed to those our table gives the same user for the same master."""

    def get_request_queryset(cls: type, ar: Any, **filter: Any) -> Any:
        rows = dd.Table.get_request_queryset.__func__(cls, ar, **filter)
        ours = table.get_request_queryset(
            ActionRequest(table, user=ar.get_user(), master_instance=ar.master_instance)
        )
        return rows.filter(pk__in=ours.values("pk"))

    return get_request_queryset


def _lacks_lino_widget(field: Any) -> bool:
    """Ours, a GFK, or a foreign key to a model of a hidden plugin (it has no Lino table)."""
    if isinstance(field, VirtualField) or hasattr(field, "ct_field"):
        return True
    related = getattr(field, "related_model", None)
    return related is not None and settings.SITE.is_hidden_plugin(related._meta.app_label)


def _widget_options(no_sums: set[str]) -> Any:
    """Lino sums every number column; ours only the summable ones."""

    def get_widget_options(cls: type, name: str, **options: Any) -> dict[str, Any]:
        options = dd.Table.get_widget_options.__func__(cls, name, **options)
        if name in no_sums:
            options["hide_sum"] = True
        return options

    return get_widget_options


def _rows_as_declared(table: type[Table]) -> bool:
    """Whether ``table``'s rows are its declaration's (which Lino's actor gets), no more."""
    return table.get_request_queryset.__func__ is Table.get_request_queryset.__func__


def _display_field(column: Column) -> Any:
    def value(self: Any, obj: Any, ar: Any) -> Any:
        return column.value(obj, ar)

    return dd.displayfield(column.header)(value)


def lino_tables(app_label: str) -> dict[str, type]:
    """The Lino tables of every table of ``app_label``, by name."""
    config = apps.get_app_config(app_label)
    if module_has_submodule(config.module, "tables"):
        import_module(f"{config.name}.tables")
    return {
        table.__name__: lino_table(table)
        for table in get_registry().values()
        if table.app_label == app_label and _shown_in_lino(table)
    }


def _shown_in_lino(table: type[Table]) -> bool:
    """Whether Lino can show ``table``: its model and master in visible plugins."""
    model = table.get_model()
    if model is None or not _lino_master_key(table):
        return False
    site = settings.SITE
    return not any(
        m is not None and site.is_hidden_plugin(m._meta.app_label)
        for m in (model, table.get_master())
    )


def _lino_master_key(table: type[Table]) -> bool:
    """Whether Lino can filter by ``table``'s master key (none, or a foreign key)."""
    if not table.master_key:
        return True
    return isinstance(table.get_model()._meta.get_field(table.master_key), models.ForeignKey)


class WorkflowButton(lino_actions.Action):
    """A Lino workflow button that runs one of our transitions."""

    show_in_toolbar = False
    show_in_workflow = True
    readonly = False

    def __init__(self, transition: ChangeStateAction) -> None:
        self.transition = transition
        state = transition.target_state
        super().__init__(
            label=transition.label,
            button_text=state.button_text or None,
            help_text=transition.help_text or state.text,
        )
        self.action_name = transition.action_name
        # what Lino's actors read to disable the button in other states
        self.target_state = state
        required = transition.required_states
        self.required_states = None if required is None else {s.name for s in required}

    def get_action_permission(self, ar: Any, obj: Any, state: Any) -> bool:
        if obj is not None and not self.transition.starts_from(state):
            return False
        return super().get_action_permission(ar, obj, state)

    def run_from_ui(self, ar: Any, **kwargs: Any) -> None:
        done = [self.transition.run_from_code(ar, obj) for obj in ar.selected_rows]
        ar.set_response(refresh=True)
        ar.success(" ".join(done))  # our message ("X is now Coached."), shown by Lino


def give_workflow_buttons(choicelists: list[type[ChoiceList]]) -> None:
    """Give each of our workflows the ``workflow_actions`` Lino's actors read."""
    for choicelist in choicelists:
        if issubclass(choicelist, Workflow):
            choicelist.ignore_required_states = False
            choicelist.workflow_actions = [
                WorkflowButton(transition) for transition in choicelist.get_transitions()
            ]


class RowAction(lino_actions.Action):
    """A Lino action that runs one of our row actions (e.g. our duplicate)."""

    readonly = False
    show_in_workflow = False

    def __init__(self, ours: Any, icon_name: str | None = None) -> None:
        self.ours = ours
        super().__init__(label=ours.label, button_text=ours.button_text, icon_name=icon_name)

    def run_from_ui(self, ar: Any, **kwargs: Any) -> None:
        with _as_warning():
            done = [self.ours.run_from_code(ar, obj) for obj in ar.selected_rows]
        ar.success(" ".join(done), refresh_all=True)


class LinoMerge(MergeAction):
    """Lino's merge dialog running our merge plan, its checks and its message.

    Lino's dialog asks ``merge_to``, a ``reason`` (recorded by our plan) and,
    under "Also reassign volatile related objects", one checkbox per model whose
    rows cascade-delete with the merged row: unchecked, our plan deletes the rows
    of that model's cascading references instead of moving them. The boxes start
    checked: as in our merge (unlike Lino's), nothing is deleted unless asked.
    """

    def action_param_defaults(self, ar: Any, obj: Any, **kw: Any) -> dict[str, Any]:
        kw = super().action_param_defaults(ar, obj, **kw)
        kw.update({name: True for name in self.parameters if name not in ("merge_to", "reason")})
        return kw

    def run_from_ui(self, ar: Any, **kwargs: Any) -> None:
        obj = ar.selected_rows[0]
        values = ar.action_param_values
        with _as_warning():
            plan = obj.merge_plan(
                values.merge_to, delete=_unchecked_volatiles(obj, values), reason=values.reason
            )
        _confirm_and_merge(ar, plan)


def _confirm_and_merge(ar: Any, plan: MergePlan) -> None:
    """Lino's confirmation (our dry run), then our merge; our refusals as Lino warnings."""
    with _as_warning():
        lines = plan.as_text().splitlines()

    def ok(ar2: Any) -> None:
        with _as_warning():
            done = plan.execute(ar2)
        ar2.success(done, alert=True, close_window=True, record_deleted=True, refresh_all=True)

    # Lino shows the question as HTML: one paragraph per line of our dry run
    ar.confirm(ok, rt.html_text(E.div(*(E.p(line) for line in lines))))


def _unchecked_volatiles(obj: Any, values: Any) -> list[str]:
    """Our keys of the volatile references whose model's box the user unchecked."""
    return [
        reference_key(ref)
        for ref in volatile_references(type(obj))
        if values.get(full_model_name(ref.model, "_")) is False
    ]


@contextmanager
def _as_warning() -> Iterator[None]:
    """Our refusals as the ``Warning`` that Lino shows to the user."""
    try:
        yield
    except (ValidationError, PermissionDenied, DeleteVetoed) as exc:
        messages = getattr(exc, "messages", None) or [str(exc)]
        raise Warning(" ".join(messages)) from exc


def give_row_actions(our_models: list[type[models.Model]]) -> None:
    """Lino's duplicate (``clone_row``) and merge (``merge_row``) buttons run ours.

    Lino's ExtJS toolbar shows a button's icon, else its text: the duplicate's
    text "🗗" (U+1F5D7), Lino's too, is a blank box where no font has that glyph
    (Lino's own Persons toolbar as well); the icon Lino keeps for it shows always.
    """
    for model in our_models:
        model.clone_row = RowAction(model.duplicate_row, icon_name="arrow_divide")
        if getattr(model, "allow_merge_action", False):
            model.merge_row = LinoMerge(model)  # instead of the one Lino gave it
        elif getattr(model, "merge_row", None) is not None:
            model.merge_row = None  # Lino's merge of a Lino parent (Person) would skip ours


class ParentMerge(MergeAction):
    """Lino's merge on a Lino model that is an MTI parent of ours (Lino's ``Person``
    of our client): Lino's own for its plain rows; when either row is one of ours,
    our merge plan, which merges them as their most specific model (two clients as
    clients) or refuses rows of different types. Lino's would delete the source's
    child row, and what cascades from it, without asking our plan."""

    def run_from_ui(self, ar: Any, **kwargs: Any) -> None:
        obj = ar.selected_rows[0]
        values = ar.action_param_values
        target = values.merge_to
        if target is None or not any(_ours(row) for row in (obj, target)):
            return super().run_from_ui(ar)
        with _as_warning():
            plan = MergePlan(obj, target, reason=values.reason)
        meta = type(plan.source)._meta
        if not getattr(meta.model, "allow_merge_action", False):  # as its own table: no merge
            raise Warning(gettext("%s cannot be merged.") % meta.verbose_name_plural)
        _confirm_and_merge(ar, plan)


def give_parent_doors(our_models: list[type[models.Model]]) -> None:
    """Lino's tables of the MTI parents of our models (``contacts.Persons`` of our
    clients) delete and merge a row that is one of ours as ours, like our admin.

    Lino's delete (its button, an HTTP DELETE, ``delete()`` itself) asks the row's
    ``disable_delete()``, then calls its ``delete()``: on a parent row whose most
    specific model is ours, both are those of our row (our vetoes, our delete
    policy). Lino's duplicate of a parent copies the parent row alone, as Lino
    does: the copy is a plain person, not a client. Lino's "delete child" and
    "insert child" actions of one of our models (``del_client``, ``ins_client``)
    run ours (:class:`ParentDeleteChild`, :class:`ParentInsertChild`).
    """
    from lino_core_model.models import Model

    for model in our_models:
        for parent in model._meta.get_parent_list():
            if issubclass(parent, Model) or not issubclass(parent, LinoModel):
                continue
            if not getattr(parent.delete, "asks_our_row", False):
                parent.disable_delete = _our_row_veto(parent.disable_delete)
                parent.delete = _our_row_delete(parent.delete)
            if isinstance(parent.__dict__.get("merge_row"), MergeAction) and not isinstance(
                parent.merge_row, ParentMerge
            ):
                parent.merge_row = ParentMerge(parent)
            give_child_actions(parent)


class ParentDeleteChild(DeleteChild):
    """Lino's "delete child" (``del_client`` on a person) of one of our models: the
    child row goes through our delete policy, its parent rows stay (``keep_parents``).

    Our checks are those of ``delete(keep_parents=True)``: the references to the
    child row and to what cascades from it veto, those to the parent rows do not
    (they stay valid). Then Django deletes it, as Lino's action does (Lino's
    ``delete()`` would ask the veto of the whole row again). A veto is Lino's error
    message; nothing is deleted.
    """

    def run_on_row(self, obj: Any, ar: Any) -> None:
        child = self.get_child(obj)
        pre_remove_child.send(sender=obj, request=ar.request, child=self.child_model)
        with _as_warning():
            delete_object(
                child, lambda: models.Model.delete(child, keep_parents=True), keep_parents=True
            )
        ar.set_response(refresh=True)


class ParentInsertChild(InsertChild):
    """Lino's "insert child" (``ins_client`` on a person) of one of our models: the
    new child row is made as our UI makes a new row, on the existing parent row.

    ``on_create(ar)`` gives it the request's defaults (ours and Lino's), but the
    parent row exists: its values stay as they are. Then our insert sequence
    (``save_new_instance``: our signals and UI hooks). The other fields get their
    defaults (the workflow state its default state): no form sets them.
    """

    def run_on_row(self, obj: Any, ar: Any) -> None:
        pre_add_child.send(sender=obj, request=ar.request, child=self.child_model)
        link = self.child_model._meta.parents[type(obj)]
        values = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
        child = self.child_model(**values, **{link.attname: obj.pk})
        child.on_create(ar)
        for name, value in values.items():
            setattr(child, name, value)
        with _as_warning():
            # not unique: Django would find the parent row itself (the database checks)
            child.full_clean(validate_unique=False)
            child.save_new_instance(ar)
        ar.set_response(refresh=True)


def give_child_actions(parent: type[models.Model]) -> None:
    """Lino's "delete child" and "insert child" actions of ``parent`` (Lino's
    ``Polymorphic`` gives one of each per MTI descendant) run ours where the child
    model is one of ours; Lino's stay for its own child models."""
    from lino_core_model.models import Model

    ours = {DeleteChild: ParentDeleteChild, InsertChild: ParentInsertChild}
    names = {
        name
        for klass in parent.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, ChildAction)
    }
    for name in names:
        action = getattr(parent, name)
        if type(action) in ours and issubclass(resolve_model(action.child_model), Model):
            setattr(parent, name, ours[type(action)](action.child_model))


def _ours(row: models.Model) -> models.Model | None:
    """``row`` as its most specific model when that is one of ours and not ``row``'s own."""
    from lino_core_model.models import Model

    if isinstance(row, Model):
        return None
    db = row._state.db
    specific = specific_models(type(row)._meta.concrete_model, [row.pk], db).get(row.pk)
    if specific is None or not issubclass(specific, Model):
        return None
    return specific._base_manager.using(db).get(pk=row.pk)


def _our_row_veto(disable_delete: Any) -> Any:
    def veto(self: Any, ar: Any = None) -> str | None:
        ours = _ours(self)
        return disable_delete(self, ar) if ours is None else ours.disable_delete(ar)

    return veto


def _our_row_delete(delete: Any) -> Any:
    def delete_as_ours(self: Any, **kwargs: Any) -> Any:
        # keep_parents deletes the row but keeps its parents: not our row's delete
        ours = None if kwargs.get("keep_parents") else _ours(self)
        if ours is None:
            return delete(self, **kwargs)
        with _as_warning():  # a veto found while deleting (what cascades from our row)
            return ours.delete(**kwargs)

    delete_as_ours.asks_our_row = True
    return delete_as_ours


def give_lino_forms(our_models: list[type[models.Model]]) -> None:
    """Lino's forms save our rows through our hooks and never set a workflow state.

    Lino asks the row's ``disabled_fields(ar)`` which fields a form may change
    (its ``form2obj`` skips them, its client shows them read-only); the workflow
    state field joins them, as in our admin (``locked_fields``). Lino saves an
    edited row with ``save_existing_instance(ar)``, which stores the form's values
    and reports the update; ours is the sequence between, with a ``ChangeWatcher``.
    """
    for model in our_models:
        if not getattr(model.save_existing_instance, "stores_lino_form", False):
            model.save_existing_instance = _storing_lino_form(model.save_existing_instance)
        name = lino_options(model).workflow_state_field
        if name:
            model.disabled_fields = _locking(model.disabled_fields, name)
        if issubclass(model, LinoModel) and not getattr(
            model.get_row_permission, "asks_lino", False
        ):
            model.get_row_permission = _asking_lino_too(model.get_row_permission)
            model.disabled_fields = _disabling_as_lino_too(model.disabled_fields)


def _storing_lino_form(save_existing_instance: Any) -> Any:
    def store_and_save(self: Any, ar: Any, cw: ChangeWatcher | None = None) -> None:
        if cw is not None:  # our call
            return save_existing_instance(self, ar, cw)
        cw = ChangeWatcher(self)
        ar.ah.store.form2obj(ar, ar.rqdata, self, False)
        save_existing_instance(self, ar, cw)
        if cw.is_dirty():  # Lino's client wants a success (Lino's message)
            ar.success(gettext("%s has been updated.") % self)

    store_and_save.stores_lino_form = True
    return store_and_save


def _asking_lino_too(get_row_permission: Any) -> Any:
    """A row of ours that is a Lino model too (a client on Lino's Person): Lino's
    request needs our permission and Lino's (the user type's roles for the action)."""

    def ask_both(self: Any, ar: Any, state: Any, ba: Any) -> bool:
        if not get_row_permission(self, ar, state, ba):
            return False
        if not (isinstance(ar, BaseRequest) and isinstance(ba, BoundAction)):
            return True  # our own request or action: our rule alone
        return LinoModel.get_row_permission(self, ar, state, ba)

    ask_both.asks_lino = True
    return ask_both


def _disabling_as_lino_too(disabled_fields: Any) -> Any:
    """Lino disables the actions the user may not run: for Lino's request, with ours."""

    def disable_both(self: Any, ar: Any) -> set[str]:
        disabled = set(disabled_fields(self, ar))
        if isinstance(ar, BaseRequest) and getattr(ar, "actor", None) is not None:
            disabled |= LinoModel.disabled_fields(self, ar)
        return disabled

    return disable_both


def _locking(disabled_fields: Any, name: str) -> Any:
    def locked(self: Any, ar: Any) -> set[str]:
        return set(disabled_fields(self, ar)) | {name}

    return locked
