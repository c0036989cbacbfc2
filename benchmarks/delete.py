"""The delete benchmarks alone: ``python -m benchmarks.delete [--database URL] [--n N]``.

The veto check and the cascaded delete at 1,000, 10,000 and 100,000 slaves (or
``--slaves``), ours against the baseline in the same run, alternating, medians
of several runs after a warm-up (see ``operations`` and ``timing``).
"""

from __future__ import annotations

import argparse

from .data import DEFAULT_DATABASE_URL, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--n", type=int, default=2_000, help="clients (10 notes each)")
    parser.add_argument("--slaves", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    setup_django(args.database)
    from . import data, operations
    from .timing import print_table

    data.generate(args.n)
    results = []
    for slaves in args.slaves:
        results += [
            operations.bench_disable_delete(slaves),
            operations.bench_cascaded_delete(slaves),
        ]
    print_table(f"Delete ({args.database})", results)


if __name__ == "__main__":
    main()
