"""Values a template computes only if it shows them.

Django's templates call a callable variable with no arguments, so a view can hand a template `once(...)`
instead of a value: a part kept by `{% kept %}` (core/templatetags/kept.py) then never computes what it
shows, and the figure's kept topics are learnt by the part that uses it. Called once per request at most.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache


def once[T](compute: Callable[[], T]) -> Callable[[], T]:
    return cache(compute)
