"""The floors of the house (docs/architecture.md, "Layers"): an app imports apps on its own floor or below,
never above. Read from the source with `ast`, so a lazy import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # unionhall/

# Lowest first. An app not named here fails the test until it is given a floor.
FLOORS: dict[str, int] = {
    # 0 — the ground: no app at all
    "core": 0,
    # 1 — the tree, who may do what, sign-in, the API frame, messages to people
    "orgs": 1,
    "accounts": 1,
    "api": 1,
    "notifications": 1,
    "imports": 1,  # beside orgs, which registers the employer register as an import kind
    # 2 — shared mechanisms every module reuses; they import no domain app
    "workflow": 2,
    "workcalendar": 2,
    "notices": 2,
    "documents": 2,
    "storedfiles": 2,
    "funds": 2,
    "supervision": 2,  # 督办: supervised tasks every module opens, and the joint meeting's departments
    "panels": 2,  # 评审: review panels scoring the subjects of innovation, competitions, contests, honours
    # 3 — the domain modules
    "members": 3,
    "coverage": 3,
    "assistance": 3,
    "rights": 3,
    "cards": 3,
    "programmes": 3,
    "ten_services": 3,
    "joining": 3,
    "worker_portal": 3,
    "responsibility": 3,
    "meetings": 3,
    "commitments": 3,  # 岗位承诺卡: cadres' public commitments, rated by the unions they answer for
    "innovation": 3,  # 职工创新: 五个一 and 五小 submissions, patents, near-duplicate flagging
    "competitions": 3,  # 劳动竞赛: indicators, results verified by the organizer, kept rankings
    "teams": 3,  # 班组成本管理: work teams, cost targets and actuals, savings, rankings rolled up the tree
    "contests": 3,  # 技能竞赛: theory and practice items, entrants judged through panels, tie rule, certificates
    # 4 — what sits on top of everything: the console, reports across modules, data-officer tools, the demo
    "console": 4,
    "reports": 4,
    "dataops": 4,
    "demo": 4,
}

# Imports that still point up, each to be removed by issue 13's work; the test below fails when one is gone
# (so this list only shrinks) and the main test fails on any new one.
PENDING: set[tuple[str, str]] = set()


def _apps() -> list[str]:
    return sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").exists())


def _imports(app: str) -> set[str]:
    """The other unionhall apps that `app`'s own code (not its tests or migrations) imports."""
    found: set[str] = set()
    for path in (ROOT / app).rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(ROOT / app).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "unionhall" and len(parts) > 1 and parts[1] != app:
                    found.add(parts[1])
    return found


def _test_imports(folder: Path) -> set[tuple[str, str]]:
    """(file, imported module) for every import in `folder`'s test code of another app's tests package or
    of the root conftest.py; what tests share lives in the kit, unionhall/tests/."""
    app = folder.name
    found: set[tuple[str, str]] = set()
    for path in folder.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if app != "tests" and "tests" not in relative.parts[1:]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                foreign_tests = parts[:1] == ["unionhall"] and "tests" in parts[2:] and parts[1] not in (app, "tests")
                if foreign_tests or parts[0] == "conftest":
                    found.add((str(relative), name))
    return found


def test_every_app_has_a_floor() -> None:
    assert [app for app in _apps() if app not in FLOORS] == []


@pytest.mark.parametrize("app", _apps())
def test_an_app_imports_nothing_above_its_floor(app: str) -> None:
    floor = FLOORS.get(app, 0)
    upward = sorted(other for other in _imports(app) if FLOORS.get(other, 99) > floor)
    assert [other for other in upward if (app, other) not in PENDING] == []


def test_core_imports_no_app() -> None:
    assert _imports("core") - {other for (app, other) in PENDING if app == "core"} == set()


def test_the_pending_list_only_names_imports_that_still_exist() -> None:
    gone = sorted((app, other) for app, other in PENDING if other not in _imports(app))
    assert gone == [], f"remove these from PENDING, they are fixed: {gone}"


@pytest.mark.parametrize("folder", [*_apps(), "tests"])
def test_tests_share_helpers_only_through_the_kit(folder: str) -> None:
    """An app's tests import factories and helpers from the kit (`unionhall.tests`), never from another
    app's tests package or from the root conftest.py; the kit imports no app's tests."""
    assert sorted(_test_imports(ROOT / folder)) == []
