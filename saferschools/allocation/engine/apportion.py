"""Apportionment: turning demand shares into whole numbers of officers.

Three classic methods, selectable by name (:data:`METHODS`, aliases allowed):

* ``hamilton`` (largest remainder): give each district the whole part of its quota,
  then the leftover officers to the largest remainders. Stays within quota but suffers
  the *Alabama paradox*: a district can lose an officer when the total grows.
* ``webster`` (Sainte-Lague, divisor ``a + 1/2``): the default, see
  :data:`DEFAULT_METHOD_REASON`.
* ``huntington_hill`` (equal proportions, divisor ``sqrt(a(a+1))``): the method of the
  US House; favours small districts slightly and gives every district at least one.

All methods respect per-district bounds: a minimum (one officer for every district
with schools, and ``ceil(schools / max_schools_per_officer)``) and a maximum (never
more officers than schools). The divisor methods are run seat by seat from the
minimums ("highest averages"), which is equivalent to rounding ``weight / D`` for a
common divisor ``D`` and clamping to the bounds, and makes them house-monotone: adding
an officer to the total never takes one away from a district.

Ties are broken by the order of the keys given (deterministic).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .errors import InfeasibleApportionmentError, NoOfficersError, UnknownMethodError
from .model import DivisionSergeants

DEFAULT_METHOD = "webster"

DEFAULT_METHOD_REASON = (
    "Webster / Sainte-Lague (divisor a + 1/2) is the default: it is unbiased between large "
    "and small districts, it is house-monotone (adding an officer to the force never "
    "takes one away from a district - no Alabama paradox), and it is free of the "
    "population paradox (a district whose demand grows faster than another's never "
    "loses an officer to it)."
)

METHOD_REASONS: dict[str, str] = {
    "hamilton": (
        "Largest remainder (Hamilton): each district gets the whole part of its quota and "
        "the leftover officers go to the largest remainders. Always within one officer of "
        "the exact quota, but it can take an officer away from a district when the force "
        "grows (the Alabama paradox)."
    ),
    "webster": DEFAULT_METHOD_REASON,
    "huntington_hill": (
        "Huntington-Hill (equal proportions, divisor sqrt(a(a+1))): the method of the US "
        "House of Representatives; house-monotone, keeps the relative difference in "
        "officers per unit of demand as small as possible, and slightly favours small "
        "districts."
    ),
}

_ALIASES: dict[str, str] = {
    "hamilton": "hamilton",
    "largest_remainder": "hamilton",
    "largest-remainder": "hamilton",
    "hare": "hamilton",
    "webster": "webster",
    "sainte_lague": "webster",
    "sainte-lague": "webster",
    "sainte-laguë": "webster",
    "sainte_laguë": "webster",
    "huntington_hill": "huntington_hill",
    "huntington-hill": "huntington_hill",
    "hill": "huntington_hill",
    "equal_proportions": "huntington_hill",
}

METHODS: tuple[str, ...] = ("hamilton", "webster", "huntington_hill")


def canonical_method(name: str) -> str:
    """The canonical name of an apportionment method, or :class:`UnknownMethodError`."""
    key = name.strip().lower().replace(" ", "_")
    if key not in _ALIASES:
        raise UnknownMethodError(
            f"Unknown apportionment method {name!r}. Choose one of: "
            + ", ".join(METHODS)
            + " (aliases: largest_remainder, sainte_lague, equal_proportions)."
        )
    return _ALIASES[key]


# A priority is compared as a tuple: (1, 0) is "infinite" (divisor 0), (0, value) otherwise.
_Priority = tuple[int, Fraction]


def _webster_priority(weight: Fraction, seats: int) -> _Priority:
    return (0, weight / (seats + Fraction(1, 2)))


def _huntington_hill_priority(weight: Fraction, seats: int) -> _Priority:
    # Compare squared priorities: weight^2 / (a (a + 1)); exact, no square roots.
    if seats == 0:
        return (1, Fraction(0))
    return (0, weight * weight / (seats * (seats + 1)))


_DIVISOR_PRIORITY: dict[str, Callable[[Fraction, int], _Priority]] = {
    "webster": _webster_priority,
    "huntington_hill": _huntington_hill_priority,
}


@dataclass(frozen=True)
class _Seats:
    """Whole officers to share: ``total`` among ``keys`` by their exact ``weights``, each key
    given at least ``lo[key]`` and at most ``hi[key]``."""

    keys: list[str]
    weights: dict[str, Fraction]
    total: int
    lo: dict[str, int]
    hi: dict[str, int]


def _check_bounds(problem: _Seats) -> None:
    keys, total, lo, hi = problem.keys, problem.total, problem.lo, problem.hi
    if total <= 0:
        raise NoOfficersError(f"Cannot apportion {total} officers: the total must be at least 1.")
    for k in keys:
        if lo[k] > hi[k]:
            raise InfeasibleApportionmentError(
                f"{k} needs at least {lo[k]} officers but may have at most {hi[k]}."
            )
    need, room = sum(lo.values()), sum(hi.values())
    if total < need:
        raise InfeasibleApportionmentError(
            f"{total} officers are too few: the district minimums (one per district with "
            f"schools, and enough to keep within the schools-per-officer limit) add up to {need}."
        )
    if total > room:
        raise InfeasibleApportionmentError(
            f"{total} officers are too many: the district maximums (no district more officers "
            f"than schools) add up to {room}."
        )


def apportion(
    weights: Mapping[str, float],
    total: int,
    method: str = DEFAULT_METHOD,
    minimum: Mapping[str, int] | None = None,
    maximum: Mapping[str, int] | None = None,
) -> dict[str, int]:
    """Share ``total`` whole officers among the keys of ``weights``.

    ``weights`` are demand shares (any non-negative scale). ``minimum`` and ``maximum``
    default to 0 and ``total``. Raises :class:`UnknownMethodError`,
    :class:`NoOfficersError` or :class:`InfeasibleApportionmentError`.
    """
    name = canonical_method(method)
    keys = list(weights)
    if any(w < 0 or math.isnan(w) for w in weights.values()):
        raise InfeasibleApportionmentError("Demand weights must be non-negative numbers.")
    problem = _Seats(
        keys=keys,
        weights={k: Fraction(weights[k]) for k in keys},
        total=total,
        lo={k: int((minimum or {}).get(k, 0)) for k in keys},
        hi={k: int((maximum or {}).get(k, total)) for k in keys},
    )
    _check_bounds(problem)
    if name == "hamilton":
        return _hamilton(problem)
    return _divisor(problem, _DIVISOR_PRIORITY[name])


def _divisor(problem: _Seats, priority: Callable[[Fraction, int], _Priority]) -> dict[str, int]:
    keys, weights, total, hi = problem.keys, problem.weights, problem.total, problem.hi
    seats = dict(problem.lo)
    heap: list[tuple[int, Fraction, int, str]] = []

    def push(i: int, k: str) -> None:
        if seats[k] < hi[k]:
            rank, value = priority(weights[k], seats[k])
            heapq.heappush(heap, (-rank, -value, i, k))

    for i, k in enumerate(keys):
        push(i, k)
    for _ in range(total - sum(seats.values())):
        _, _, i, k = heapq.heappop(heap)
        seats[k] += 1
        push(i, k)
    return seats


def _hamilton(problem: _Seats) -> dict[str, int]:
    keys, weights, total = problem.keys, problem.weights, problem.total
    lo, hi = problem.lo, problem.hi
    fixed: dict[str, int] = {}
    while True:
        free = [k for k in keys if k not in fixed]
        house = total - sum(fixed.values())
        mass = sum((weights[k] for k in free), Fraction(0))
        if mass == 0:
            quota = {k: Fraction(house, len(free)) for k in free} if free else {}
        else:
            quota = {k: house * weights[k] / mass for k in free}
        low = [k for k in free if quota[k] < lo[k]]
        if low:
            fixed.update({k: lo[k] for k in low})
            continue
        high = [k for k in free if quota[k] > hi[k]]
        if high:
            fixed.update({k: hi[k] for k in high})
            continue
        break
    seats = dict(fixed)
    seats.update({k: math.floor(quota[k]) for k in free})
    left = total - sum(seats.values())
    order = sorted(
        (k for k in free if seats[k] < hi[k]),
        key=lambda k: (-(quota[k] - seats[k]), keys.index(k)),
    )
    for k in order[:left]:
        seats[k] += 1
    return {k: seats[k] for k in keys}


def district_bounds(schools: int, max_schools_per_officer: int) -> tuple[int, int]:
    """(minimum, maximum) officers for a district with ``schools`` schools.

    At least one officer for any district with schools, at least
    ``ceil(schools / max_schools_per_officer)``, and never more officers than schools.
    """
    if schools <= 0:
        return (0, 0)
    return (max(1, math.ceil(schools / max_schools_per_officer)), schools)


def place_sergeants(
    constables_by_division: Mapping[str, int], sergeants: int, method: str = DEFAULT_METHOD
) -> tuple[DivisionSergeants, ...]:
    """Apportion sergeants to divisions in proportion to their constables.

    Every division with constables gets at least one sergeant when there are enough
    sergeants to go round, and no division gets more sergeants than constables. The
    span of control (constables per sergeant) is on each :class:`DivisionSergeants`.
    """
    divisions = sorted(constables_by_division)
    if sergeants <= 0:
        return tuple(DivisionSergeants(d, constables_by_division[d], 0) for d in divisions)
    staffed = [d for d in divisions if constables_by_division[d] > 0]
    floor_one = sergeants >= len(staffed)
    minimum = dict.fromkeys(staffed, 1) if floor_one else {}
    maximum = {d: constables_by_division[d] for d in divisions}
    sergeants = min(sergeants, sum(maximum.values()))
    placed = apportion(
        {d: float(constables_by_division[d]) for d in divisions},
        sergeants,
        method,
        minimum,
        maximum,
    )
    return tuple(DivisionSergeants(d, constables_by_division[d], placed[d]) for d in divisions)
