"""OVERSIGHT statistics core: plain Python (no Django) disproportionality and disclosure tools.

* :mod:`.rri` - relative rate index against a population, with Katz intervals.
* :mod:`.outcome` - outcome ("nothing found") test with Wilson intervals.
* :mod:`.disclosure` - primary/secondary suppression, rounding, and the attacks used to audit it.
* :mod:`.placement` - officer time per pupil group (FSM, deprivation decile).
* :mod:`.policeuk` - police.uk stop-and-search CSV rows to group shares and outcome tests.
"""

from .disclosure import (
    Published1D,
    Published2D,
    hidden_bounds,
    recover_by_lp,
    recover_by_subtraction,
    round_to_base,
    suppress_1d,
    suppress_2d,
)
from .intervals import katz_log_ratio_interval, wilson_interval, z_value
from .outcome import OutcomeCount, OutcomeRow, OutcomeTest, outcome_test
from .placement import PlacementResult, PlacementRow, SchoolPlacement, fsm_split, placement_fairness
from .policeuk import (
    AgeBandAnalysis,
    GroupShare,
    StopSearchAnalysis,
    age_band,
    analyse_stop_search,
    broad_ethnic_group,
)
from .rri import GroupCount, RateRow, relative_rate_index

__all__ = [
    "AgeBandAnalysis",
    "GroupCount",
    "GroupShare",
    "OutcomeCount",
    "OutcomeRow",
    "OutcomeTest",
    "PlacementResult",
    "PlacementRow",
    "Published1D",
    "Published2D",
    "RateRow",
    "SchoolPlacement",
    "StopSearchAnalysis",
    "age_band",
    "analyse_stop_search",
    "broad_ethnic_group",
    "fsm_split",
    "hidden_bounds",
    "katz_log_ratio_interval",
    "outcome_test",
    "placement_fairness",
    "recover_by_lp",
    "recover_by_subtraction",
    "relative_rate_index",
    "round_to_base",
    "suppress_1d",
    "suppress_2d",
    "wilson_interval",
    "z_value",
]
