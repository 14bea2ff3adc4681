"""Domain data of the allocation engine: what goes in (:class:`Instance`,
:class:`PlanSettings`) and what comes out (:class:`Solution`).

Plain frozen dataclasses, no Django. Coordinates are British National Grid
(EPSG:27700) metres, so Euclidean distance / 1000 is kilometres.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .rules import PlanningRules

#: Number of LSOAs (2011) ranked in the English Indices of Deprivation 2019.
IOD2019_LSOA_COUNT = 32844


@dataclass(frozen=True)
class School:
    """A secondary-phase establishment that needs a named Schools Officer.

    ``pupils`` and ``fsm_percent`` may be ``None`` when GIAS has no figure (new
    schools, colleges); see :func:`~.demand.district_demand` for how gaps are filled.
    """

    urn: str
    name: str
    district: str
    easting: float
    northing: float
    pupils: int | None = None
    fsm_percent: float | None = None
    lsoa: str | None = None

    @property
    def fsm_pupils(self) -> float | None:
        """Pupils eligible for free school meals (pupils x PercentageFSM / 100)."""
        if self.pupils is None or self.fsm_percent is None:
            return None
        return self.pupils * self.fsm_percent / 100.0


@dataclass(frozen=True)
class Lsoa:
    """One LSOA's IoD2019 ranks (1 = most deprived of 32,844 in England)."""

    code: str
    district: str
    imd_rank: int
    crime_rank: int


@dataclass(frozen=True)
class District:
    """A planning area (a local authority district in Kent) and its division.

    ``recorded_crime`` maps a police.uk crime type (e.g. ``"Violence and sexual
    offences"``) to the count recorded in the district over the planning period.
    Leave it ``None`` to fall back to the IoD2019 crime domain of the district's LSOAs.
    """

    code: str
    name: str
    division: str
    recorded_crime: Mapping[str, float] | None = None


@dataclass(frozen=True)
class Instance:
    """Everything the force knows before planning.

    ``constables`` is the number of Schools Officers (PCs) to place, ``sergeants``
    their supervisors. ``lsoas`` carries IoD2019 ranks for the crime fallback and for
    the deprivation of schools' neighbourhoods.
    """

    districts: tuple[District, ...]
    schools: tuple[School, ...]
    constables: int
    sergeants: int = 0
    lsoas: tuple[Lsoa, ...] = ()


@dataclass(frozen=True)
class DemandWeights:
    """Weights of the four demand factors (documented default: all equal to 1).

    Deprivation is itself the mean of two halves: pupils on free school meals and
    the IMD of the schools' neighbourhoods (``fsm_fraction`` of the deprivation
    weight goes to FSM, the rest to IMD).
    """

    crime: float = 1.0
    schools: float = 1.0
    deprivation: float = 1.0
    pupils: float = 1.0
    fsm_fraction: float = 0.5


@dataclass(frozen=True)
class WorkloadWeights:
    """How much work one school is, in *workload points*.

    Default: ``1 + pupils/1000 + 2 x FSM pupils/1000`` - every school costs a
    baseline of visits and meetings, more pupils cost more, and a pupil on free school
    meals counts three times an other pupil (deprivation drives referrals).
    """

    per_school: float = 1.0
    per_pupil: float = 1.0 / 1000
    per_fsm_pupil: float = 2.0 / 1000


@dataclass(frozen=True)
class PlanSettings:
    """Knobs of a plan, with documented defaults.

    * ``method``: apportionment method name (see :data:`~.apportion.METHODS`).
    * ``max_schools_per_officer``: a district needs at least ceil(schools / max).
    * ``workload_tolerance``: each officer's workload within +/- this fraction of the
      district mean (0.25 = +/-25%).
    * ``tolerance_is_hard``: if False, the tolerance may bend, at a penalty reported
      in :attr:`Solution.penalties`, instead of raising an error.
    * ``crime_severity``: harm weight per police.uk crime type (missing types = 1).
    * ``time_limit_s``: the plan's one overall time budget in seconds, shared by its district
      sub-problems (each gets its share of what is left); ``num_workers``: CP-SAT threads;
      ``relative_gap``: a district stops once proven within this fraction of its best bound
      (0.5% by default, so every force is within 1%).
    * ``candidate_bases``: a school may only be served from its this-many nearest
      candidate bases (``None`` = all; exact). Only worth setting for planning areas
      with well over 60 schools.
    * ``bend_where_infeasible``: with a hard tolerance, a district where no split keeps it (one
      school heavier than the band, or proven infeasible) is planned with the tolerance bent
      (reported) instead of failing the whole plan (the England run does this).
    * ``rules``: the force's planning rules (:class:`~.rules.PlanningRules`): district
      minimums, maximums and pins, sergeants per division and span of control.
    """

    method: str = "webster"
    weights: DemandWeights = field(default_factory=DemandWeights)
    workload: WorkloadWeights = field(default_factory=WorkloadWeights)
    max_schools_per_officer: int = 6
    workload_tolerance: float = 0.25
    tolerance_is_hard: bool = True
    crime_severity: Mapping[str, float] = field(default_factory=dict)
    time_limit_s: float = 60.0
    num_workers: int = 2
    relative_gap: float = 0.005
    candidate_bases: int | None = None
    bend_where_infeasible: bool = False
    rules: PlanningRules = field(default_factory=PlanningRules)


@dataclass(frozen=True)
class FactorValue:
    """One factor of one district: raw value and share of the force total."""

    raw: float
    share: float


@dataclass(frozen=True)
class DistrictDemand:
    """A district's demand share and the breakdown that explains it."""

    code: str
    name: str
    share: float
    factors: Mapping[str, FactorValue]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SolveReport:
    """What the optimiser proved: status, objective, best bound, gap, seconds.

    ``objective`` and ``bound`` are in the objective's unit (kilometres of travel for
    named officers). ``gap`` = (objective - bound) / objective (0 when proven optimal).
    """

    status: str
    objective: float
    bound: float
    gap: float
    seconds: float

    @property
    def outcome(self) -> str:
        """The status in words. ``OUT_OF_TIME`` means the time ran out before a plan meeting
        every rule was proven in some district: the best plan found so far is given; it never
        means that no plan exists (only a proven infeasibility raises an error)."""
        if self.status == "OPTIMAL":
            return "optimal (proven)"
        if self.status == "OUT_OF_TIME":
            return (
                f"out of time, best so far ({self.gap:.1%} above the best bound proven "
                f"in {self.seconds:.1f} s)"
            )
        return f"within {self.gap:.2%} of the proven bound"

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "status": self.status,
            "objective": round(self.objective, 3),
            "bound": round(self.bound, 3),
            "gap": round(self.gap, 6),
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class Penalty:
    """A rule that bent: its name, how far in total, and the worst cases in words."""

    rule: str
    amount: float
    unit: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfficerPatch:
    """One named officer's schools, the base school of the patch and the workload."""

    officer: str
    district: str
    schools: tuple[str, ...]
    base: str
    workload: float
    travel_km: float


@dataclass(frozen=True)
class DistrictPlan:
    """A district's officers and why it got that many."""

    code: str
    name: str
    division: str
    officers: int
    schools: int
    demand: DistrictDemand
    minimum: int
    maximum: int
    sentence: str


@dataclass(frozen=True)
class DivisionSergeants:
    """Sergeants placed in a division and their span of control."""

    division: str
    constables: int
    sergeants: int

    @property
    def span(self) -> float:
        """Constables per sergeant (0 when the division has no sergeant)."""
        return self.constables / self.sergeants if self.sergeants else 0.0


@dataclass(frozen=True)
class Role:
    """A force-wide role in the programme (inspector, performance co-ordinator)."""

    role: str
    count: int
    responsibility: str


@dataclass(frozen=True)
class MethodChoice:
    """The apportionment method used and the reason (printable in the plan)."""

    name: str
    why: str


@dataclass(frozen=True)
class Solution:
    """A complete plan. :meth:`to_dict` gives the JSON the CLI writes."""

    districts: tuple[DistrictPlan, ...]
    officers: tuple[OfficerPatch, ...]
    assignment: Mapping[str, str]
    sergeants: tuple[DivisionSergeants, ...]
    roles: tuple[Role, ...]
    method: MethodChoice
    report: SolveReport
    school_names: Mapping[str, str]
    school_districts: Mapping[str, str]
    penalties: tuple[Penalty, ...] = ()
    warnings: tuple[str, ...] = ()

    def officer(self, officer_id: str) -> OfficerPatch:
        """The patch of one officer (KeyError if unknown)."""
        for patch in self.officers:
            if patch.officer == officer_id:
                return patch
        raise KeyError(officer_id)

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready dicts (the CLI's output format)."""
        return {
            "districts": [
                {
                    "code": d.code,
                    "name": d.name,
                    "division": d.division,
                    "officers": d.officers,
                    "schools": d.schools,
                    "demand_share": round(d.demand.share, 6),
                    "factors": {
                        name: {"raw": round(f.raw, 3), "share": round(f.share, 6)}
                        for name, f in d.demand.factors.items()
                    },
                    "explanation": d.sentence,
                }
                for d in self.districts
            ],
            "schools": [
                {
                    "urn": urn,
                    "name": self.school_names[urn],
                    "district": self.school_districts[urn],
                    "officer": officer,
                }
                for urn, officer in sorted(self.assignment.items())
            ],
            "officers": [
                {
                    "id": p.officer,
                    "district": p.district,
                    "schools": list(p.schools),
                    "base": p.base,
                    "workload": round(p.workload, 3),
                    "travel_km": round(p.travel_km, 3),
                }
                for p in self.officers
            ],
            "sergeants": [
                {
                    "division": s.division,
                    "constables": s.constables,
                    "sergeants": s.sergeants,
                    "span": round(s.span, 2),
                }
                for s in self.sergeants
            ],
            "roles": [
                {"role": r.role, "count": r.count, "responsibility": r.responsibility}
                for r in self.roles
            ],
            "method": {"name": self.method.name, "why": self.method.why},
            "solve": self.report.to_dict(),
            "penalties": [
                {
                    "rule": p.rule,
                    "amount": round(p.amount, 3),
                    "unit": p.unit,
                    "details": list(p.details),
                }
                for p in self.penalties
            ],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Redeployment:
    """A period during which some officers are taken away from schools work."""

    start: date
    end: date
    officer_ids: tuple[str, ...] = ()
    remove_count: int = 0
    reason: str = ""


@dataclass(frozen=True)
class AffectedSchool:
    """A school that loses its named officer during a redeployment, and its cover."""

    urn: str
    name: str
    district: str
    old_officer: str
    new_officer: str
    start: date
    end: date


@dataclass(frozen=True)
class CoverageChange:
    """A district's coverage before and after a redeployment."""

    district: str
    name: str
    officers_before: int
    officers_after: int
    schools: int

    @property
    def schools_per_officer_before(self) -> float:
        return self.schools / self.officers_before if self.officers_before else float("inf")

    @property
    def schools_per_officer_after(self) -> float:
        return self.schools / self.officers_after if self.officers_after else float("inf")


@dataclass(frozen=True)
class RedeploymentResult:
    """Outcome of :func:`~.replan.redeploy`: the plan during the period and its effects."""

    plan: Solution
    removed: tuple[str, ...]
    affected: tuple[AffectedSchool, ...]
    coverage: tuple[CoverageChange, ...]
    scenario: Redeployment
