"""Admin integration: a ``ModelAdmin`` mixin, not a forced registration.

``LinoAdminMixin`` makes the admin's delete pages (one row, and the "delete
selected" action) show our veto message ("Cannot delete X because 3 Notes
refer to it.") instead of Django's list of protected objects.
"""

from __future__ import annotations

from django.contrib import admin


class LinoAdminMixin:
    """Mix into a ``ModelAdmin`` of a model that inherits our ``Model``."""

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        vetoes = [msg for msg in (obj.disable_delete() for obj in objs) if msg]
        if vetoes or protected:
            protected = vetoes or protected
        return deleted, model_count, perms_needed, protected


class ModelAdmin(LinoAdminMixin, admin.ModelAdmin):
    """A ``ModelAdmin`` with the Lino behaviours."""
