"""The vocabularies of casework. Codes are stable (stored); labels are what users read."""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    FEMALE = "female"
    MALE = "male"
    NOT_KNOWN = "not_known", "Not known"


class EthnicGroup(models.TextChoices):
    """The five high-level ONS 2021 (England and Wales) ethnic groups, plus not stated."""

    ASIAN = "asian", "Asian, Asian British or Asian Welsh"
    BLACK = "black", "Black, Black British, Black Welsh, Caribbean or African"
    MIXED = "mixed", "Mixed or Multiple ethnic groups"
    WHITE = "white"
    OTHER = "other", "Other ethnic group"
    NOT_STATED = "not_stated", "Not stated"


class Ethnicity(models.TextChoices):
    """The 19 detailed ONS 2021 categories (self-defined), and "not stated".

    The code's prefix is its high-level group (see `ethnic_group`).
    """

    ASIAN_BANGLADESHI = "asian_bangladeshi", "Asian: Bangladeshi"
    ASIAN_CHINESE = "asian_chinese", "Asian: Chinese"
    ASIAN_INDIAN = "asian_indian", "Asian: Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Asian: Pakistani"
    ASIAN_OTHER = "asian_other", "Asian: any other Asian background"
    BLACK_AFRICAN = "black_african", "Black: African"
    BLACK_CARIBBEAN = "black_caribbean", "Black: Caribbean"
    BLACK_OTHER = "black_other", "Black: any other Black, Black British or Caribbean background"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "Mixed: White and Asian"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "Mixed: White and Black African"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", "Mixed: White and Black Caribbean"
    MIXED_OTHER = "mixed_other", "Mixed: any other Mixed or Multiple ethnic background"
    WHITE_BRITISH = "white_british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white_irish", "White: Irish"
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", "White: Gypsy or Irish Traveller"
    WHITE_ROMA = "white_roma", "White: Roma"
    WHITE_OTHER = "white_other", "White: any other White background"
    OTHER_ARAB = "other_arab", "Other ethnic group: Arab"
    OTHER_ANY = "other_any", "Other ethnic group: any other ethnic group"
    NOT_STATED = "not_stated", "Not stated"


def ethnic_group(code: str) -> str:
    """The high-level group of a detailed ethnicity code (ONS 2021)."""
    if not code or code == Ethnicity.NOT_STATED:
        return EthnicGroup.NOT_STATED
    return code.split("_", 1)[0]


class YearGroup(models.IntegerChoices):
    Y7 = 7, "Year 7"
    Y8 = 8, "Year 8"
    Y9 = 9, "Year 9"
    Y10 = 10, "Year 10"
    Y11 = 11, "Year 11"
    Y12 = 12, "Year 12"
    Y13 = 13, "Year 13"
    OTHER = 14, "Other or not in a year group"


class LawfulBasis(models.TextChoices):
    LAW_ENFORCEMENT = (
        "law_enforcement",
        "Law enforcement purposes (DPA 2018 Part 3, s.35: strictly necessary)",
    )
    SAFEGUARDING = (
        "safeguarding",
        "Public task, safeguarding children (UK GDPR 6(1)(e); DPA 2018 Sch.1 para 18)",
    )
    CONSENT = "consent", "Consent of the young person or parent"


class YesNoUnknown(models.TextChoices):
    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known", "Not known"


class Sen(models.TextChoices):
    NONE = "none", "No special educational needs"
    SUPPORT = "sen_support", "SEN support"
    EHCP = "ehcp", "Education, health and care plan"
    NOT_KNOWN = "not_known", "Not known"


class Lac(models.TextChoices):
    NO = "no", "Not looked after"
    LOOKED_AFTER = "looked_after", "Looked after (in local authority care)"
    PREVIOUSLY = "previously", "Previously looked after"
    NOT_KNOWN = "not_known", "Not known"


class LinkKind(models.TextChoices):
    SIBLING = "sibling"
    PEER = "peer", "Peer (same concern or incident)"
    ASSOCIATE = "associate"


class ConcernCategory(models.TextChoices):
    BULLYING = "bullying"
    ASSAULT = "assault"
    CCE = "cce", "Child criminal exploitation / county lines"
    CSE = "cse", "Child sexual exploitation"
    GANGS = "gangs", "Gangs and serious violence"
    WEAPONS = "weapons"
    DRUGS = "drugs"
    ONLINE = "online", "Online harm"
    MONEY_MULING = "money_muling", "Money muling"
    RADICALISATION = "radicalisation"
    MISSING = "missing", "Missing from home or school"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    OTHER = "other"


class RaisedBy(models.TextChoices):
    SCHOOL = "school"
    PARENT = "parent", "Parent or carer"
    CHILD = "child", "The child"
    OFFICER = "officer", "Police officer"
    PARTNER = "partner", "Partner agency"
    PUBLIC = "public", "Member of the public"


class RiskLevel(models.IntegerChoices):
    LOW = 1
    MEDIUM = 2
    HIGH = 3


class ConcernStatus(models.TextChoices):
    OPEN = "open"
    CLOSED = "closed"


class PoliceOutcome(models.TextChoices):
    """Police action on an incident, from least to most formal."""

    PENDING = "pending", "Not yet decided"
    NFA = "nfa", "No further action"
    WORDS_OF_ADVICE = "words_of_advice", "Words of advice"
    RESTORATIVE = "restorative", "Restorative justice or diversion"
    COMMUNITY_RESOLUTION = "community_resolution", "Community resolution"
    ARREST = "arrest"
    CHARGE = "charge", "Charge or other criminal-justice outcome"


DIVERSION_OUTCOMES = frozenset(
    {PoliceOutcome.WORDS_OF_ADVICE, PoliceOutcome.RESTORATIVE, PoliceOutcome.COMMUNITY_RESOLUTION}
)
CRIMINAL_JUSTICE_OUTCOMES = frozenset({PoliceOutcome.ARREST, PoliceOutcome.CHARGE})


class ReportedBy(models.TextChoices):
    SCHOOL = "school"
    POLICE = "police"
    PARENT = "parent", "Parent or carer"
    PUBLIC = "public", "Member of the public"


class InterventionKind(models.TextChoices):
    DIVERSION = "diversion", "Diversion scheme"
    INTERVENTION = "intervention", "Intervention scheme"
    EARLY_INTERVENTION = "early_intervention", "Early-intervention input"
    AWARENESS = "awareness", "Awareness input"
    MENTORING = "mentoring"


class InterventionStatus(models.TextChoices):
    PLANNED = "planned"
    ACTIVE = "active", "Under way"
    COMPLETED = "completed"
    DISENGAGED = "disengaged", "Young person disengaged"
    CANCELLED = "cancelled"


class ReferralService(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    CSC = "csc", "Children's social care (MASH)"
    EXPLOITATION = "exploitation", "Specialist exploitation service"
    CAMHS = "camhs", "CAMHS (mental health)"
    PREVENT = "prevent", "Prevent / Channel"
    YOUTH = "youth", "Youth services"


class ReferralStatus(models.TextChoices):
    MADE = "made", "Made, awaiting response"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SIGNPOSTED = "signposted", "Signposted elsewhere"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


OPEN_REFERRAL_STATUSES = frozenset({ReferralStatus.MADE})


class Consent(models.TextChoices):
    CHILD = "child", "The young person consented"
    PARENT = "parent", "A parent or carer consented"
    REFUSED = "refused", "Consent refused"
    NOT_SOUGHT = "not_sought", "Not sought"


CONSENT_GIVEN = frozenset({Consent.CHILD, Consent.PARENT})


class SearchReason(models.TextChoices):
    WEAPON = "weapon", "Knife or weapon"
    DRUGS = "drugs", "Controlled drugs"
    STOLEN = "stolen", "Stolen items"
    ALCOHOL = "alcohol"
    TOBACCO = "tobacco", "Tobacco, vapes or cigarette papers"
    FIREWORKS = "fireworks"
    IMAGES = "images", "Pornographic images"
    OFFENCE_ITEM = "offence_item", "Item to be used to commit an offence or cause harm"
    OTHER = "other", "Other item banned by the school rules"


class SearchPower(models.TextChoices):
    CONSENT = "consent", "With consent (school rules)"
    EDUCATION_ACT = "education_act", "Education Act 1996 s.550ZA (school staff, prohibited items)"
    PACE_S1 = "pace_s1", "PACE 1984 s.1 (stop and search)"
    MISUSE_OF_DRUGS = "misuse_of_drugs", "Misuse of Drugs Act 1971 s.23"
    CJPOA_S60 = "cjpoa_s60", "Criminal Justice and Public Order Act 1994 s.60"
    AFTER_ARREST = "after_arrest", "PACE 1984 s.32 (search upon arrest)"


class SearchExtent(models.TextChoices):
    SCREENING = "screening", "Screening only (arch or wand)"
    POSSESSIONS = "possessions", "Bag and possessions only"
    OUTER = "outer", "Outer clothing (coat, jacket, gloves, shoes)"
    MORE_THAN_OUTER = "more_than_outer", "More than outer clothing (strip search)"


class SearchLocation(models.TextChoices):
    SCHOOL = "school", "On school premises"
    TRIP = "trip", "On a school trip or activity"
    OFF_SITE = "off_site", "Off school premises"


class SearchOutcome(models.TextChoices):
    NOTHING = "nothing", "Nothing found"
    CONFISCATED = "confiscated", "Item found and confiscated by the school"
    POLICE = "police", "Item found and handed to police"
    ARREST = "arrest"
    OTHER = "other"


class AuthorisingRank(models.TextChoices):
    """Ranks that may authorise a more-than-outer-clothing search of a child (inspector+)."""

    INSPECTOR = "INSP"
    CHIEF_INSPECTOR = "CI"
    SUPERINTENDENT = "SUPT"
    CHIEF_SUPERINTENDENT = "CSUPT"
    CHIEF_OFFICER = "CO", "Chief officer (ACC and above)"


class RetentionAction(models.TextChoices):
    DELETE = "delete"
    ANONYMISE = "anonymise", "Anonymise (keep statistics, remove identity and free text)"
