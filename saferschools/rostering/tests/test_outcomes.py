"""Honest outcomes through the service: too little time is "out of time, best so far", saved as
a draft that cannot be published while it breaks rules; never "no roster can meet every rule"."""

from __future__ import annotations

import pytest

from saferschools.rostering.models import Roster
from saferschools.rostering.services import RosterError, roster_generate, roster_publish

from .conftest import TERM_MONDAY, simple_rules


def test_too_little_time_saves_the_best_so_far_and_says_out_of_time(force):
    simple_rules()
    roster = roster_generate(
        start=TERM_MONDAY, weeks=2, acting_user=force.users["inspector"], time_limit_s=0.01
    )
    assert roster.status == Roster.Status.DRAFT and roster.solve_status == "UNKNOWN"
    assert roster.document["solve"]["budget"] == 0.01
    assert roster.outcome.startswith("Out of time: no roster meeting every rule was found")
    assert f"the best so far has {roster.violations} rule break(s)" in roster.outcome
    assert "No roster can meet" not in roster.outcome
    assert roster.document["shifts"], "the best roster so far is kept"
    if roster.violations:
        with pytest.raises(RosterError, match="breaks hard rules"):
            roster_publish(roster=roster, acting_user=force.users["inspector"])


def test_enough_time_says_optimal_with_the_budget(force):
    simple_rules()
    roster = roster_generate(
        start=TERM_MONDAY, weeks=1, acting_user=force.users["inspector"], time_limit_s=10
    )
    assert roster.solve_status == "OPTIMAL"
    assert roster.outcome.startswith("Optimal roster (gap 0%)") and "10 s budget" in roster.outcome
