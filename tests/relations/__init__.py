"""A test-only app (label ``relations``) whose models hold every relation kind.

Installed by ``tests/settings.py`` only: the demo and the specs do not see it.
"""
