"""Vocabularies of engagement with schools."""

from __future__ import annotations

from django.db import models


class ContactKind(models.TextChoices):
    MEETING = "meeting"
    VISIT = "visit", "School visit"
    PHONE = "phone", "Phone call"
    EMAIL = "email", "E-mail"
    TRAINING = "training", "Staff training"


class ContactWith(models.TextChoices):
    HEADTEACHER = "headteacher"
    DSL = "dsl", "Designated safeguarding lead"
    SENIOR_LEADER = "senior_leader", "Other senior leader"
    STAFF = "staff", "Other staff"


class RequestSource(models.TextChoices):
    SCHOOL = "school", "School staff"
    PUBLIC = "public", "Public form (ask for help)"
    OFFICER = "officer", "Recorded by an officer"


class RequestTopic(models.TextChoices):
    INPUT = "input", "A talk, lesson or awareness input"
    ADVICE = "advice", "Advice about an incident or behaviour"
    SAFEGUARDING = "safeguarding", "Safeguarding advice"
    EVENT = "event", "An event (parents' evening, open day)"
    VISIBILITY = "visibility", "Police presence (e.g. at the gate)"
    OTHER = "other", "Something else"


class RequestPriority(models.TextChoices):
    URGENT = "urgent", "Urgent (reply within 1 working day)"
    NORMAL = "normal", "Normal (reply within 3 working days)"


#: Target hours to first response, by priority (documented service level).
TARGET_HOURS = {RequestPriority.URGENT: 24, RequestPriority.NORMAL: 72}


class RequestStatus(models.TextChoices):
    NEW = "new"
    IN_PROGRESS = "in_progress", "In progress"
    RESPONDED = "responded"
    CLOSED = "closed"


class SessionKind(models.TextChoices):
    PSHE = "pshe", "PSHE lesson"
    ASSEMBLY = "assembly"
    AWARENESS = "awareness", "Awareness session"
    PARENTS = "parents", "Parents' session"
    STAFF = "staff", "Staff briefing"


class SessionTopic(models.TextChoices):
    KNIFE_CRIME = "knife_crime", "Knife crime"
    COUNTY_LINES = "county_lines", "County lines and exploitation"
    ONLINE_SAFETY = "online_safety", "Online safety"
    DRUGS = "drugs", "Drugs and alcohol"
    RELATIONSHIPS = "relationships", "Consent and healthy relationships"
    HATE_CRIME = "hate_crime", "Hate crime"
    ASB = "asb", "Anti-social behaviour"
    ROAD_SAFETY = "road_safety", "Road safety"
    MONEY_MULING = "money_muling", "Money muling and fraud"
    RADICALISATION = "radicalisation"
    OTHER = "other"


class ActivityKind(models.TextChoices):
    YOUTH_CLUB = "youth_club", "Youth club"
    HOLIDAY_CLUB = "holiday_club", "Holiday club"
    SPORT = "sport"
    CADETS = "cadets", "Volunteer police cadets"
    OTHER = "other"
