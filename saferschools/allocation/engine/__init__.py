"""SaferSchools allocation engine (plain Python, no Django).

Pipeline: :class:`Instance` -> :func:`district_demand` -> :func:`apportion` ->
:func:`solve_patches` (CP-SAT, per district) -> :class:`Solution`. :func:`plan` does it
all; :func:`redeploy` plans a period with fewer officers; :func:`headteacher_letter`
writes to each school that loses its named officer.

Quick start::

    from saferschools.allocation.engine import Instance, PlanSettings, plan
    solution = plan(instance, PlanSettings(method="webster", workload_tolerance=0.25))
    print(solution.report)          # status, objective, bound, gap, seconds
    json.dumps(solution.to_dict())  # the CLI's output

Every predictable failure is an :class:`AllocationError` subclass with a message for
a planner.
"""

from .apportion import (
    DEFAULT_METHOD,
    DEFAULT_METHOD_REASON,
    METHOD_REASONS,
    METHODS,
    apportion,
    canonical_method,
    district_bounds,
    place_sergeants,
)
from .assignment import (
    RULE_STABILITY,
    RULE_TRAVEL,
    RULE_WORKLOAD,
    PatchProblem,
    PatchResult,
    best_base,
    distance_km,
    greedy_patches,
    school_workload,
    solve_patches,
)
from .demand import FACTOR_LABELS, district_demand, explain, school_figures
from .errors import (
    AllocationError,
    InfeasibleApportionmentError,
    InfeasibleToleranceError,
    InvalidInputError,
    MissingFactorError,
    NoOfficersError,
    SolverTimeoutError,
    TooManyOfficersError,
    UnknownMethodError,
    UnknownOfficerError,
)
from .model import (
    AffectedSchool,
    CoverageChange,
    DemandWeights,
    District,
    DistrictDemand,
    DistrictPlan,
    DivisionSergeants,
    FactorValue,
    Instance,
    Lsoa,
    MethodChoice,
    OfficerPatch,
    Penalty,
    PlanSettings,
    Redeployment,
    RedeploymentResult,
    Role,
    School,
    Solution,
    SolveReport,
    WorkloadWeights,
)
from .plan import ROLES, aggregate_reports, plan, school_workloads, validate
from .primaries import attach_primaries
from .replan import choose_officers_to_remove, headteacher_letter, redeploy
from .rules import PlanningRules, supervision_minimum

__all__ = [
    "DEFAULT_METHOD",
    "DEFAULT_METHOD_REASON",
    "FACTOR_LABELS",
    "METHODS",
    "METHOD_REASONS",
    "ROLES",
    "RULE_STABILITY",
    "RULE_TRAVEL",
    "RULE_WORKLOAD",
    "AffectedSchool",
    "AllocationError",
    "CoverageChange",
    "DemandWeights",
    "District",
    "DistrictDemand",
    "DistrictPlan",
    "DivisionSergeants",
    "FactorValue",
    "InfeasibleApportionmentError",
    "InfeasibleToleranceError",
    "Instance",
    "InvalidInputError",
    "Lsoa",
    "MethodChoice",
    "MissingFactorError",
    "NoOfficersError",
    "OfficerPatch",
    "PatchProblem",
    "PatchResult",
    "Penalty",
    "PlanningRules",
    "PlanSettings",
    "Redeployment",
    "RedeploymentResult",
    "Role",
    "School",
    "Solution",
    "SolveReport",
    "SolverTimeoutError",
    "TooManyOfficersError",
    "UnknownMethodError",
    "UnknownOfficerError",
    "WorkloadWeights",
    "aggregate_reports",
    "apportion",
    "attach_primaries",
    "best_base",
    "canonical_method",
    "choose_officers_to_remove",
    "distance_km",
    "district_bounds",
    "district_demand",
    "explain",
    "greedy_patches",
    "headteacher_letter",
    "place_sergeants",
    "plan",
    "redeploy",
    "school_figures",
    "school_workload",
    "school_workloads",
    "solve_patches",
    "supervision_minimum",
    "validate",
]
