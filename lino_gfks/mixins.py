"""``Controllable`` (alias ``Ownable``): a row owned by any other database row."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lino_core_model.models import Model

from .fields import GenericForeignKey, GenericForeignKeyIdField
from .lookups import gfk2lookup
from .owners import check_owner, owner_model, written_gfks


class Controllable(Model):
    """Mixin for rows "controlled" (owned) by another row, stored in ``owner``.

    The owner is optional by default; :meth:`update_controller_field` makes it
    required or relabels it. ``owner_models`` (labels or model classes; default:
    every model inheriting our ``Model``) says which rows may own one (see
    ``lino_gfks.owners``). Validation and saving refuse other owners and
    missing ones; saving keeps the owner locked until commit. ``owner_label``
    and ``controller_is_optional`` are accepted for Lino compatibility and
    ignored.

    ``Meta`` declares an index on (``owner_type``, ``owner_id``): a subclass
    that declares its own ``Meta`` keeps it by inheriting
    (``class Meta(Controllable.Meta):``).
    """

    owner_label = _("Controlled by")
    controller_is_optional = True
    owner_models: Any = None

    owner_type = models.ForeignKey(
        ContentType,
        models.PROTECT,
        verbose_name=_("Controlled by (type)"),
        blank=True,
        null=True,
        related_name="%(app_label)s_%(class)s_set",
    )
    owner_id = GenericForeignKeyIdField(
        "owner_type", verbose_name=_("Controlled by (object)"), blank=True, null=True
    )
    owner = GenericForeignKey("owner_type", "owner_id", verbose_name=_("Controlled by"))

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    @classmethod
    def update_controller_field(cls, verbose_name: Any = None, **kwargs: Any) -> None:
        """Change ``owner_type``, ``owner_id`` (and the label of ``owner``) together.

        E.g. ``update_controller_field(blank=False, null=False)`` makes the
        owner required; a ``verbose_name`` labels ``owner`` and gets " (object)"
        and " (type)" appended for the two underlying fields.
        """
        meta = cls._meta
        type_field = meta.get_field("owner_type")
        id_field = meta.get_field("owner_id")
        gfk = meta.get_field("owner")
        for field in (type_field, id_field):
            for name, value in kwargs.items():
                setattr(field, name, value)
        if verbose_name is not None:
            gfk.verbose_name = verbose_name
            id_field.verbose_name = format_lazy("{} {}", verbose_name, _("(object)"))
            type_field.verbose_name = format_lazy("{} {}", verbose_name, _("(type)"))

    update_owner_field = update_controller_field

    def update_owned_instance(self, controllable: models.Model) -> None:
        """Called on the owner when ``controllable`` is saved; forwarded up the chain."""
        owner = self.owner
        if owner is not None and hasattr(owner, "update_owned_instance"):
            owner.update_owned_instance(controllable)

    def clean_fields(self, exclude: Any = None) -> None:
        """Also refuse an owner of a type not in ``owner_models`` or a missing owner row
        (locked, in a transaction until its end), unless a form excludes its fields."""
        errors: dict = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        skip = set(exclude or ()) | set(errors)
        for gfk in written_gfks(self, None):
            if not {gfk.ct_field, gfk.fk_field} & skip:
                try:
                    check_owner(gfk, self, lock=True)
                except ValidationError as exc:
                    errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Check and lock the owner (until commit), let it update this row, then save.

        The owner row is fetched only when its model defines
        ``update_owned_instance`` (no extra query for plain owners).
        """
        using = kwargs.get("using") or self._state.db or router.db_for_write(type(self))
        in_transaction = transaction.get_connection(using).in_atomic_block
        with nullcontext() if in_transaction else transaction.atomic(using=using):
            for gfk in written_gfks(self, kwargs.get("update_fields")):
                check_owner(gfk, self, lock=True, using=using)
            if self.owner_type_id is not None and self.owner_id is not None:
                model = owner_model(self._meta.get_field("owner"), self)
                owner = self.owner if hasattr(model, "update_owned_instance") else None
                if owner is not None:
                    owner.update_owned_instance(self)
            super().save(*args, **kwargs)

    @classmethod
    def owned_rows(cls, owner: models.Model, **kwargs: Any) -> models.QuerySet:
        """The rows of this model owned by ``owner``."""
        return cls.objects.filter(**gfk2lookup(cls._meta.get_field("owner"), owner, **kwargs))


Ownable = Controllable

__all__ = ["Controllable", "Ownable"]
