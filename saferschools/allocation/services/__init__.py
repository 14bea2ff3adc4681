"""Allocation services: make, adopt and redeploy plans (each write with its audit entry).

* `plan_create` — build the engine Instance from the estate tables (`selectors.instance_from_db`),
  plan stably against today's named officers (fewest schools change), save a draft `Plan` with
  its inputs (the whole instance and settings) and its document.
* `plan_adopt` — map the plan's officers to real constables (officers already named keep their
  ids, i.e. their collar numbers; new places go first to free constables of the same district),
  place sergeants in divisions and split each division's constables among its sergeants, have
  the workforce write them (`workforce.services.officers_place`) and one named officer per
  school (`school_assignments_replace`, dropping schools no longer in the plan), attach primary
  schools as a secondary duty, and mark the plan adopted (the previous one superseded).
* `scenario_create` — a redeployment scenario of a saved plan (N officers, or named ones, taken
  away for a period), saved for side-by-side comparison; nothing changes for schools yet.
* `scenario_commit` — have the workforce write the cover (`cover_assignments_create`) for the
  schools losing their named officer, and tell each school's headteacher and safeguarding lead,
  by letter, who covers and when.
* `severity_set` — edit the crime severity table.

Every predictable failure is an `engine.AllocationError` subclass whose message is for a planner.
"""

from .adoption import Adoption, named_officer_letter, plan_adopt
from .plans import WEIGHT_NAMES, build_settings, parse_weights, plan_create, plan_save, severity_set
from .scenarios import scenario_commit, scenario_create

__all__ = [
    "WEIGHT_NAMES",
    "Adoption",
    "build_settings",
    "named_officer_letter",
    "parse_weights",
    "plan_adopt",
    "plan_create",
    "plan_save",
    "scenario_commit",
    "scenario_create",
    "severity_set",
]
