"""How `make test` hands the suite to its two xdist workers: `--dist loadfile`, with two changes.

`--dist loadfile` keeps a file's tests on one worker (the browser tests' module-scoped Chromium starts once
per file, a module's shared fixtures are built once) and hands out the files largest first, by their number
of tests. Two things made one worker run alone for minutes at the end of a run:

- the authorization table (`core/tests/test_authorization.py`) is one file of routes × actors, some 60 % of
  all tests: it went whole to one worker. Here each route's cases are a unit of their own (its city is built
  once per route: the module-scoped `route_case` fixture), so the table spreads over both workers;
- a browser test is one test that takes as long as hundreds of others, so its file, counted by its tests,
  came last. Here a unit is weighed by an estimate of its time, and browser files (`*_browser.py`) go first.

It also runs tests that share one id (the API contract's cases, see `_positions`), which xdist's own
schedulers send once.
"""

from __future__ import annotations

from typing import Any

from xdist.scheduler import LoadScopeScheduling

AUTHORIZATION_CASES = "unionhall/core/tests/test_authorization.py::test_route_answers_each_actor_by_the_scope_rule["
# A browser test takes about as long as this many ordinary tests (30–60 s against 0.05–0.1 s).
BROWSER_WEIGHT = 400


def unit_of(nodeid: str) -> str:
    """The unit a test is scheduled with: its file, or for the authorization table its route."""
    if nodeid.startswith(AUTHORIZATION_CASES):
        case = nodeid[len(AUTHORIZATION_CASES) : -1]  # "route-actor"; actors' names hold no hyphen
        return nodeid.split("::", 1)[0] + "::" + case.rsplit("-", 1)[0]
    return nodeid.split("::", 1)[0]


def weight(unit: str, tests: int) -> int:
    return tests * BROWSER_WEIGHT if unit.endswith("_browser.py") else tests


class WeightedFileScheduling(LoadScopeScheduling):
    def __init__(self, config: Any, log: Any = None) -> None:
        super().__init__(config, log)
        self._ordered = False
        self._positions_of: dict[Any, dict[str, list[int]]] = {}

    def _split_scope(self, nodeid: str) -> str:
        return unit_of(nodeid)

    def _assign_work_unit(self, node: Any) -> None:
        # The parent's `schedule` fills the queue, then hands out its first units through here: order the
        # queue heaviest first the first time (longest first leaves the shortest units for the end).
        if not self._ordered:
            self._ordered = True
            units = sorted(self.workqueue.items(), key=lambda item: -weight(item[0], len(item[1])))
            self.workqueue.clear()
            self.workqueue.update(units)
        scope, work_unit = self.workqueue.popitem(last=False)
        self.assigned_work.setdefault(node, {})[scope] = work_unit
        positions = self._positions(node)
        node.send_runtest_some([i for nodeid, done in work_unit.items() if not done for i in positions[nodeid]])

    def _positions(self, node: Any) -> dict[str, list[int]]:
        """Every position of each test id in the node's collection. xdist keys its work by test id and sends
        `collection.index(id)`, the first position only: schemathesis names each API operation's case of
        `test_contract.py` with the same id, so under xdist one operation of 92 was checked and the other 91
        never ran. Sending every position runs them all (the worker runs what it is sent before it stops)."""
        if node not in self._positions_of:
            positions: dict[str, list[int]] = {}
            for i, nodeid in enumerate(self.registered_collections[node]):
                positions.setdefault(nodeid, []).append(i)
            self._positions_of[node] = positions
        return self._positions_of[node]
