"""Signals sent by the Model extension (names as in Lino)."""

from django.dispatch import Signal

#: Sent by ``lookup_or_create`` after creating a row (sender = the new row,
#: keyword ``known_values``).
auto_create = Signal()

#: Sent before a merge is executed (sender = the ``MergePlan``).
pre_merge = Signal()

#: ``save_new_instance`` / ``save_existing_instance``: before the save (sender = model
#: class, ``instance``, ``ar``).
pre_ui_save = Signal()

#: After a UI save (sender = model class, ``instance``, ``ar``, ``cw``).
post_ui_save = Signal()

#: After a row was created through ``save_new_instance`` (sender = the row, ``ar``).
on_ui_created = Signal()

#: After a row was updated through the UI (sender = model class, ``watcher``, ``ar``).
on_ui_updated = Signal()

__all__ = [
    "auto_create",
    "on_ui_created",
    "on_ui_updated",
    "post_ui_save",
    "pre_merge",
    "pre_ui_save",
]
