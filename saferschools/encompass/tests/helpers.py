"""Builders for Operation Encompass tests: children as the officer records them, and
incidents recorded through the service (the real write path)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from saferschools.encompass import services
from saferschools.encompass.choices import Presence

WORDS = "Mum was crying and Dad shouted at her"


def local(y: int, m: int, d: int, hh: int, mm: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


def child(school: Any, first: str = "Amira", **kw: Any) -> services.ChildInput:
    """A child at `school` who was present, seen, and spoke to the officer."""
    defaults = {
        "first_name": first,
        "last_name": "Testchild",
        "date_of_birth": dt.date(2013, 5, 4),
        "presence": Presence.PRESENT_SAW,
        "establishment": school,
        "where": "the living room",
        "childs_words": WORDS,
    }
    defaults.update(kw)
    return services.ChildInput(**defaults)


def child_not_present(school: Any, first: str = "Amira") -> services.ChildInput:
    """A child at `school` who was not there, so was not spoken to."""
    return child(
        school,
        first,
        presence=Presence.NOT_PRESENT,
        where="",
        childs_words="",
        spoken_to=False,
        not_spoken_reason="not_present",
    )


def record(user: Any, children: list[services.ChildInput], at: Any = None, **kw: Any) -> Any:
    """Record an incident with `children` as `user` (by default on 10 November 2026, 19:40);
    `ref` is its police reference. The notifications made, one per school."""
    return services.incident_record(
        acting_user=user,
        police_reference=kw.pop("ref", "KC-20261110-0042"),
        occurred_at=at or local(2026, 11, 10, 19, 40),
        location="A flat in Margate",
        circumstances="Neighbours called about shouting; both adults spoken to.",
        children=children,
        **kw,
    )
