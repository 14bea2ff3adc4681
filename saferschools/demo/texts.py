"""Synthetic but plausible wording for the demo's records: what a schools officer or a
designated safeguarding lead would write, never about a real child or a real place.

Each text is put together from a few interchangeable parts chosen by the caller's seeded
random generator, so the demo is varied and the same seed gives the same words. Nobody is
named: children are "the young person", "he", "she" or "they"; places are generic.
"""

from __future__ import annotations

import random

PLACES = [
    "the bus stop outside school",
    "the park behind the leisure centre",
    "the train station",
    "the high street",
    "the school field at lunchtime",
    "the retail park car park",
    "the underpass near the estate",
    "the chip shop on the parade",
]
TIMES = ["after school", "at lunchtime", "on the way to school", "at the weekend", "late evening"]

CONCERN = {
    "bullying": [
        "Reported by the form tutor: the young person has been called names in the changing "
        "rooms and a photo of them was shared in a year-group chat.",
        "Parent rang school: their child no longer wants to come in and says a group is "
        "waiting for them {time}.",
        "Pupil disclosed to the DSL that older pupils take their lunch money at {place}.",
    ],
    "assault": [
        "Young person arrived at school with a cut lip; says they were punched at {place} "
        "{time} by someone they did not know.",
        "Fight filmed and shared online; the young person was knocked to the ground at "
        "{place}. Injuries minor; first aid given in school.",
        "Disclosed to a teaching assistant that a relative hit them; visible bruising to the "
        "upper arm noted and body map completed by the DSL.",
    ],
    "cce": [
        "Seen getting into different cars {time}; has a second phone and new trainers the "
        "family cannot account for.",
        "Attendance has fallen to 62%; missing two nights last week and found in another "
        "county. Return home interview requested.",
        "Staff overheard the young person talking about 'going OT' and being paid to carry "
        "a bag from {place}.",
    ],
    "cse": [
        "Older adult contacting the young person on social media and offering lifts; the "
        "young person says he is 'just a friend'.",
        "Young person was picked up from {place} by a man in his twenties; school "
        "safeguarding team informed the same day.",
    ],
    "gangs": [
        "Drill video shared in school shows the young person with older males making "
        "threats to a rival area.",
        "Young person says they have been told to 'pick a side' and is scared to walk home "
        "past {place}.",
    ],
    "weapons": [
        "Pupil told a teacher that another pupil had a knife in their bag at {place}; bag "
        "search found nothing, concern recorded.",
        "Young person says they carry a screwdriver 'for protection' {time}.",
        "Knife found hidden in a hedge near {place}; pupils seen around it {time}.",
    ],
    "drugs": [
        "Young person smelled strongly of cannabis after lunch and was found with a grinder.",
        "Vape containing THC confiscated in a toilet search; the young person said they "
        "bought it from someone at {place}.",
        "Parent worried their child is using and selling cannabis; found cash and small bags "
        "at home.",
    ],
    "online": [
        "Nude image of the young person shared in a group chat without consent; the school "
        "has not viewed it and has followed the sharing nudes guidance.",
        "Young person has been asked by an online 'gamer friend' for photos and to keep it secret.",
        "Threatening messages sent from an anonymous account; screenshots kept by the DSL.",
    ],
    "money_muling": [
        "Young person was offered £200 to let someone use their bank account; told their "
        "head of year.",
        "Bank contacted the parent about unusual payments in and out of their child's account.",
    ],
    "missing": [
        "Missing overnight; returned the next morning and would not say where they had been.",
        "Left school at lunchtime without permission and was found at {place} that evening.",
    ],
    "radicalisation": [
        "Young person shared extremist content in class and said some groups 'deserve' "
        "violence; discussed with the Prevent lead.",
    ],
    "domestic_abuse": [
        "Young person disclosed that their parents argue and there is shouting most nights; "
        "they are tired and withdrawn in lessons.",
    ],
    "other": [
        "Young person appears to be caring for a younger sibling most evenings and is often "
        "late; early help discussed with the family.",
    ],
}
ACTION = [
    "DSL informed; parents spoken to.",
    "Agreed to meet the young person again next week.",
    "Discussed at the weekly safeguarding meeting.",
    "Advice given to the young person about staying safe.",
    "Form tutor to keep an eye on attendance and friendships.",
    "Shared with the early help team with the family's consent.",
]
CHILDS_WORDS = [
    "I don't want to get anyone in trouble.",
    "They said I owed them money.",
    "It only happens on the bus home.",
    "I feel safer now my mum knows.",
    "I didn't know it was a crime.",
    "They keep messaging me at night.",
    "I just want it to stop.",
    "He's my mate, he wouldn't hurt me.",
    "Everyone does it, it's not a big deal.",
    "I'm scared what they'll do if I say anything.",
    "I only did it once.",
    "Can you not tell my dad?",
]
INCIDENT = {
    "assault": [
        "Pupil assaulted another pupil at {place} {time}; both spoken to, victim's parents "
        "informed.",
        "Fight between two year groups at {place}; one pupil punched repeatedly.",
    ],
    "weapons": [
        "Lock knife found in the young person's blazer during a search at the school gate.",
        "Young person threatened another pupil with a bladed article at {place}.",
    ],
    "drugs": [
        "Small amount of cannabis found in the young person's bag after a tip-off from a pupil.",
        "Young person found in possession of several wraps and cash {time}.",
    ],
    "bullying": [
        "Repeated name-calling and shoving escalated to a threat to 'get' the pupil {time}.",
    ],
}
SEARCH_GROUNDS = [
    "Pupil told staff the young person had a knife in their bag; the young person was "
    "nervous and kept their hand on the bag.",
    "Strong smell of cannabis and the young person was seen passing something to another "
    "pupil at {place}.",
    "Reported by a member of the public to have shown a blade at {place} {time}.",
    "A teacher saw a vape being passed between pupils and the young person put it in their pocket.",
]
REFERRAL = {
    "early_help": "Family struggling with attendance and behaviour at home; early help "
    "assessment agreed with the parent.",
    "csc": "Disclosure of harm at home; referral to the front door the same day.",
    "exploitation": "Indicators of criminal exploitation (missing episodes, unexplained "
    "money); referred to the exploitation hub.",
    "camhs": "Low mood and self-harm disclosed to the DSL; GP and CAMHS referral with consent.",
    "prevent": "Concerning views shared in class; referred to Prevent for advice.",
    "youth": "Would benefit from a positive activity; referred to the youth service's "
    "mentoring scheme.",
}
PROVIDERS = [
    "Local youth trust",
    "Boxing club mentoring scheme",
    "County youth service",
    "Football in the community",
    "Restorative justice team",
]
CONTACT_NOTES = [
    "Termly meeting with the head: attendance, exclusions and two pupils of concern.",
    "Called in at the gate {time}; spoke to the DSL about a fight at {place}.",
    "Phone call with the DSL about a parent's complaint over social media posts.",
    "Visited for the safeguarding team meeting; agreed dates for year 9 inputs.",
    "E-mail from the deputy head about anti-social behaviour at {place}.",
    "Met the head of year 10 about vaping in the toilets; agreed a joint message to parents.",
    "Gate presence {time} after reports of older youths waiting at {place}.",
]
REQUESTS = [
    (
        "input",
        "Year 8 talk on online safety",
        "Could you speak to year 8 about sharing images "
        "and group chats? We have had several incidents this half term.",
    ),
    (
        "input",
        "Assembly on knife crime",
        "We would like an assembly for years 9 and 10 on "
        "carrying knives, ideally before the half-term break.",
    ),
    (
        "advice",
        "Advice after a fight filmed on phones",
        "A fight near {place} was filmed and "
        "shared. What should we tell parents, and should we keep the footage?",
    ),
    (
        "safeguarding",
        "Pupil missing from home",
        "One of our year 10s has been reported missing "
        "by their parent this morning. Please call the DSL.",
    ),
    (
        "event",
        "Parents' evening drop-in",
        "Would an officer be able to attend our year 7 "
        "parents' evening to answer questions about safety on the way to school?",
    ),
    (
        "visibility",
        "Presence at the gate after school",
        "Older youths have been waiting at "
        "{place} at home time. Could someone be visible there this week?",
    ),
    (
        "advice",
        "Vapes being sold in school",
        "We think vapes are being sold by pupils. How "
        "should we handle searches and what do we do with what we find?",
    ),
    (
        "safeguarding",
        "Worrying messages to a pupil",
        "A pupil has shown us messages from an "
        "adult offering them money. The DSL would like advice today.",
    ),
    (
        "other",
        "Road safety outside the school",
        "Parents are parking on the zig-zags and a pupil was nearly hit. Can you help?",
    ),
]


def fill(rng: random.Random, text: str) -> str:
    return text.format(place=rng.choice(PLACES), time=rng.choice(TIMES))


def concern_details(rng: random.Random, category: str) -> str:
    lines = CONCERN.get(category) or CONCERN["other"]
    return f"{fill(rng, rng.choice(lines))} {rng.choice(ACTION)}"


def incident_description(rng: random.Random, category: str) -> str:
    lines = INCIDENT.get(category) or INCIDENT["assault"]
    return fill(rng, rng.choice(lines))


def search_grounds(rng: random.Random) -> str:
    return fill(rng, rng.choice(SEARCH_GROUNDS))


def referral_reason(service: str) -> str:
    return REFERRAL.get(service, REFERRAL["early_help"])


def contact_notes(rng: random.Random) -> str:
    return fill(rng, rng.choice(CONTACT_NOTES))


def school_requests(
    rng: random.Random, n: int, *, waiting: int = 0, offset: int = 0
) -> list[tuple[str, str, str]]:
    """`n` different answered requests (topic, subject, message) from one school, then
    `waiting` more still awaiting a reply, which differ from school to school (`offset`)."""
    k = len(REQUESTS)
    fresh = [REQUESTS[(offset * 2 + j) % k] for j in range(waiting)]
    rest = [r for r in REQUESTS if r not in fresh]
    picked = rng.sample(rest, min(n, len(rest)))
    picked += [rng.choice(rest) for _ in range(n - len(picked))]
    return [(topic, subject, fill(rng, message)) for topic, subject, message in picked + fresh]


CLOSING = [
    "Young person and family engaged with support; no further concerns reported.",
    "Worked through with the DSL; the young person says things are better.",
    "Referred on and accepted by early help; closed for the officer.",
    "Concerns addressed through restorative work in school.",
]
