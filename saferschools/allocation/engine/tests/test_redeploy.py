"""Redeployment: unaffected schools keep their officer; cover, coverage and letters."""

from __future__ import annotations

from datetime import date

import pytest

from saferschools.allocation.engine import (
    Instance,
    InvalidInputError,
    NoOfficersError,
    PlanSettings,
    Redeployment,
    Solution,
    UnknownOfficerError,
    apportion,
    headteacher_letter,
    plan,
    redeploy,
)

from .factories import two_district_instance

START, END = date(2025, 9, 1), date(2025, 12, 19)


def _plan(constables: int = 5) -> tuple[Instance, Solution]:
    inst = two_district_instance(constables)
    return inst, plan(inst, PlanSettings(workload_tolerance=0.5))


def test_named_officer_removed_unaffected_schools_keep_their_officer() -> None:
    inst, sol = _plan()
    gone = next(p for p in sol.officers if p.district == "N")
    out = redeploy(sol, inst, Redeployment(START, END, officer_ids=(gone.officer,)))
    assert out.removed == (gone.officer,)
    for urn, officer in sol.assignment.items():
        if officer != gone.officer:
            assert out.plan.assignment[urn] == officer
    assert {a.urn for a in out.affected} == set(gone.schools)
    for a in out.affected:
        assert a.old_officer == gone.officer and a.new_officer != gone.officer
        assert a.new_officer in {p.officer for p in sol.officers if p.district == "N"}
        assert (a.start, a.end) == (START, END)
    change = {c.district: c for c in out.coverage}["N"]
    assert change.officers_after == change.officers_before - 1
    assert change.schools_per_officer_after > change.schools_per_officer_before
    assert out.plan.report.status == "OPTIMAL"


def test_anonymous_removal_follows_the_smaller_apportionment() -> None:
    inst, sol = _plan(constables=5)
    out = redeploy(sol, inst, Redeployment(START, END, remove_count=2))
    after = {c.district: c.officers_after for c in out.coverage}
    shares = {d.code: d.demand.share for d in sol.districts}
    assert after == apportion(shares, 3, "webster", {"N": 1, "S": 1})
    kept = set(sol.assignment.values()) - set(out.removed)
    for urn, officer in sol.assignment.items():
        if officer in kept:
            assert out.plan.assignment[urn] == officer


def test_a_district_left_without_officers_is_covered_from_the_nearest_district() -> None:
    inst, sol = _plan(constables=3)
    south = [p.officer for p in sol.officers if p.district == "S"]
    out = redeploy(sol, inst, Redeployment(START, END, officer_ids=tuple(south)))
    north_officers = {p.officer for p in sol.officers if p.district == "N"}
    assert all(out.plan.assignment[u] in north_officers for u in ("s1", "s2", "s3"))
    assert {c.district: c.officers_after for c in out.coverage}["S"] == 0


def test_unknown_officer_and_removing_everyone_are_refused() -> None:
    inst, sol = _plan()
    with pytest.raises(UnknownOfficerError, match="nobody"):
        redeploy(sol, inst, Redeployment(START, END, officer_ids=("nobody",)))
    with pytest.raises(NoOfficersError):
        redeploy(sol, inst, Redeployment(START, END, remove_count=5))
    with pytest.raises(InvalidInputError, match="before it starts"):
        redeploy(sol, inst, Redeployment(END, START, remove_count=1))


def test_headteacher_letter() -> None:
    inst, sol = _plan()
    gone = sol.officers[0]
    out = redeploy(sol, inst, Redeployment(START, END, officer_ids=(gone.officer,)))
    text = headteacher_letter(out.affected[0], new_contact_name="PC Jane Smith")
    assert out.affected[0].name in text
    assert "1 September 2025" in text and "19 December 2025" in text
    assert "PC Jane Smith" in text and gone.officer in text
