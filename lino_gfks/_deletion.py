"""GFK-aware delete: the core's delete plan, which GFKs are references of.

A GFK is a reference that the core's :class:`~lino_core_model.deletion.DeletePlan`
enforces itself (``GFKReference.enforced_by_us``): the plan vetoes, cascades and
clears through GFKs set-based, for our models and plain ones. Where Django deletes
rows without a plan (a plain model's own delete, a manager that is not ours), the
core's ``pre_delete`` receiver serves them, connected for exactly the models that
need it (``GfksConfig.ready``). This module keeps the names the app has offered.
"""

from __future__ import annotations

from django.db import models

from lino_core_model import deletion

__all__: list[str] = []

#: The ``pre_delete`` receiver of the delete policy.
enforce_gfk_policies = deletion.hold_delete_policy


def receiver_senders() -> list[type[models.Model]]:
    """The models :data:`enforce_gfk_policies` is connected for (read at start-up)."""
    return deletion.receiver_senders()
