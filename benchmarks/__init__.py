"""Benchmarks of lino-apps (not tests): ``python -m benchmarks.run`` prints the tables."""
