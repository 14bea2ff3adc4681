"""Choices of the people section."""

from django.db import models


class PersonStatus(models.TextChoices):
    """What the people list shows for an account (derived, never stored)."""

    ACTIVE = "active", "Active"
    AWAITING_APPROVAL = "awaiting_approval", "Waiting for a second person"
    INVITED = "invited", "Invited"
    NOT_INVITED = "not_invited", "Not yet invited"
    LOCKED = "locked", "Locked"
    DEACTIVATED = "deactivated", "Deactivated"


class SchoolPosition(models.TextChoices):
    """A school person's post. The deputy safeguarding lead signs in with the DSL role."""

    HEADTEACHER = "headteacher", "Headteacher"
    DSL = "dsl", "Designated safeguarding lead"
    DEPUTY_DSL = "deputy_dsl", "Deputy designated safeguarding lead"


class MovementKind(models.TextChoices):
    LEAVER = "leaver", "Leaves the programme"
    MOVER = "mover", "Moves district"


class MovementStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for the sergeant"
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled"
