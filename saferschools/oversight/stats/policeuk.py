"""Police.uk stop-and-search monthly CSV: who is searched and what searches find.

Input rows are dicts keyed by the published column names (``csv.DictReader`` over a
data.police.uk "stop-and-search" file). Business rules:

* Only searches of a person count ("Person search", "Person and Vehicle search"); a "Vehicle
  search" searched no one, so it is left out unless ``include_vehicle_only`` is set.
* Ethnicity is reported in the ONS five broad groups, White, Black, Asian, Mixed, Other, plus
  "Not stated" (blank, "Not Stated (NS)", "... - Not stated"). Both published schemes are read:
  the 2001-style "White - White British (W1)" strings with codes, and the later
  "Black/African/Caribbean/Black British - African" strings. Chinese goes to Asian (as in the
  2011 ONS scheme, although the 2001 labels filed it under "Chinese or other ethnic group").
  An unknown string raises ``ValueError`` rather than being filed under a guessed group.
* Group shares are given against all person searches and against those whose ethnicity is
  stated (the base for comparison with a population).
* Outcome test: a search "found nothing" when its Outcome is "Nothing found - no further
  action" (to 2017) or "A no further action disposal" (later files; this label also covers a
  few finds that led to no action, so later months read slightly high). A blank Outcome is
  unknown and is left out of the outcome test (``outcome_missing`` counts them).
* Children are shown apart: age range "under 10" or "10-17" is a child, "18-24", "25-34",
  "over 34" an adult; a blank age range counts only in the "all" band.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .outcome import OutcomeCount, OutcomeTest, outcome_test

__all__ = [
    "BROAD_GROUPS",
    "NOTHING_FOUND_OUTCOMES",
    "AgeBandAnalysis",
    "GroupShare",
    "StopSearchAnalysis",
    "age_band",
    "analyse_stop_search",
    "broad_ethnic_group",
]

BROAD_GROUPS = ("White", "Black", "Asian", "Mixed", "Other")
NOT_STATED = "Not stated"
GROUP_ORDER = (*BROAD_GROUPS, NOT_STATED)

NOTHING_FOUND_OUTCOMES = frozenset(
    {"Nothing found - no further action", "A no further action disposal"}
)
PERSON_TYPES = frozenset({"Person search", "Person and Vehicle search"})
CHILD_AGES = frozenset({"under 10", "10-17"})
ADULT_AGES = frozenset({"18-24", "25-34", "over 34"})

_CODE = re.compile(r"\(([A-Z]{1,2})(\d?)\)\s*$")
_CODE_LETTER = {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black", "O": "Other"}
_PREFIXES = (
    ("white", "White"),
    ("mixed", "Mixed"),
    ("asian", "Asian"),
    ("black", "Black"),
    ("chinese or other", "Other"),
    ("other", "Other"),
)


def broad_ethnic_group(label: str) -> str:
    """Map a published ethnicity string (self- or officer-defined) to an ONS broad group."""
    text = label.strip()
    lowered = text.lower()
    if not text or "not stated" in lowered:
        return NOT_STATED
    code = _CODE.search(text)
    if code:
        letter, digit = code.groups()
        if letter == "NS":
            return NOT_STATED
        if letter == "O" and digit == "1":  # 2001 "Chinese or other ethnic group - Chinese (O1)"
            return "Asian"
        if letter in _CODE_LETTER:
            return _CODE_LETTER[letter]
    head, _, tail = lowered.partition(" - ")
    if tail.strip() == "chinese":
        return "Asian"
    for prefix, group in _PREFIXES:
        if head.startswith(prefix):
            return group
    raise ValueError(f"unrecognised ethnicity label: {label!r}")


def age_band(age_range: str) -> str | None:
    """'child', 'adult', or None when the age range is blank or unknown."""
    value = age_range.strip()
    if value in CHILD_AGES:
        return "child"
    if value in ADULT_AGES:
        return "adult"
    return None


@dataclass(frozen=True)
class GroupShare:
    group: str
    searches: int
    share: float | None  # of all person searches in the band
    share_of_stated: float | None  # of searches with a stated ethnicity; None for "Not stated"


@dataclass(frozen=True)
class AgeBandAnalysis:
    band: str  # "all", "child" or "adult"
    searches: int
    officer_defined: list[GroupShare]
    self_defined: list[GroupShare]
    outcome_officer_defined: OutcomeTest
    outcome_self_defined: OutcomeTest
    outcome_missing: int


@dataclass(frozen=True)
class StopSearchAnalysis:
    person_searches: int
    vehicle_only_excluded: int
    unknown_age: int
    bands: dict[str, AgeBandAnalysis]  # keys "all", "child", "adult"


def analyse_stop_search(
    rows: Iterable[Mapping[str, str]], *, include_vehicle_only: bool = False
) -> StopSearchAnalysis:
    """Group shares and outcome test for a month (or more) of police.uk stop-and-search rows."""
    kept: list[Mapping[str, str]] = []
    excluded = 0
    for row in rows:
        if row.get("Type", "") in PERSON_TYPES or include_vehicle_only:
            kept.append(row)
        else:
            excluded += 1
    bands = {
        "all": kept,
        "child": [r for r in kept if age_band(r.get("Age range", "")) == "child"],
        "adult": [r for r in kept if age_band(r.get("Age range", "")) == "adult"],
    }
    unknown_age = len(kept) - len(bands["child"]) - len(bands["adult"])
    return StopSearchAnalysis(
        person_searches=len(kept),
        vehicle_only_excluded=excluded,
        unknown_age=unknown_age,
        bands={name: _band(name, band_rows) for name, band_rows in bands.items()},
    )


def _band(name: str, rows: list[Mapping[str, str]]) -> AgeBandAnalysis:
    officer = [broad_ethnic_group(r.get("Officer-defined ethnicity", "")) for r in rows]
    self_def = [broad_ethnic_group(r.get("Self-defined ethnicity", "")) for r in rows]
    outcomes = [r.get("Outcome", "").strip() for r in rows]
    return AgeBandAnalysis(
        band=name,
        searches=len(rows),
        officer_defined=_shares(officer),
        self_defined=_shares(self_def),
        outcome_officer_defined=_outcomes(officer, outcomes),
        outcome_self_defined=_outcomes(self_def, outcomes),
        outcome_missing=sum(1 for o in outcomes if not o),
    )


def _shares(groups: list[str]) -> list[GroupShare]:
    counts = Counter(groups)
    total = len(groups)
    stated = total - counts[NOT_STATED]
    return [
        GroupShare(
            group=g,
            searches=counts[g],
            share=counts[g] / total if total else None,
            share_of_stated=(counts[g] / stated if stated and g != NOT_STATED else None),
        )
        for g in GROUP_ORDER
    ]


def _outcomes(groups: list[str], outcomes: list[str]) -> OutcomeTest:
    searched: Counter[str] = Counter()
    nothing: Counter[str] = Counter()
    for group, outcome in zip(groups, outcomes, strict=True):
        if not outcome:
            continue
        searched[group] += 1
        nothing[group] += outcome in NOTHING_FOUND_OUTCOMES
    return outcome_test({g: OutcomeCount(searched[g], nothing[g]) for g in GROUP_ORDER})
