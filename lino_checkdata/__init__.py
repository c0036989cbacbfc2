"""lino_checkdata: data checkers and their stored problems (see docs/specs/checkdata.rst).

The public names live in the modules: ``checkers`` (``Checker``, ``register``,
``check_data``), ``actions`` (``check_all_data``), ``models`` (``Problem``) and
``tables`` (``Problems``, ``ProblemsByOwner``).
"""

from lino_core_model import plugin_getattr

__getattr__ = plugin_getattr(__name__)

__all__: list[str] = []
