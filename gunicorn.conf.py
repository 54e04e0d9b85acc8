"""gunicorn's settings for UnionHall, read from the working directory (`gunicorn config.wsgi` in README.md's
production section; `make load` serves the same way). Command-line options still win.

The garbage collector: a Django request makes tens of thousands of short-lived objects, and Python's
default thresholds run a collection every 700 allocations, walking the long-lived ones too — the loaded
application, the templates, the kept figures. Each worker raises the first threshold (far fewer young
collections; cycles are still collected) and freezes what was loaded before it served anything, so
collections never walk it again. Measured with `make load` in docs/performance.md.
"""

import gc

# Each worker loads the application itself (no preload): a database connection or a thread opened while
# loading is then never shared across a fork.
preload_app = False


def post_worker_init(worker: object) -> None:
    # Import every view now (Django reads the URLconf at the first request otherwise): the worker's first
    # requests do not wait for it, and what it loads is frozen with the rest.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
