"""The Lino plugin of lino_checkdata (see lino_core_model/lino_plugin.py).

Its Django label is ``checkdata``, as that of Lino's ``lino.modlib.checkdata``:
a Lino site installs one of the two, never both (Django refuses two apps with
one label). Lino's kernel imports the choicelists of its own checkdata (its
``system``, ``printing`` and ``countries`` define checkers) even where that
plugin is not installed; they carry the label ``checkdata`` too, and Lino would
take them for actors of ours: :meth:`Plugin.before_actors_discover` leaves them
out.
"""

from __future__ import annotations

from lino_core_model.lino_plugin import LinoAppsPlugin

__all__ = ["Plugin"]

LINOS_CHECKDATA = "lino.modlib.checkdata."


class Plugin(LinoAppsPlugin):
    django_label = "checkdata"
    needs_plugins = ["lino_core_model", "lino_gfks"]

    def before_actors_discover(self) -> None:
        from lino.core import actors  # not at the top: it needs the Site

        super().before_actors_discover()
        actors.actor_classes[:] = [
            actor
            for actor in actors.actor_classes
            if not actor.__module__.startswith(LINOS_CHECKDATA)
        ]
