"""What each person sees first after signing in: a page of panels, each built by the app that
owns what it shows (reads only; nothing here writes).

core keeps only the registry. Each app's `home.py` registers its panels (and the role titles)
at start-up — core's `AppConfig.ready` discovers them as it does `tasks.py` — so core imports no
domain app, and a new panel is added beside the records it reads.

Business rules:
- a panel is for the roles it names (or for everyone signed in, `roles=None`); a person whose
  role has no panels of its own sees only the everyone-panels (the districts);
- panels build in `order`; a later panel may add to what an earlier one built (an app that
  owns a column of another app's table fills that column: open concerns on an officer's
  schools, open requests on a sergeant's workload), and they render in the same order;
- headline figures (`Stat`) show as one row of cards above the panels, ordered by `rank`;
- every figure is for the user's own scope, as each panel's docstring says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

Build = Callable[[Any, dict[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True)
class Stat:
    """One headline figure on a card: `value` large, `note` (and an optional link) under it."""

    id: str
    label: str
    value: Any
    rank: int = 0
    note: str = ""
    link: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class Panel:
    key: str
    roles: frozenset[str] | None  # None: everyone signed in
    build: Build
    template: str | None  # None: adds to other panels' items, draws nothing itself
    order: int


@dataclass
class Home:
    role: str
    title: str
    items: dict[str, Any] = field(default_factory=dict)
    stats: list[Stat] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    page_templates: list[str] = field(default_factory=list)

    @property
    def is_role_home(self) -> bool:
        return bool(self.templates or self.stats)


_PANELS: dict[str, Panel] = {}
_TITLES: dict[str, str | Callable[[Any], str]] = {}


def register_panel(
    key: str, *, roles: Iterable[str] | None, order: int, template: str | None = ""
) -> Callable[[Build], Build]:
    """Decorator: `build(user, items) -> dict` adds its items to the page of these roles.

    `key` is "<app>.<panel>"; the panel draws `<app>/home/<panel>.html` unless `template`
    names another, or `template=None` (a panel that only adds to other panels' items)."""
    if template == "":
        app, _, name = key.partition(".")
        template = f"{app}/home/{name}.html"

    def wrap(build: Build) -> Build:
        chosen = frozenset(str(r) for r in roles) if roles is not None else None
        _PANELS[key] = Panel(key, chosen, build, template, order)
        return build

    return wrap


def register_title(role: str, title: str | Callable[[Any], str]) -> None:
    _TITLES[str(role)] = title


def panels_for(role: str) -> list[Panel]:
    return sorted(
        (p for p in _PANELS.values() if p.roles is None or role in p.roles),
        key=lambda p: (p.order, p.key),
    )


def today() -> dt.date:
    return timezone.localdate()


def home_for(user: Any) -> Home:
    role = str(getattr(user, "role", "") or "")
    title = _TITLES.get(role, "")
    home = Home(role, title(user) if callable(title) else title, {"today": today()})
    for panel in panels_for(role):
        built = panel.build(user, home.items) or {}
        home.stats.extend(built.pop("stats", []))
        home.items.update(built)
        if panel.template is None:
            continue
        (home.templates if panel.roles is not None else home.page_templates).append(panel.template)
    home.stats.sort(key=lambda s: s.rank)
    return home
