"""System checks of ``lino_coachings`` (ids ``lino_coachings.Exxx`` / ``Wxxx``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core import checks
from django.db import connections

from lino_clients.conf import app_settings as clients_settings
from lino_core_model.checks import needed_apps_errors, swappable_setting_errors
from lino_core_model.utils import installed_model

from .conf import SWAPPABLE_DEFAULTS
from .mixins import Coachable, CoachMixin

__all__: list[str] = []

USER_FIELDS = ("coaching_type", "coaching_supervisor")


@checks.register(checks.Tags.models)
def check_models(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E001: ``lino_clients`` is installed; E002: the client model is ``Coachable``;
    E003: the user model has the coach fields (``CoachMixin`` or ``inject_coach_fields``)."""
    errors = needed_apps_errors("lino_coachings", ["lino_clients"], "lino_coachings.E001")
    label = clients_settings.CLIENT_MODEL
    model = installed_model(label)
    if model is not None and not issubclass(model, Coachable):
        errors.append(
            checks.Error(
                f"The client model {label} must inherit lino_coachings.mixins.Coachable.",
                hint="Coachable includes lino_clients' ClientBase: inherit Coachable instead "
                "of ClientBase, e.g. class Client(Person, Coachable).",
                obj=model,
                id="lino_coachings.E002",
            )
        )
    user_model = get_user_model()
    names = {f.name for f in user_model._meta.get_fields()}
    missing = [n for n in USER_FIELDS if n not in names]
    if missing:
        errors.append(
            checks.Error(
                f"The user model {user_model._meta.label} lacks {', '.join(missing)}.",
                hint="Inherit lino_coachings.mixins.CoachMixin or call inject_coach_fields().",
                obj=user_model,
                id="lino_coachings.E003",
            )
        )
    errors.extend(check_base_order(user_model))
    errors.extend(
        swappable_setting_errors("lino_coachings", SWAPPABLE_DEFAULTS, "lino_coachings.E004")
    )
    return errors


def check_base_order(user_model: type) -> list[checks.CheckMessage]:
    """W002: ``CoachMixin`` (or our ``Model``) before Django's user base: the user
    model then inherits their empty ``Meta`` instead of ``AbstractUser.Meta``."""
    from django.contrib.auth.base_user import AbstractBaseUser

    from lino_core_model.models import Model

    mro = user_model.__mro__
    if AbstractBaseUser not in mro or "Meta" in vars(user_model):
        return []
    first = mro.index(AbstractBaseUser)
    early = [base.__name__ for base in (CoachMixin, Model) if base in mro[:first]]
    if not early:
        return []
    return [
        checks.Warning(
            f"{user_model._meta.label} lists {' and '.join(early)} before Django's user base "
            f"class, so it inherits their empty Meta instead of AbstractUser's "
            f"(makemigrations then writes AlterModelOptions(options={{}})).",
            hint="Put Django's base first: class User(AbstractUser, CoachMixin, Model).",
            obj=user_model,
            id="lino_coachings.W002",
        )
    ]


@checks.register(checks.Tags.database)
def check_primary_constraint(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """W001: a database that cannot enforce one primary coach with a constraint."""
    warnings: list[checks.CheckMessage] = []
    for alias in databases or ():
        if not connections[alias].features.supports_partial_indexes:
            warnings.append(
                checks.Warning(
                    f"Database {alias!r} ({connections[alias].vendor}) cannot enforce one primary "
                    f"coach per client with a conditional unique constraint.",
                    hint="Only the client-row lock taken by Coaching.save() guards it there: "
                    "raw updates and bulk_create can store a second primary coaching.",
                    id="lino_coachings.W001",
                )
            )
    return warnings
