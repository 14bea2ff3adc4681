"""The casework and engagement registries hold the business rules on who writes what (the pages,
the API and the authorization matrix all read them): stated here once more, independently."""

from __future__ import annotations

from saferschools.accounts.choices import CHILD_ROLES, Role
from saferschools.engagement.registry import KINDS as ENGAGEMENT

from ..registry import CHILD_KINDS, KINDS

POLICE = {Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR}


def test_school_staff_record_children_concerns_and_incidents_police_the_rest():
    writers = {key: set(kind.write_roles) for key, kind in KINDS.items()}
    assert writers == {
        "young_person": set(CHILD_ROLES),
        "concern": set(CHILD_ROLES),
        "incident": set(CHILD_ROLES),
        "search": POLICE,
        "intervention": POLICE,
        "referral": POLICE,
    }
    assert all(set(kind.read_roles) == set(CHILD_ROLES) for kind in KINDS.values())
    assert Role.COORDINATOR not in CHILD_ROLES and Role.SYSADMIN not in CHILD_ROLES


def test_every_child_record_is_deletable_audited_and_exported_in_time_order():
    for kind in CHILD_KINDS:
        assert kind.delete is not None and kind.audit_reads
        assert kind.order and kind.order[0].startswith("-")  # newest first on the pages


def test_engagement_readers_and_writers():
    readers = {key: set(kind.read_roles) for key, kind in ENGAGEMENT.items()}
    writers = {key: set(kind.write_roles) for key, kind in ENGAGEMENT.items()}
    assert readers == {
        "contact": POLICE,
        "request": set(CHILD_ROLES),
        "session": set(CHILD_ROLES) | {Role.COORDINATOR},
        "activity": set(CHILD_ROLES) | {Role.COORDINATOR},
    }
    assert writers == {
        "contact": POLICE,
        "request": set(CHILD_ROLES),
        "session": POLICE,
        "activity": POLICE,
    }
