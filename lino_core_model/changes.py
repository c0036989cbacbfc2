"""``ChangeWatcher``: what a UI edit changed on a row."""

from __future__ import annotations

from django.db import models


class ChangeWatcher:
    """A snapshot of a row's field values, to tell later what changed."""

    def __init__(self, obj: models.Model):
        self.watched = obj
        self.original_state = self._state(obj)

    @staticmethod
    def _state(obj: models.Model) -> dict:
        deferred = obj.get_deferred_fields()  # never load them just to watch them
        return {
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if f.attname not in deferred
        }

    def get_updates(self, ignored=frozenset()) -> list[tuple[str, object, object]]:
        """``(attname, old, new)`` of every changed field, sorted by name."""
        now = self._state(self.watched)
        return sorted(
            (k, v, now[k])
            for k, v in self.original_state.items()
            if k not in ignored and now[k] != v
        )

    def get_old_value(self, attname: str):
        return self.original_state[attname]

    def has_changed(self, attname: str) -> bool:
        return getattr(self.watched, attname) != self.original_state[attname]

    def is_dirty(self) -> bool:
        return bool(self.get_updates())

__all__ = ["ChangeWatcher"]
