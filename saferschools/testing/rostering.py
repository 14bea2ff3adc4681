"""Test builders for rosters without solving: a roster document and its shift rows.

`make_roster(officers)` gives each officer a day shift on the first weekday of the horizon, so
selectors and pages have something to scope. `roster_kind(world)` is the access matrix's
(inside, outside) pair: a roster with the schools officer's shift, and one with a stranger's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from saferschools.rostering import engine as E
from saferschools.rostering.models import Roster, RosterShift
from saferschools.workforce.models import Officer


def make_roster(
    officers: Iterable[Officer],
    *,
    start: dt.date = dt.date(2026, 6, 29),
    weeks: int = 1,
    status: str = Roster.Status.PUBLISHED,
) -> Roster:
    officers = list(officers)
    end = start + dt.timedelta(days=7 * weeks - 1)
    day = E.ShiftType("D", "day", dt.time(8), dt.time(16), school_hours=True, youth_cover=True)
    s, e = day.interval(start)
    doc: dict[str, Any] = {
        "format": "saferschools.roster/1",
        "timezone": "Europe/London",
        "horizon": {"start": start.isoformat(), "end": end.isoformat(), "days": 7 * weeks},
        "shift_types": [
            {
                "code": "D",
                "name": "day",
                "start": "08:00",
                "end": "16:00",
                "school_hours": True,
                "youth_cover": True,
                "late": False,
            }
        ],
        "calendar": {
            "days": [
                {
                    "date": (start + dt.timedelta(days=k)).isoformat(),
                    "weekday": (start + dt.timedelta(days=k)).weekday(),
                    "type": "school_day",
                    "in_term": True,
                    "youth_cover": False,
                    "bank_holiday": None,
                }
                for k in range(7 * weeks)
            ],
            "closures": [],
        },
        "districts": [],
        "schools": [],
        "officers": [
            {
                "id": o.collar_number,
                "name": o.short_name,
                "rank": "sergeant" if o.rank == "PS" else "constable",
                "district": o.district.code if o.district_id else None,
                "division": o.division.name if o.division_id else "",
                "contract": {
                    "max_days_per_week": None,
                    "max_hours_per_week": None,
                    "fixed_days_off": [],
                    "key": "full_time",
                },
            }
            for o in officers
        ],
        "rules": [],
        "shifts": [
            {
                "officer": o.collar_number,
                "district": o.district.code if o.district_id else None,
                "division": "",
                "date": start.isoformat(),
                "shift": "D",
                "start": s.isoformat(),
                "end": e.isoformat(),
                "minutes": 480,
            }
            for o in officers
        ],
        "absences": [],
        "solve": {"status": "OPTIMAL", "objective": 0, "bound": 0, "gap": 0, "seconds": 0},
    }
    roster = Roster.objects.create(
        start=start,
        end=end,
        weeks=weeks,
        status=status,
        document=doc,
        solve_status="OPTIMAL",
        objective=0,
        bound=0,
        gap=0,
        seconds=0,
    )
    RosterShift.objects.bulk_create(
        RosterShift(
            roster=roster,
            officer=o,
            district=o.district,
            date=start,
            shift_code="D",
            start=s,
            end=e,
        )
        for o in officers
    )
    return roster


def roster_kind(world: Any) -> tuple[Roster, Roster]:
    """For the access matrix: (a roster with the schools officer's shift, a stranger's roster)."""
    from saferschools.accounts.choices import Role
    from saferschools.testing.builders import make_officer

    pc = world.users[Role.SCHOOLS_OFFICER].officer
    return make_roster([pc]), make_roster([make_officer()])


def roster_shift_kind(world: Any) -> tuple[RosterShift, RosterShift]:
    inside, outside = roster_kind(world)
    return inside.shifts.get(), outside.shifts.get()


def officer_kind(world: Any) -> tuple[Officer, Officer]:
    """(the schools officer, in every roster role's scope; an officer in nobody's team)."""
    from saferschools.accounts.choices import Role
    from saferschools.testing.builders import make_officer

    return world.users[Role.SCHOOLS_OFFICER].officer, make_officer()


def _request(officer: Officer, **kw: Any) -> Any:
    from saferschools.rostering.models import RosterRequest

    roster = make_roster([officer, *([kw["colleague"]] if kw.get("colleague") else [])])
    return RosterRequest.objects.create(
        kind=RosterRequest.Kind.SWAP if kw.get("colleague") else RosterRequest.Kind.DAY_OFF,
        status=kw.pop("status", RosterRequest.Status.PENDING),
        officer=officer,
        date=roster.start,
        colleague_date=roster.start if kw.get("colleague") else None,
        roster=roster,
        **kw,
    )


def roster_request_kind(world: Any) -> tuple[Any, Any]:
    """(a day-off request of the schools officer, one of an officer in nobody's team)."""
    from saferschools.accounts.choices import Role
    from saferschools.testing.builders import make_officer

    return _request(world.users[Role.SCHOOLS_OFFICER].officer), _request(make_officer())


def my_swap_kind(world: Any) -> tuple[Any, Any]:
    """(a swap asked of the schools officer, a swap between two strangers)."""
    from saferschools.accounts.choices import Role
    from saferschools.testing.builders import make_officer

    pc = world.users[Role.SCHOOLS_OFFICER].officer
    waiting = "awaiting_colleague"
    return (
        _request(make_officer(), colleague=pc, status=waiting),
        _request(make_officer(), colleague=make_officer(), status=waiting),
    )


def my_request_kind(world: Any) -> tuple[Any, Any]:
    """(the schools officer's own request, a stranger's)."""
    from saferschools.accounts.choices import Role
    from saferschools.testing.builders import make_officer

    return _request(world.users[Role.SCHOOLS_OFFICER].officer), _request(make_officer())


def feed_kind(world: Any) -> tuple[Any, Any]:
    """Two live calendar feed tokens (a token is the credential: anyone holding one reads it)."""
    from types import SimpleNamespace

    from saferschools.rostering.feeds import calendar_feed_create
    from saferschools.testing.builders import make_officer

    return (
        SimpleNamespace(token=calendar_feed_create(officer=make_officer(), acting_user=None)),
        SimpleNamespace(token=calendar_feed_create(officer=make_officer(), acting_user=None)),
    )


def access_rows() -> tuple[dict[str, Any], dict[str, Any]]:
    """(ACCESS rows, KINDS entries) of the rostering URLs for `accounts/tests/access_table.py`:

        rows, kinds = access_rows(); ACCESS.update(rows); KINDS.update(kinds)

    Checked against `test_authorization_matrix` (applied in memory): every check passes.
    """
    from saferschools.accounts.choices import Role
    from saferschools.accounts.tests.access_table import EVERYONE, Kind, allow

    everyone = (Role.INSPECTOR, Role.SERGEANT, Role.SCHOOLS_OFFICER)
    managers = (Role.INSPECTOR, Role.SERGEANT)
    lead = frozenset({Role.INSPECTOR})
    kinds = {
        "roster": Kind(roster_kind, everywhere=lead),
        "roster_shift": Kind(roster_shift_kind, everywhere=lead),
        "officer": Kind(officer_kind, everywhere=lead),
    }
    kinds["roster_request"] = Kind(roster_request_kind, everywhere=lead)
    kinds["my_swap"] = Kind(my_swap_kind, everywhere=frozenset())
    kinds["my_request"] = Kind(my_request_kind, everywhere=frozenset())
    kinds["feed"] = Kind(feed_kind, everywhere=frozenset(EVERYONE))
    rows = {
        "rostering:me": allow(*everyone),
        "rostering:feed_create": allow(*everyone, method="post"),
        "rostering:feed_revoke": allow(*everyone, method="post"),
        "rostering:feed": allow(*EVERYONE, public=True, needs="feed"),
        "rostering:requests": allow(*managers),
        "rostering:fairness": allow(*managers),
        "rostering:request_decide": allow(
            *managers, needs="roster_request", method="post", data={"decision": "refuse"}
        ),
        "rostering:request_respond": allow(
            Role.SCHOOLS_OFFICER, needs="my_swap", method="post", data={"agree": "no"}
        ),
        "rostering:request_withdraw": allow(
            Role.SCHOOLS_OFFICER, needs="my_request", method="post"
        ),
        "rostering:home": allow(*everyone),
        "rostering:calendar": allow(*everyone),
        "rostering:generate": allow(*managers, method="post", data={}),
        "rostering:detail": allow(*everyone, needs="roster"),
        "rostering:csv": allow(*everyone, needs="roster"),
        "rostering:document": allow(*everyone, needs="roster"),
        "rostering:publish": allow(*managers, needs="roster", method="post"),
        "rostering:reroster": allow(*managers, needs="roster", method="post", data={}),
        "rostering:ics": allow(*everyone, needs="officer"),
        "roster-list": allow(*everyone),
        "roster-detail": allow(*everyone, needs="roster"),
        "roster-document": allow(*everyone, needs="roster"),
        "roster-shift-list": allow(*everyone),
        "roster-shift-detail": allow(*everyone, needs="roster_shift"),
    }
    return rows, kinds
