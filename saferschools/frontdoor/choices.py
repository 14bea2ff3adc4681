"""Vocabularies of the front door (public pages, young people's survey, resource library)."""

from __future__ import annotations

from django.db import models


class Sender(models.TextChoices):
    YOUNG_PERSON = "young_person", "A young person"
    PARENT = "parent", "A parent or carer"
    TEACHER = "teacher", "Someone who works at the school"


class SafeAnswer(models.TextChoices):
    YES = "yes"
    MOSTLY = "mostly", "Most of the time"
    NO = "no"
    NOT_SURE = "not_sure", "I'm not sure"


class YesNo(models.TextChoices):
    YES = "yes"
    NO = "no"


class TalkAnswer(models.TextChoices):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


#: Worries a young person can tick (field name on SurveyResponse -> label). No free text.
WORRIES: dict[str, str] = {
    "worry_bullying": "Bullying",
    "worry_knives": "Knives or weapons",
    "worry_gangs": "Gangs or being made to carry things",
    "worry_online": "Things that happen online",
    "worry_drugs": "Drugs or alcohol",
    "worry_journey": "Getting to and from school",
    "worry_other": "Something else",
    "worry_none": "Nothing worries me",
}


class ResourceTopic(models.TextChoices):
    COUNTY_LINES = "county_lines", "County lines"
    KNIFE_CRIME = "knife_crime", "Knife crime"
    ONLINE_SAFETY = "online_safety", "Online safety"
    EXPLOITATION = "exploitation", "Exploitation (criminal and sexual)"
    BULLYING = "bullying"
    MONEY_MULING = "money_muling", "Money muling"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft (awaiting approval)"
    APPROVED = "approved"
    SUPERSEDED = "superseded", "Superseded by a later version"
