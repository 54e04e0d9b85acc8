"""What an app does when Django is ready: import the modules that plug it into the house.

An app's `AppConfig` mixes in `Plugs` and names those modules in `plugs`: each is imported and its `register()`
called, in that order, once the models of every app are loaded.
"""

from __future__ import annotations

from importlib import import_module


class Plugs:
    name: str
    # The app's own modules, by their name inside the app, in the order they are to be plugged in.
    plugs: tuple[str, ...] = ()

    def ready(self) -> None:
        for module_name in self.plugs:
            import_module(f"{self.name}.{module_name}").register()


def add_once[Hook](hooks: list[Hook], hook: Hook) -> None:
    """Add a function to another app's list of hooks, unless it is there already: registered twice, it still
    runs once."""
    if hook not in hooks:
        hooks.append(hook)
