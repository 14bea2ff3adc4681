"""Test support for the people section: its rows of the authorization matrix."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any


def _people(world: Any) -> tuple[Any, Any]:
    from saferschools.accounts.choices import Role

    return world.users[Role.HEADTEACHER], world.other_user


def _team_officers(world: Any) -> tuple[Any, Any]:
    """(an officer of the sergeant's team, an officer in nobody's team)."""
    from saferschools.accounts.choices import Role
    from saferschools.testing.builders import make_officer

    return world.users[Role.SCHOOLS_OFFICER].officer, make_officer()


def _movements(world: Any) -> tuple[Any, Any]:
    from saferschools.people.models import Movement

    inside, outside = _team_officers(world)
    day = dt.date.today()
    return (
        Movement.objects.create(officer=inside, kind="leaver", effective=day),
        Movement.objects.create(officer=outside, kind="leaver", effective=day),
    )


def _invitations(world: Any) -> tuple[Any, Any]:
    from saferschools.accounts.choices import Role
    from saferschools.people.services import person_invite

    admin = world.users[Role.SYSADMIN]
    out = []
    for n, user in enumerate(_people(world)):
        user.email = user.email or f"matrix{n}@example.org"
        user.save(update_fields=["email"])
        sent = person_invite(person=user, acting_user=admin)
        out.append(SimpleNamespace(token=sent.link.rstrip("/").rsplit("/", 1)[-1]))
    return out[0], out[1]


def access_rows() -> tuple[dict[str, Any], dict[str, Any]]:
    """(ACCESS rows, KINDS entries) of the people URLs for `accounts/tests/access_table.py`."""
    from saferschools.accounts.choices import Role
    from saferschools.accounts.tests.access_table import EVERYONE, Kind, allow, public

    managers = (Role.SYSADMIN, Role.INSPECTOR)
    movers = (*managers, Role.SERGEANT)
    kinds = {
        "person": Kind(_people, everywhere=frozenset(managers)),
        "team_officer": Kind(_team_officers, everywhere=frozenset(managers)),
        "movement": Kind(_movements, everywhere=frozenset({Role.INSPECTOR, Role.SYSADMIN})),
        "invitation": Kind(_invitations, everywhere=EVERYONE),
    }
    rows = {
        "people:person_list": allow(*managers),
        "people:person_create": allow(*managers),
        "people:person_export": allow(*managers),
        "people:person_import": allow(*managers),
        "people:person_detail": allow(*managers, needs="person"),
        "people:person_link_officer": allow(*managers, needs="person"),
        "people:person_link_school": allow(*managers, needs="person"),
        "people:person_role": allow(*managers, needs="person"),
        "people:person_action": allow(
            *managers, needs="person", method="post", data={"action": ""}
        ),
        "people:movement_list": allow(*movers),
        "people:movement_create": allow(*movers, needs="team_officer"),
        "people:movement_detail": allow(*movers, needs="movement"),
        "people:invitation_accept": public(needs="invitation"),
        # Single sign-on answers 404 unless an identity provider is configured (the OIDC test
        # configures one and signs in through it).
        "oidc_authentication_init": allow(),
        "oidc_authentication_callback": allow(),
    }
    return rows, kinds
