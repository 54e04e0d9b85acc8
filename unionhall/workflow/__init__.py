"""The workflow kernel: one way to declare a record's life and one runner for its steps (kernel.py).

A ground-floor package: it imports `core` and `orgs` only; every domain app that has a life declares a
`Table` in its own `workflow.py` and registers it here.
"""
