"""Fixed lists of Operation Encompass."""

from django.db import models


class Recipient(models.TextChoices):
    """Who is told: the child's school, or for a child educated at home the local authority."""

    SCHOOL = "school", "The child's school"
    LOCAL_AUTHORITY = "local_authority", "The local authority's children's services"


class Delivery(models.TextChoices):
    """How the key adult was told that there is a notification to read."""

    ACCOUNT = "account", "Safeguarding lead's account (message with a link)"
    CONTACT = "contact", "School's recorded safeguarding contact (no account yet)"
    LOCAL_AUTHORITY = "local_authority", "Local authority children's services contact"
    NONE = "none", "No contact recorded: the Encompass team must telephone"


class Presence(models.TextChoices):
    PRESENT_SAW = "present_saw", "Present and saw or heard it"
    PRESENT_ELSEWHERE = "present_elsewhere", "In the home, in another room"
    NOT_PRESENT = "not_present", "Not present"
    UNKNOWN = "unknown", "Not known"


class NotSpokenReason(models.TextChoices):
    ASLEEP = "asleep"
    TOO_YOUNG = "too_young", "Too young"
    NOT_PRESENT = "not_present", "Not present"
    DISTRESSED = "distressed", "Too distressed"
    DECLINED = "declined", "Did not want to speak"
    OTHER = "other", "Other (see circumstances)"
