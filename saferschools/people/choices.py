"""Choices of the people section."""

from django.db import models


class PersonStatus(models.TextChoices):
    """What the people list shows for an account (derived, never stored)."""

    ACTIVE = "active"
    AWAITING_APPROVAL = "awaiting_approval", "Waiting for a second person"
    INVITED = "invited"
    NOT_INVITED = "not_invited", "Not yet invited"
    LOCKED = "locked"
    DEACTIVATED = "deactivated"


class SchoolPosition(models.TextChoices):
    """A school person's post. The deputy safeguarding lead signs in with the DSL role."""

    HEADTEACHER = "headteacher"
    DSL = "dsl", "Designated safeguarding lead"
    DEPUTY_DSL = "deputy_dsl", "Deputy designated safeguarding lead"


class MovementKind(models.TextChoices):
    LEAVER = "leaver", "Leaves the programme"
    MOVER = "mover", "Moves district"


class MovementStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for the sergeant"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
