"""The errors our operations raise: each carries a message for the user."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError


class DeleteVetoed(ProtectedError):
    """A delete was refused; ``str(exc)`` is the veto message."""

    def __init__(self, msg: str, protected_objects=()):
        super().__init__(str(msg), set(protected_objects))

    def __str__(self) -> str:
        return self.args[0]


class StateChanged(ValidationError):
    """A workflow state change was refused: no transition makes it from the row's
    state, or another writer changed the state since this row was read."""


class DuplicateError(ValidationError):
    """A row (or one of its slaves) could not be duplicated."""


class MergeError(ValidationError):
    """A merge was refused or failed; nothing was changed."""

__all__ = ["DeleteVetoed", "DuplicateError", "MergeError", "StateChanged"]
