"""The matrix's world: one user per role, each seeing `school_in` and not `school_out`."""

from __future__ import annotations

from saferschools.accounts.choices import Role
from saferschools.testing.builders import make_officer, make_school, make_user, name_officer
from saferschools.workforce.choices import Rank

from .access_table import World


def build_world() -> World:
    school_in, school_out = make_school(name="Inside Academy"), make_school(name="Outside School")
    pc = make_officer()
    name_officer(school_in, pc)
    sergeant_officer = make_officer(Rank.SERGEANT)
    team_pc = make_officer(sergeant=sergeant_officer)
    name_officer(make_school(school_in.district), team_pc)  # the team's other school
    pc.sergeant = sergeant_officer
    pc.save(update_fields=["sergeant"])
    name_officer(school_out, make_officer())  # someone else's school
    users = {
        Role.SCHOOLS_OFFICER: make_user(Role.SCHOOLS_OFFICER, officer=pc),
        Role.SERGEANT: make_user(Role.SERGEANT, officer=sergeant_officer),
        Role.INSPECTOR: make_user(Role.INSPECTOR, officer=make_officer(Rank.INSPECTOR)),
        Role.COORDINATOR: make_user(Role.COORDINATOR, officer=make_officer(Rank.STAFF)),
        Role.HEADTEACHER: make_user(Role.HEADTEACHER, school=school_in),
        Role.DSL: make_user(Role.DSL, school=school_in),
        Role.SYSADMIN: make_user(Role.SYSADMIN),
    }
    other = make_user(Role.SCHOOLS_OFFICER, first_name="Other", last_name="Account")
    return World(school_in=school_in, school_out=school_out, users=users, other_user=other)
