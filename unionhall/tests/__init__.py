"""The test kit: what every app's tests share, in one place (issue 13). An app's tests import from here —
`from unionhall.tests import factories`, `from unionhall.tests.city import City` — and never from another
app's `tests` package or from the root conftest.py (`core/tests/test_layers.py` fails on such an import).
An app's own `tests/` keeps only what its own tests share (its registries `authz.py`, `audit_recipes.py`,
`workflow_builders.py`, and helpers no other app uses).

- `city.py` — the small city: `build_city()` and `City` (units C, D1, T1, U1, B1, U2, D2, T2, U3, employers
  E0, E1, E3, a user for every role; `City.client(name)` logs one in). The root conftest.py offers it as
  the `city` fixture.
- `factories.py` — one factory per kind of row (people, members, archives, programmes, funds and budgets,
  disbursements, cards and merchants, join applications, worker accounts, rights cases and risks, the
  joint meeting's member departments).
- `http.py` — `post_json`: a JSON POST as an integrator sends it (with an Idempotency-Key when given).
  (Not `api.py`: `unionhall/api/urls.py` takes every `unionhall.<package>.api` for the API's routers.)
- `books.py` — `assert_books_balance()`: the ledger's invariants, for every test that moves money.
- `concurrency.py` — `run_together(jobs)`: races on PostgreSQL, each job on its own thread and connection.
- `clock.py` — the session's clock (UNIONHALL_TEST_CLOCK), started by the root conftest.py.
- `querycount.py` — `assert_queries_do_not_grow`: the N+1 guard of the list pages.
- `audit_support.py` — `SYSTEM`, `Recipe`, `last_event()`: the vocabulary of the audit recipes.
- `authz_support.py` — `Route`, `statuses`, the actors: the vocabulary of the authorization table.
- `workflow.py` — `Setup` and the discovery of each app's workflow builders.
- `browser.py` — Playwright on the system Chromium: the `chromium` and `visit` fixtures (a pytest plugin
  named in the root conftest.py), `Visit`, `assert_clean_console`; `picker.py` — `pick` in a picker;
  `dashboards.py` — what every dashboard's browser test checks of its charts; `stories.py` — steps of a
  story that more than one app's browser tests walk (a fixed point, its visit, the problem made a task).

The package is named `tests` so what leaves test code out (the duplicates measure, mypy's `exclude`) leaves
the kit out too; it holds no `test_*.py`, so pytest collects nothing here.
"""
