"""Shared vocabulary of the authorization test: actors, who sees what, and the Route spec.

Each app with routes describes them in `unionhall/<app>/tests/authz.py` as `ROUTES: dict[str, Route]`;
`core/tests/test_authorization.py` collects them all, so apps never edit one shared table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from unionhall.tests.city import USERS, City

ACTORS = [*USERS, "anonymous"]

# Who can see what, by hand. The target of per-object routes is U1 (under D1/T1) and E1 (covered by U1).
SEE_U1 = {"city_admin", "sysadmin", "reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "info_u1"}
EDIT_U1 = {"city_admin", "cadre_d1", "cadre_t1", "chair_u1"}
STRUCTURE_U1 = {"city_admin", "cadre_d1", "cadre_t1"}
SEE_E1 = SEE_U1 - {"sysadmin"}  # the system admin sees the tree's shape, not the employer register
EDIT_E1 = EDIT_U1
TREE_ANYWHERE = SEE_U1 | {"outsider", "chair_u3"}
EMPLOYERS_ANYWHERE = SEE_E1 | {"outsider", "chair_u3"}
AUDIT = {"city_admin", "sysadmin", "reviewer_d1"}
LOGGED_IN = set(USERS)
# Actors whose whole reach lies in D1: none of D2's rows may reach them.
D1_ONLY = {"reviewer_d1", "cadre_d1", "cadre_t1", "chair_u1", "info_u1"}


def statuses(allowed: set[str], *, ok: int = 200, in_sight: set[str] | None = None, anon: int = 302) -> dict[str, int]:
    """ok for `allowed`; 403 for those who can see the object but may not act; 404 for everyone else."""
    out = {}
    for actor in ACTORS:
        if actor == "anonymous":
            out[actor] = anon
        elif actor in allowed:
            out[actor] = ok
        elif in_sight and actor in in_sight:
            out[actor] = 403
        else:
            out[actor] = 404
    return out


@dataclass
class Route:
    kwargs: Callable[[City], dict[str, Any]] = lambda c: {}
    expect: dict[str, int] = field(default_factory=dict)
    methods: tuple[str, ...] = ("get",)
    # The query string; a function of the city where it names a row (an id the test database chose).
    query: str | Callable[[City], str] = ""
    # Checks the response of a D1-only actor holds no row from D2.
    no_foreign: Callable[[City, Any], None] | None = None
    # A JSON body for API writes (sent with every method but GET), built from the city.
    body: Callable[[City], dict[str, Any]] | None = None


def page_shows_none_of(names: tuple[str, ...]) -> Callable[[City, Any], None]:
    """A `no_foreign` check: the page's HTML names none of `names` (rows of the other district)."""

    def check(city: City, response: Any) -> None:
        text = response.content.decode()
        leaked = [name for name in names if name in text]
        assert not leaked, f"{leaked} leaked"

    return check


def export_shows_none_of(names: tuple[str, ...]) -> Callable[[City, Any], None]:
    """A `no_foreign` check: no cell of the exported workbook's first sheet names any of `names`."""

    def check(city: City, response: Any) -> None:
        import io

        from python_calamine import CalamineWorkbook

        data = b"".join(response.streaming_content)
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
        cells = " ".join(str(cell) for row in rows for cell in row)
        leaked = [name for name in names if name in cells]
        assert not leaked, f"{leaked} leaked"

    return check
