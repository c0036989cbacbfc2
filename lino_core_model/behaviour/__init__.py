"""The model behaviour: delete policy, duplicate, merge, quick search, workflow state
changes, ``lookup_or_create``, and the per-model options they read.

Each module works on any model (a function takes the model or the row); our
``Model`` binds them as methods under the names of the specification.
"""

__all__: list[str] = []
