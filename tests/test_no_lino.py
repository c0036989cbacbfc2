"""A plain Django project with our apps never imports Lino."""

from __future__ import annotations

import subprocess
import sys


def test_the_demo_imports_no_lino():
    code = (
        "import sys, django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('check', verbosity=0);"
        "import lino_checkdata, lino_clients, lino_coachings, lino_core_model, lino_gfks;"
        "import lino_summaries;"
        "print(sorted(m for m in sys.modules if m == 'lino' or m.startswith('lino.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, check=True,
        env={"DJANGO_SETTINGS_MODULE": "demo_project.settings", "PATH": ""},
    )
    assert result.stdout.splitlines()[-1] == "[]"  # after the system check's line
