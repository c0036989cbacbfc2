"""Start-up: ``django.setup()`` in fresh subprocesses, with all apps and with none of ours."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from .timing import Result

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = (
    "import time; t = time.perf_counter(); import django; django.setup(); "
    "print(time.perf_counter() - t)"
)


def setup_time(settings: str, repeat: int = 7) -> float:
    """The median time of ``import django; django.setup()`` in a fresh interpreter."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=settings)
    times = [
        float(subprocess.run([sys.executable, "-c", PROGRAM], env=env, cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout)
        for _ in range(repeat)
    ]
    return statistics.median(times)


def bench_startup() -> Result:
    ours = setup_time("demo_project.settings")
    base = setup_time("benchmarks.settings_without_ours")
    return Result("django.setup()", "all apps", ours, base, "adds < 100 ms", 0,
                  ours - base < 0.1, f"adds {(ours - base) * 1000:.0f} ms")
