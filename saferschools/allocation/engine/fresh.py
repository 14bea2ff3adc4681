"""A fresh district's named officers: a greedy start made good, then HiGHS proves the bound.

The model is the capacitated p-median of :mod:`.assignment` (every school one base, ``k`` bases
that serve themselves, each patch's workload within the band, at most ``cap`` schools a patch).
For a fresh plan (no officers to keep) it is solved in four steps, all within the district's
share of the plan's one budget:

1. **Start**: the greedy nearest-school baseline (:func:`~.assignment.greedy_patches`), then a
   local search (moves and swaps of schools between patches, each patch re-centred on its best
   base) that first reduces how far the patches fall outside the band (and over the cap), then
   travel. It takes milliseconds, so even a district that gets no more time is never worse than
   the greedy baseline on the rules or on travel.
2. **Least bending** (only where the band must bend): HiGHS minimises the total workload
   outside the band, with the start as its cutoff (skipped when the start already meets the
   obvious lower bound: each school heavier than the band alone bends by its excess).
3. **Near bases** (districts of 50 schools or more): HiGHS on the same model with each school
   served only from its twelve nearest schools (or its base in the start): a small model whose best is usually the optimum, found
   in a fraction of the full model's time. Its bound holds for the small model only, so only
   its plan is kept.
4. **Least travel, proven**: HiGHS's branch and cut on the whole model, bending capped at the
   least found, with the best plan so far as a cutoff (only plans better by more than the gap
   asked for are searched), stops at that gap. The LP relaxation alone is weak here (many
   officers have one or two schools, so fractional bases look cheap; 20-45% below the optimum
   on the England districts), but HiGHS's cuts close it; a search that finds nothing below
   the cutoff proves the best plan within the gap. Districts of up to 12 schools are proven
   optimal outright.

The better of the start and HiGHS's answer is kept (less bending, then less travel). Running
out of time returns the start as "out of time, best so far"; only HiGHS's proof that the hard
band cannot hold is reported as infeasible (the caller words it).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .mip import DistrictProblem, solve_mip

#: Share of a district's time the least-bending step may use (the rest is for travel).
BENDING_SHARE = 0.4
#: Districts of up to this many schools are proven optimal (milliseconds), not just within
#: the gap asked for.
EXACT_UP_TO = 12
#: The near-bases step (districts of at least NEAR_FROM schools): each school's NEAREST nearest
#: bases, with NEAR_SHARE of the time. Smaller districts go straight to the whole model: it is
#: small, and near bases alone often miss their best plan.
NEAR_FROM = 50
NEAREST = 12
NEAR_SHARE = 0.25
#: Rounds of local search at most (it stops earlier once a round changes nothing).
MAX_ROUNDS = 30


@dataclass(frozen=True)
class FreshResult:
    """``base_of[i]``: the base school of school ``i``; objective and bound in metres."""

    status: str  # OPTIMAL, FEASIBLE, OUT_OF_TIME, INFEASIBLE
    base_of: tuple[int, ...]
    objective: float
    bound: float
    bending: int  # milli-points of workload outside the band, summed over patches
    cap_excess: int  # schools over the cap, summed over patches (0 unless out of time)
    seconds: float


def violation(load: int, count: int, lo: int, hi: int, cap: int | None) -> tuple[int, int]:
    """(schools over the cap, milli-points outside the band) of one patch."""
    over_cap = max(0, count - cap) if cap is not None else 0
    return over_cap, max(0, load - hi) + max(0, lo - load)


def measure(
    base_of: Sequence[int],
    dist: Sequence[Sequence[int]],
    w: Sequence[int],
    lo: int,
    hi: int,
    cap: int | None,
) -> tuple[int, int, int]:
    """(schools over the cap, bending, travel in metres) of a whole split."""
    load: dict[int, int] = {}
    count: dict[int, int] = {}
    for i, j in enumerate(base_of):
        load[j] = load.get(j, 0) + w[i]
        count[j] = count.get(j, 0) + 1
    over = bend = 0
    for j in load:
        c, b = violation(load[j], count[j], lo, hi, cap)
        over, bend = over + c, bend + b
    return over, bend, sum(dist[i][j] for i, j in enumerate(base_of))


def improve(
    groups: Sequence[Sequence[int]],
    dist: Sequence[Sequence[int]],
    w: Sequence[int],
    lo: int,
    hi: int,
    cap: int | None,
    allowed: Sequence[frozenset[int]] | None = None,
    deadline: float | None = None,
) -> list[int]:
    """Local search from ``groups`` (lists of school indices, one per officer); returns
    ``base_of``. Moves one school to another patch, or swaps two schools of two patches, when
    that lowers (schools over the cap, bending, travel) in that order; re-centres every patch
    on its best base after each round. ``allowed[i]``: the bases school ``i`` may have."""
    k = len(groups)
    owner = [0] * len(w)
    members: list[list[int]] = [list(g) for g in groups]
    for p, g in enumerate(members):
        for i in g:
            owner[i] = p
    load = [sum(w[i] for i in g) for g in members]
    count = [len(g) for g in members]

    def fits(i: int, c: int) -> bool:
        return allowed is None or c in allowed[i]

    def recentre(p: int, current: int | None) -> int:
        g = members[p]
        options = [c for c in g if all(fits(i, c) for i in g)]
        if not options:
            return current if current is not None else g[0]
        return min(options, key=lambda c: (sum(dist[i][c] for i in g), c))

    centre = [recentre(p, None) for p in range(k)]

    def bad(p: int, dload: int, dcount: int) -> tuple[int, int]:
        return violation(load[p] + dload, count[p] + dcount, lo, hi, cap)

    for _ in range(MAX_ROUNDS):
        if deadline is not None and time.monotonic() > deadline:
            break
        changed = False
        for i in range(len(w)):
            p = owner[i]
            if centre[p] == i or count[p] == 1:
                continue
            before_p = bad(p, 0, 0)
            after_p = bad(p, -w[i], -1)
            best: tuple[int, int, int] = (0, 0, 0)
            target = -1
            for q in range(k):
                if q == p or not fits(i, centre[q]):
                    continue
                bq, aq = bad(q, 0, 0), bad(q, w[i], 1)
                delta = (
                    after_p[0] + aq[0] - before_p[0] - bq[0],
                    after_p[1] + aq[1] - before_p[1] - bq[1],
                    dist[i][centre[q]] - dist[i][centre[p]],
                )
                if delta < best:
                    best, target = delta, q
            if target >= 0:
                members[p].remove(i)
                members[target].append(i)
                load[p] -= w[i]
                load[target] += w[i]
                count[p] -= 1
                count[target] += 1
                owner[i] = target
                changed = True
        for i in range(len(w)):
            p = owner[i]
            if centre[p] == i:
                continue
            for j in range(i + 1, len(w)):
                q = owner[j]
                if q == p or centre[q] == j or not (fits(i, centre[q]) and fits(j, centre[p])):
                    continue
                d = w[j] - w[i]
                bp, bq = bad(p, 0, 0), bad(q, 0, 0)
                ap, aq = bad(p, d, 0), bad(q, -d, 0)
                delta = (
                    ap[0] + aq[0] - bp[0] - bq[0],
                    ap[1] + aq[1] - bp[1] - bq[1],
                    dist[i][centre[q]]
                    + dist[j][centre[p]]
                    - dist[i][centre[p]]
                    - dist[j][centre[q]],
                )
                if delta < (0, 0, 0):
                    members[p].remove(i)
                    members[q].remove(j)
                    members[p].append(j)
                    members[q].append(i)
                    load[p] += d
                    load[q] -= d
                    owner[i], owner[j] = q, p
                    p = q
                    changed = True
        for p in range(k):
            c = recentre(p, centre[p])
            if c != centre[p]:
                centre[p] = c
                changed = True
        if not changed:
            break
    return [centre[owner[i]] for i in range(len(w))]


def solve_fresh(
    groups: Sequence[Sequence[int]],
    problem: DistrictProblem,
    time_limit_s: float,
    relative_gap: float,
    hard: bool,
) -> FreshResult:
    """Solve one fresh district (see the module docstring). ``groups``: the greedy baseline's
    patches; ``hard``: the band must hold (else it bends as little as possible)."""
    started = time.monotonic()
    deadline = started + max(0.0, time_limit_s)
    dist, w, cap, candidates = problem.dist, problem.workload, problem.cap, problem.candidates
    n = len(w)
    lo, hi = problem.band
    restricted = any(len(c) < n for c in candidates)
    allowed = [frozenset(c) for c in candidates] if restricted else None
    # The local search may use a tenth of the time (it rarely needs more than a few ms).
    start = improve(groups, dist, w, lo, hi, cap, allowed, started + max(0.05, time_limit_s / 10))
    s_over, s_bend, s_travel = measure(start, dist, w, lo, hi, cap)
    best = (s_over, s_bend, float(s_travel), tuple(start))
    status, bound = "OUT_OF_TIME", 0.0  # until a plan that keeps the rules is in hand

    def left() -> float:
        return deadline - time.monotonic()

    cap_for_travel: int | None = None
    if not hard:
        # Each school heavier than the band's top bends by at least its excess, whatever the split.
        floor = sum(max(0, x - hi) for x in w)
        cap_for_travel = s_bend
        if s_bend > floor and left() > 0.05:
            zero = [[0] * n for _ in range(n)]
            first = solve_mip(
                replace(problem, dist=zero, cap=None),
                start,
                left() * BENDING_SHARE,
                0.0,
                soft=True,
            )
            if first.base_of is not None:
                over, bend, travel = measure(first.base_of, dist, w, lo, hi, cap)
                if bend < s_bend:
                    best = (over, bend, float(travel), tuple(first.base_of))
                    cap_for_travel = bend
    if n >= NEAR_FROM and left() > 0.05:
        # Near bases only: a small model whose best is usually the optimum, found in a
        # fraction of the time; its bound holds for that model only, so only its plan is kept.
        valid = best[0] == 0 and (best[1] == 0 or not hard)
        near = [
            sorted(
                set(sorted(candidates[i], key=lambda j: (dist[i][j], j))[:NEAREST])
                | ({best[3][i]} if valid else set())
            )
            for i in range(n)
        ]
        quick = solve_mip(
            replace(problem, candidates=near),
            list(best[3]) if valid else None,
            left() * NEAR_SHARE,
            relative_gap,
            soft=not hard,
            deviation_cap=cap_for_travel,
        )
        if quick.base_of is not None:
            over, bend, travel = measure(quick.base_of, dist, w, lo, hi, cap)
            if (over, bend, float(travel)) < best[:3]:
                best = (over, bend, float(travel), tuple(quick.base_of))
    if left() > 0.05:
        valid = best[0] == 0 and (best[1] == 0 or not hard)
        mip = solve_mip(
            problem,
            list(best[3]) if valid else None,
            left(),
            0.0 if n <= EXACT_UP_TO else relative_gap,
            soft=not hard,
            deviation_cap=cap_for_travel,
        )
        if mip.status == "INFEASIBLE" and hard and not valid:
            return FreshResult("INFEASIBLE", best[3], best[2], 0.0, best[1], best[0], 0.0)
        bound = mip.bound
        if mip.base_of is not None:
            over, bend, travel = measure(mip.base_of, dist, w, lo, hi, cap)
            if (over, bend, float(travel)) < best[:3]:
                best = (over, bend, float(travel), tuple(mip.base_of))
        # (HiGHS's bound carries float noise: a thousandth of a metre is "equal")
        proven = mip.status == "OPTIMAL" and bound >= best[2] - 1e-3
        if proven:
            bound = best[2]
        finished = not mip.timed_out
    else:
        proven = finished = False
    bound = min(bound, best[2])
    if best[0] == 0 and (best[1] == 0 or not hard):
        # A plan that keeps the rules: proven optimal, within the gap asked for, or (time ran
        # out first) "out of time, best so far" with the gap it reached.
        if proven or best[2] <= 0:
            status = "OPTIMAL"
        elif finished:
            status = "FEASIBLE"
    return FreshResult(
        status,
        best[3],
        best[2],
        bound,
        best[1],
        best[0],
        time.monotonic() - started,
    )
