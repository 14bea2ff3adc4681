"""SaferSchools rostering engine (plain Python + OR-Tools CP-SAT; no Django imports).

Pipeline: :class:`Instance` -> :func:`solve` -> :class:`Solution` -> ``solution.to_document()``
(a JSON-ready dict) -> :func:`check_document` (independent checker, reads only the document).

Public API
----------
Data: :class:`Instance`, :class:`District`, :class:`School`, :class:`Officer`, :class:`Rank`,
:class:`Contract`, :class:`Absence`, :class:`AbsenceReason`, :class:`ShiftType`,
:data:`DEFAULT_SHIFT_TYPES`, :class:`Rules`, :class:`PenaltyWeights`.
Calendar: :class:`SchoolCalendar`, :class:`TermPeriod`, :class:`Closure`, :class:`DayType`,
:func:`standard_english_school_calendar`, :func:`standard_english_terms`,
:func:`england_bank_holidays`.
Solve: :func:`solve`, :func:`explain_infeasibility`, :class:`Solution`, :class:`SolveStats`,
:class:`Assignment`, :class:`PenaltyItem`, :class:`Infeasibility`, :class:`SchoolGap`.
Re-roster: :func:`reroster`, :class:`RerosterResult`, :class:`Change`, :class:`NoticePolicy`.
Output: :func:`to_document`, :func:`check_document`, :func:`soft_measures`,
:func:`officer_ical`, :func:`csv_rows`, :func:`csv_text`.
Baseline and data: :func:`greedy_roster`, :func:`synthetic_kent_medway`.
"""

from .checker import Violation, check_document, count_violations, fairness_counts, soft_measures
from .continuity import carry_over, fairness_year_start
from .document import to_document
from .domain import (
    DEFAULT_SHIFT_TYPES,
    Absence,
    AbsenceReason,
    CarryOver,
    Contract,
    District,
    Instance,
    Officer,
    PenaltyWeights,
    Rank,
    Rules,
    School,
    ShiftType,
)
from .export import csv_rows, csv_text, officer_ical
from .greedy import greedy_roster
from .reroster import Change, NoticePolicy, RerosterResult, reroster
from .school_calendar import (
    Closure,
    DayType,
    SchoolCalendar,
    TermPeriod,
    england_bank_holidays,
    standard_english_school_calendar,
    standard_english_terms,
)
from .solver import (
    OUT_OF_TIME,
    Assignment,
    Infeasibility,
    PenaltyItem,
    Reporter,
    SchoolGap,
    Solution,
    SolveCancelled,
    SolveStats,
    explain_infeasibility,
    solve,
)
from .synthetic import synthetic_kent_medway

__all__ = [
    "DEFAULT_SHIFT_TYPES",
    "OUT_OF_TIME",
    "Absence",
    "AbsenceReason",
    "Assignment",
    "CarryOver",
    "Change",
    "Closure",
    "Contract",
    "DayType",
    "District",
    "Infeasibility",
    "Instance",
    "NoticePolicy",
    "Officer",
    "PenaltyItem",
    "PenaltyWeights",
    "Rank",
    "Reporter",
    "RerosterResult",
    "Rules",
    "School",
    "SchoolCalendar",
    "SchoolGap",
    "ShiftType",
    "SolveCancelled",
    "Solution",
    "SolveStats",
    "TermPeriod",
    "Violation",
    "carry_over",
    "check_document",
    "count_violations",
    "csv_rows",
    "csv_text",
    "england_bank_holidays",
    "explain_infeasibility",
    "fairness_counts",
    "fairness_year_start",
    "greedy_roster",
    "officer_ical",
    "reroster",
    "soft_measures",
    "solve",
    "standard_english_school_calendar",
    "standard_english_terms",
    "synthetic_kent_medway",
    "to_document",
]
