"""``lino_core_model.models.Model``: Lino's extension of Django's ``Model``.

Each behaviour lives in its own module (``deletion``, ``duplicate``, ``merge``,
``search``, ``workflows``, ``lookup``), the actions in ``actions``; this class
binds them under the names of the specification.

This module is also the stable path that migrations name: the bases
``UIHooks`` and ``SummaryRow``, the field ``ChoiceListField`` and the index
``QuickSearchIndex``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, router, transaction
from django.db.models.signals import class_prepared
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lino_core_model import _hooks as hooks
from lino_core_model import (
    _ours,
    actions,
    deletion,
    duplicate,
    fields,
    inheritance,
    locks,
    lookup,
    merge,
    options,
    roles,
    search,
    workflows,
)
from lino_core_model import _row_html as row_html
from lino_core_model._search_index import QuickSearchIndex
from lino_core_model.checks import check_app_installed
from lino_core_model.choicelists import ChoiceListField
from lino_core_model.utils import full_model_name


class QuerySet(models.QuerySet):
    def delete(self):
        """Delete the rows unless a protecting reference vetoes (then nothing is deleted)."""
        return deletion.delete_queryset(self)


#: The default manager of our ``Model``: its querysets are our :class:`QuerySet`.
Manager = models.Manager.from_queryset(QuerySet)


class Model(hooks.UIHooks, row_html.SummaryRow, models.Model):
    """Abstract base of every model in the lino-apps."""

    allow_cascaded_delete: frozenset[str] | str = frozenset()
    allow_cascaded_copy: frozenset[str] | str | None = None
    allow_merge_action: bool = False
    recomputed_on_merge: bool = False  # derived rows: a merge deletes them, never moves them
    #: Rows computed from other tables (summary rows): never a GFK owner by default
    #: (``lino_gfks.owners``), never added or changed by hand (``lino_summaries.admin``).
    derived_rows: bool = False
    quick_search_fields: tuple | str | None = None
    quick_search_fields_digit: tuple | str | None = None
    workflow_state_field: str | None = None
    workflow_owner_field: str | None = None
    change_watcher_spec = None

    objects = Manager()
    duplicate_row = actions.Duplicate()

    class Meta:
        abstract = True

    def __repr__(self) -> str:
        return f"{self.__class__.__name__} #{self.pk} ({str(self)!r})"

    def save(self, *args, **kwargs):
        """Save; first lock the rows the saved foreign keys point to (see ``locks.py``).

        A row read from the database and deleted since is not inserted again (as
        Django would): a ``ValidationError`` says it no longer exists.
        """
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        adding = self._state.adding
        if not adding and not args and not kwargs.get("force_insert"):
            kwargs.setdefault("force_update", True)  # a row deleted meanwhile stays deleted
        try:
            with transaction.atomic(using=using):
                locks.lock_targets(self, using, kwargs.get("update_fields"))
                return super().save(*args, **kwargs)
        except DatabaseError as exc:  # e.g. an update of a row another writer deleted
            if adding or locks.exists(self, using):
                raise
            raise ValidationError(
                gettext("%(model)s #%(pk)s no longer exists.")
                % {"model": self._meta.verbose_name, "pk": self.pk}
            ) from exc

    # -- delete ---------------------------------------------------------
    def disable_delete(self, ar=None) -> str | None:
        """The veto message if this row may not be deleted, else None: the veto of the
        row's delete plan as to the row and its MTI children (as Lino's; ``delete()``
        also checks the rows that cascade). A model overriding this hook is asked by
        every delete of its rows."""
        return deletion.DeletePlan.for_row(self, hook=False, cascade=False).veto

    def delete_veto_message(self, m: type[models.Model], n: int) -> str:
        """``Cannot delete X because n Ys refer to it.``"""
        return deletion.delete_veto_message(self, m, n)

    def delete(self, using=None, keep_parents=False):
        """Delete this row through the delete policy (``DeleteVetoed``: nothing deleted)."""
        # keywords: inside a Lino site the next delete() in the MRO is Lino's (**kw only)
        next_delete = super().delete
        if getattr(next_delete, "__func__", None) is models.Model.delete:
            return deletion.delete_object(self, None, using, keep_parents)  # Django's collector
        return deletion.delete_object(
            self, lambda: next_delete(using=using, keep_parents=keep_parents), using, keep_parents
        )

    # -- duplicate ------------------------------------------------------
    def duplicate(self, ar=None, **known_values: Any):
        """A copy of this row and its cascaded slaves (see ``duplicate.py``)."""
        return duplicate.duplicate(self, ar, **known_values)

    def on_duplicate(self, ar, master) -> None:
        """Called on each new copy before it is saved (``master`` None for the main copy)."""

    def after_duplicate(self, ar, master) -> None:
        """Called on the new main copy after it and its slaves are saved (master = original)."""

    # -- merge ----------------------------------------------------------
    def merge_plan(self, target, *, delete=(), reason: str = "", delete_conflicts: bool = False):
        """What merging this row into ``target`` would do (a dry run; see ``merge.py``)."""
        return merge.MergePlan(self, target, delete=delete, reason=reason,
                               delete_conflicts=delete_conflicts)

    def merge_into(self, target, ar=None, *, delete=(), reason: str = "",
                   delete_conflicts: bool = False):
        """Move every reference to ``target`` (or delete the volatiles named in ``delete``,
        and with ``delete_conflicts`` the rows that would break a unique constraint),
        then delete this row (or keep it, deactivated, for its history); atomic."""
        return merge.MergePlan(self, target, delete=delete, reason=reason,
                               delete_conflicts=delete_conflicts).execute(ar)

    # -- quick search ---------------------------------------------------
    @classmethod
    def quick_search_filter(cls, search_text: str, prefix: str = "") -> models.Q:
        return search.quick_search_filter(cls, search_text, prefix)

    # -- workflow -------------------------------------------------------
    def set_workflow_state(self, ar, state_field, target_state) -> None:
        workflows.set_workflow_state(self, ar, state_field, target_state)

    def before_state_change(self, ar, old, new) -> None:
        """Hook called before a state change (inside the transaction)."""

    def after_state_change(self, ar, old, new) -> None:
        """Hook called after the new state was saved (inside the transaction)."""

    @classmethod
    def resolve_states(cls, states):
        """The states named by ``states`` (names or states), by the model's workflow."""
        return options.workflow_field(cls).choicelist.resolve_states(states)

    # -- lookup ---------------------------------------------------------
    @classmethod
    def lookup_or_create(cls, lookup_field: str, value, **known_values):
        return lookup.lookup_or_create(cls, lookup_field, value, **known_values)

    @classmethod
    def create_from_choice(cls, text: str, ar=None, save: bool = True):
        return lookup.create_from_choice(cls, text, ar, save)

    @classmethod
    def choice_text_to_dict(cls, text: str, ar=None) -> dict | None:
        """Fields to fill from a text typed in a combo box; None = cannot create."""
        return None

    # -- introspection ---------------------------------------------------
    @classmethod
    def get_subclasses_graph(cls) -> str:
        """A graphviz directive of this model's multi-table-inheritance family."""
        return inheritance.get_subclasses_graph(cls)

    @classmethod
    def collect_virtual_fields(cls) -> None:
        """Declare this model's virtual fields to Django (done at start-up)."""
        fields.collect_virtual_fields(cls)

    @classmethod
    def get_or_none(cls, *args, **kwargs):
        """The one matching row, or None when no row matches or a value cannot match
        (``"abc"`` for an id). A wrong field name is a bug, not "no row": ``FieldError``
        goes through, as does ``MultipleObjectsReturned``."""
        try:
            return cls.objects.get(*args, **kwargs)
        except (cls.DoesNotExist, ValueError, TypeError):
            return None


def _prepare(sender: type[models.Model], **kwargs) -> None:
    if issubclass(sender, Model) and not sender._meta.abstract:
        deletion.protect_foreign_keys(sender)
        deletion.keep_policy_in_base_manager(sender)
        fields.collect_virtual_fields(sender)


class_prepared.connect(_prepare, dispatch_uid="lino_core_model.prepare")
# Registered on import, not in ready(), which never runs when the app is missing.
checks.register(check_app_installed)


class SiteRole(ContentType):
    """Holds the Django permissions that give the roles ``SiteStaff`` and
    ``Expert`` (see :mod:`lino_core_model.roles`): grant them to users or groups.
    A proxy: no table of its own, nothing to dump."""

    class Meta:
        # Explicit: a project whose models import ours without installing the app
        # then gets check lino_core_model.E007 rather than Django's RuntimeError.
        app_label = "lino_core_model"
        proxy = True
        default_permissions = ()
        permissions = [(codename, name) for codename, name in roles.ROLE_PERMISSIONS.values()]
        verbose_name = _("site role")
        verbose_name_plural = _("site roles")


#: The mixins of ``Model``, at the path that migrations name as bases.
_ours.register(Model=Model, QuerySet=QuerySet)

UIHooks = hooks.UIHooks
SummaryRow = row_html.SummaryRow

__all__ = [
    "ChoiceListField",
    "Manager",
    "Model",
    "QuerySet",
    "QuickSearchIndex",
    "SiteRole",
    "SummaryRow",
    "UIHooks",
    "full_model_name",
]
