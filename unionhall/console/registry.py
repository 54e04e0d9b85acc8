"""The navigation registry: every installed app's `nav.py` `ENTRIES`, and which of them a user may open."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, partial
from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from unionhall.core import versions
from unionhall.core.navigation import GROUP_ORDER, Entry, Group
from unionhall.orgs import access
from unionhall.orgs.access import Cap


@cache
def entries() -> tuple[Entry, ...]:
    """All declared entries, in group order, then by each entry's order. Read once per process."""
    found: list[Entry] = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "nav"):
            found.extend(import_module(f"{config.name}.nav").ENTRIES)
    return tuple(sorted(found, key=lambda e: (GROUP_ORDER.index(e.group), e.order, e.label)))


@cache
def _url(url_name: str, prefix: str) -> str:
    # Every page draws the sidebar: each entry's address is reversed once per process (and script prefix).
    return reverse(url_name)


def may_open(user: Any, entry: Entry) -> bool:
    if entry.shows is not None:
        return bool(entry.shows(user))
    return entry.cap is not None and access.has_cap_anywhere(user, Cap(entry.cap))


def open_entries(user: Any) -> tuple[Entry, ...]:
    """The entries this user may open, kept until their grants or the tree change: every page asks, and
    each entry's check walks the user's grants (26 checks a page)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    topics = (*access.GRANT_TOPICS, "users")
    return versions.cached("open_entries", topics, user.pk, lambda: tuple(e for e in entries() if may_open(user, e)))


def waiting(entry: Entry, user: Any) -> int:
    """The entry's 待办 count for the user, kept until its tables or the user's grants change."""
    assert entry.todo is not None
    if not entry.todo_topics:
        return entry.todo(user)
    topics = (*entry.todo_topics, *access.GRANT_TOPICS)
    key = (user.pk, timezone.localdate()) if entry.todo_daily else user.pk
    return versions.cached(f"todo:{entry.url_name}", topics, key, partial(entry.todo, user))


@dataclass
class Link:
    group: Group
    label: str
    url: str
    active: bool = False
    # Called by the template only when the sidebar is drawn (never for an htmx fragment).
    todo: Any = None

    def __getitem__(self, key: str) -> Any:  # the older `nav` context read items as dicts
        return getattr(self, key)


@dataclass
class MenuGroup:
    label: str
    links: list[Link]

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)


@dataclass
class Menu:
    links: list[Link]
    groups: list[MenuGroup] = field(default_factory=list)
    current: Link | None = None


def menu_for(user: Any, path: str) -> Menu:
    """The links this user may open, once per URL (a page open to two capabilities is declared twice),
    grouped; the current one is the longest link the path lies under (/orgs/employers/ is under /orgs/)."""
    links: list[Link] = []
    for entry in open_entries(user):
        url = _url(entry.url_name, get_script_prefix())
        if any(link.url == url for link in links):
            continue
        todo = partial(waiting, entry, user) if entry.todo else None
        links.append(Link(group=entry.group, label=entry.label, url=url, todo=todo))
    matching = [link for link in links if path.startswith(link.url)]
    current = max(matching, key=lambda link: len(link.url), default=None)
    if current is not None:
        current.active = True
    groups = [MenuGroup(group.value, [link for link in links if link.group == group]) for group in GROUP_ORDER]
    return Menu(links=links, groups=[g for g in groups if g.links], current=current)
