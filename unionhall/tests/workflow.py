"""The test kit of the workflow kernel: what a table's builder returns, and where the builders are found.

Each app with a life keeps `tests/workflow_builders.py` with `BUILDERS = {<table name>: builder}`. A
builder makes a row in the status asked for, with whatever the step's guard needs already on file, and
names a user allowed to take the step (and the step's other arguments): the generic walk
(test_every_table.py) then takes the step from every status, allowed or not.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

from unionhall.workflow.kernel import Transition


@dataclass
class Setup:
    obj: Any
    actor: Any
    reason: str = "按规定办理，理由如下。"
    params: dict[str, Any] = field(default_factory=dict)


Builder = Callable[[Any, str, Transition], Setup]  # (city, status, step) → Setup


def builders() -> dict[str, Builder]:
    found: dict[str, Builder] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("unionhall."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.workflow_builders")
        except ModuleNotFoundError as e:
            if e.name != f"{config.name}.tests.workflow_builders":
                raise
            continue
        found.update(module.BUILDERS)
    return found
