"""Roles of the people who use SaferSchools."""

from django.db import models


class Role(models.TextChoices):
    SCHOOLS_OFFICER = "schools_officer", "Schools officer"
    SERGEANT = "sergeant", "Sergeant"
    INSPECTOR = "inspector", "Inspector (programme lead)"
    COORDINATOR = "coordinator", "Performance co-ordinator"
    HEADTEACHER = "headteacher", "Headteacher"
    DSL = "dsl", "Designated safeguarding lead"
    SYSADMIN = "sysadmin", "System administrator"


POLICE_ROLES = frozenset({Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR, Role.COORDINATOR})
SCHOOL_ROLES = frozenset({Role.HEADTEACHER, Role.DSL})
