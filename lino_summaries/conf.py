"""The settings of ``lino_summaries``, read when used (``override_settings`` works).

=============================== ================== ==========================================
setting                         default            meaning
=============================== ================== ==========================================
``LINO_SUMMARIES_END_YEAR``     the current year   the last year of dated summaries
``LINO_SUMMARIES_START_YEAR``   ``END_YEAR - 2``   the first year of dated summaries
``LINO_SUMMARIES_CHUNK_SIZE``   ``10000``          masters per task of the daily run
``LINO_SUMMARIES_TASK_BACKEND`` ``"default"``      the tasks backend of the daily run
``LINO_SUMMARIES_RETRIES``      ``3``              retries of a unit that failed on a lock
                                                   conflict (deadlock, lock wait timeout)
=============================== ================== ==========================================

The year defaults are computed at each access, so a server running across New
Year covers the new year without a restart (Lino froze them at start-up).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

__all__ = ["AppSettings", "app_settings"]

PREFIX = "LINO_SUMMARIES_"


class AppSettings:
    """One property per setting, each read from Django's settings when accessed."""

    @property
    def END_YEAR(self) -> int:
        value = getattr(settings, PREFIX + "END_YEAR", None)
        return timezone.localdate().year if value is None else int(value)

    @property
    def START_YEAR(self) -> int:
        value = getattr(settings, PREFIX + "START_YEAR", None)
        return self.END_YEAR - 2 if value is None else int(value)

    @property
    def CHUNK_SIZE(self) -> int:
        return int(getattr(settings, PREFIX + "CHUNK_SIZE", 10000))

    @property
    def RETRIES(self) -> int:
        return max(0, int(getattr(settings, PREFIX + "RETRIES", 3)))

    @property
    def TASK_BACKEND(self) -> str:
        return getattr(settings, PREFIX + "TASK_BACKEND", "default")


app_settings = AppSettings()
