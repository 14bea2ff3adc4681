"""Services through the database: known optima, infeasibility explained, publish, re-roster."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from saferschools.accounts.models import AuditEntry
from saferschools.core.models import Notification
from saferschools.rostering import engine as E
from saferschools.rostering.instance import build_instance
from saferschools.rostering.models import Absence, Roster, RosterShift
from saferschools.rostering.services import (
    RosterError,
    RosterInfeasibleError,
    absence_create,
    roster_generate,
    roster_publish,
    roster_reroster,
)

from .conftest import TERM_MONDAY, make_infeasible, simple_rules


def shifts_of(roster: Roster) -> dict[tuple[str, str], str]:
    return {(s["officer"], s["date"]): s["shift"] for s in roster.document["shifts"]}


def test_known_optimum_zero_every_named_officer_in_school(
    force, django_capture_on_commit_callbacks
):
    simple_rules()
    roster = roster_generate(
        start=TERM_MONDAY, weeks=1, acting_user=force.users["inspector"], time_limit_s=10
    )
    assert roster.solve_status == "OPTIMAL"
    assert roster.objective == 0 and roster.violations == 0
    assert roster.status == Roster.Status.DRAFT
    # every school day both named officers are on the day shift
    for pc in force.pcs[:2]:
        for k in range(5):
            day = (TERM_MONDAY + dt.timedelta(days=k)).isoformat()
            assert shifts_of(roster)[pc.collar_number, day] == "D"
    assert RosterShift.objects.filter(roster=roster).count() == len(roster.document["shifts"])
    assert AuditEntry.objects.filter(record_type="rostering.Roster", action="create").exists()


def test_known_optimum_training_day_costs_one_named_miss(force):
    """PC 1 is at training on Wednesday: their school misses them that day and only then (10)."""
    simple_rules()
    wednesday = TERM_MONDAY + dt.timedelta(days=2)
    absence_create(
        officer=force.pcs[0],
        start=wednesday,
        end=wednesday,
        reason="training",
        acting_user=force.users["ps1"],
    )
    roster = roster_generate(
        start=TERM_MONDAY, weeks=1, acting_user=force.users["inspector"], time_limit_s=10
    )
    assert roster.solve_status == "OPTIMAL" and roster.objective == 10
    gaps = roster.document["schools_without_named_officer"]
    assert [(g["school"], g["date"]) for g in gaps] == [
        (str(force.schools[0].urn), wednesday.isoformat())
    ]
    assert gaps[0]["covered_by"]  # a colleague is in school hours in the district


def test_service_matches_the_engine_on_the_same_instance(force):
    """With every rule on, the saved roster's objective is the engine's optimum."""
    roster = roster_generate(
        start=TERM_MONDAY, weeks=1, acting_user=force.users["inspector"], time_limit_s=20
    )
    direct = E.solve(
        build_instance(start=TERM_MONDAY, weeks=1).instance, time_limit_s=20, decompose=False
    )
    assert roster.solve_status == direct.stats.status == "OPTIMAL"
    assert roster.objective == direct.stats.objective
    assert E.count_violations(E.check_document(roster.document)) == 0
    assert {r["name"] for r in roster.document["rules"]} >= {
        "rule_weekly_rest",
        "rule_min_rest_between_shifts",
        "rule_district_daily_cover",
    }


def test_infeasible_request_is_explained_by_rule_and_day(force):
    make_infeasible(force)
    with pytest.raises(RosterInfeasibleError) as caught:
        roster_generate(
            start=TERM_MONDAY, weeks=1, acting_user=force.users["inspector"], time_limit_s=10
        )
    text = "\n".join(caught.value.messages)
    assert "2026" in text and "Riverside" in text
    rules = {p["rule"] for p in caught.value.infeasibilities}
    assert rules & {
        "rule_district_daily_cover",
        "rule_weekly_rest",
        "rule_max_consecutive_days",
        "rule_school_hours_presence",
    }
    assert not Roster.objects.exists()
    assert AuditEntry.objects.filter(action="roster_generate", outcome="failed").exists()


def _roster_one_week(*args: str, **streams: Any) -> None:
    """`saferschools roster` for the week of TERM_MONDAY (ten seconds' solving at most)."""
    call_command(
        "roster",
        "--weeks",
        "1",
        "--start",
        TERM_MONDAY.isoformat(),
        "--time-limit",
        "10",
        *args,
        **streams,
    )


def test_infeasible_request_on_the_command_line(force, capsys):
    make_infeasible(force)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        _roster_one_week(stderr=err)
    assert exit_.value.code == 2
    assert "No roster can meet every rule" in err.getvalue()
    assert "Riverside" in err.getvalue() and "Traceback" not in err.getvalue()


def test_roster_command_writes_a_checkable_document(force, tmp_path):
    path = tmp_path / "roster.json"
    out, err = io.StringIO(), io.StringIO()
    _roster_one_week("--json", str(path), stdout=out, stderr=err)
    doc = json.loads(path.read_text())
    assert doc["format"] == "saferschools.roster/1"
    assert {"shifts", "absences", "rules", "solve"} <= set(doc)
    assert set(doc["solve"]) >= {"status", "objective", "bound", "gap", "seconds"}
    first = doc["shifts"][0]
    assert dt.datetime.fromisoformat(first["start"]).tzinfo is not None
    assert all("limit" in r for r in doc["rules"])
    assert "[1/2] district:" in err.getvalue() and "elapsed" in err.getvalue()  # progress
    assert "independent check: 0" in out.getvalue()
    check = io.StringIO()
    call_command("roster-check", str(path), stdout=check)  # exit 0: no SystemExit
    assert "0 hard-rule violation(s)" in check.getvalue()
    # break a rule by hand: two shifts for one officer on one day
    doc["shifts"].append(dict(first, shift="L"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    check = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("roster-check", str(bad), stdout=check)
    assert exit_.value.code == 1
    assert "FAIL rule_one_shift_per_day" in check.getvalue()


def test_publish_supersedes_and_notifies(force, django_capture_on_commit_callbacks):
    simple_rules()
    first = roster_generate(start=TERM_MONDAY, weeks=1, acting_user=None, time_limit_s=10)
    with django_capture_on_commit_callbacks(execute=True):
        roster_publish(roster=first, acting_user=force.users["inspector"])
    assert Notification.objects.filter(recipient=force.users["pc1"], topic="roster").exists()
    second = roster_generate(start=TERM_MONDAY, weeks=1, acting_user=None, time_limit_s=10)
    roster_publish(roster=second, acting_user=force.users["inspector"])
    first.refresh_from_db()
    assert first.status == Roster.Status.SUPERSEDED
    with pytest.raises(RosterError):
        roster_publish(roster=second, acting_user=force.users["inspector"])


def test_reroster_after_one_absence_changes_only_that_officer_and_their_cover(
    force, django_capture_on_commit_callbacks
):
    simple_rules()
    published = roster_generate(start=TERM_MONDAY, weeks=2, acting_user=None, time_limit_s=15)
    roster_publish(roster=published, acting_user=force.users["inspector"])
    pc1 = force.pcs[0]
    sick = TERM_MONDAY + dt.timedelta(days=8)  # Tuesday of week 2
    now = dt.datetime.combine(
        TERM_MONDAY + dt.timedelta(days=7), dt.time(18), tzinfo=dt.UTC
    )  # Monday evening of week 2
    with django_capture_on_commit_callbacks(execute=True):
        out = roster_reroster(
            roster=published,
            absences=[
                {
                    "officer": pc1,
                    "start": sick,
                    "end": sick + dt.timedelta(days=1),
                    "reason": "sickness",
                }
            ],
            acting_user=force.users["ps1"],
            now=now,
            time_limit_s=15,
        )
    new = out.roster
    published.refresh_from_db()
    # a draft for the sergeant to review; the officers hear nothing until it is published
    assert published.status == Roster.Status.PUBLISHED
    assert new.status == Roster.Status.DRAFT and new.version == 2
    for key in ("pc2", "pc3"):
        assert (
            not Notification.objects.filter(recipient=force.users[key], topic="roster")
            .exclude(subject__contains="is published")
            .exists()
        )
    with django_capture_on_commit_callbacks(execute=True):
        roster_publish(roster=new, acting_user=force.users["ps1"])
    published.refresh_from_db()
    assert published.status == Roster.Status.SUPERSEDED and new.status == Roster.Status.PUBLISHED
    assert new.previous_id == published.pk and new.violations == 0
    assert Absence.objects.filter(officer=pc1, reason="sickness").count() == 1
    before, after = shifts_of(published), shifts_of(new)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert changed, "the absent officer's shifts must go"
    # nothing in the past (before `now`) changed
    assert all(day >= (TERM_MONDAY + dt.timedelta(days=8)).isoformat() for _, day in changed)
    # the absent officer's two days, and the colleagues who cover: the fewest changes
    assert {
        (pc1.collar_number, sick.isoformat()),
        (pc1.collar_number, (sick + dt.timedelta(days=1)).isoformat()),
    } <= changed
    assert {c["officer"] for c in out.changes} <= {o.collar_number for o in force.pcs}
    assert len(out.changes) == len(changed) <= 6
    # the schools without their named officer on the sick days are listed
    gaps = {(g["school"], g["date"]) for g in out.new_school_gaps}
    assert (str(force.schools[0].urn), sick.isoformat()) in gaps
    # the officers whose shifts changed (who have accounts) and their sergeants are told
    changed_officers = {c["officer"] for c in out.changes} - {pc1.collar_number}
    for key, pc in (("pc2", force.pcs[1]), ("pc3", force.pcs[2])):
        told = Notification.objects.filter(
            recipient=force.users[key], subject__startswith="Your roster has changed"
        ).exists()
        assert told == (pc.collar_number in changed_officers)
    sergeants = {
        force.pcs[[p.collar_number for p in force.pcs].index(c)].sergeant_id
        for c in {c["officer"] for c in out.changes}
    }
    for key, s in (("ps1", force.sergeants[0]), ("ps2", force.sergeants[1])):
        told = Notification.objects.filter(recipient=force.users[key], topic="roster").exists()
        assert told == (s.pk in sergeants)
    assert AuditEntry.objects.filter(action="reroster", record_id=str(new.pk)).exists()


def test_reroster_flags_short_notice_rest_day_cancellation(force):
    """A published rest day worked at 2 days' notice is flagged with double time."""
    simple_rules()
    published = roster_generate(start=TERM_MONDAY, weeks=1, acting_user=None, time_limit_s=10)
    roster_publish(roster=published, acting_user=None)
    now = dt.datetime.combine(TERM_MONDAY, dt.time(6), tzinfo=dt.UTC)
    # two constables away on Saturday: the third must work, maybe on a rest day
    saturday = TERM_MONDAY + dt.timedelta(days=5)
    pub = shifts_of(published)
    away = [pc for pc in force.pcs if (pc.collar_number, saturday.isoformat()) in pub]
    out = roster_reroster(
        roster=published,
        absences=[{"officer": pc, "start": saturday, "reason": "sickness"} for pc in away],
        acting_user=None,
        now=now,
        time_limit_s=15,
    )
    cancelled = [c for c in out.changes if c["kind"] == "rest_day_cancelled"]
    assert cancelled
    assert all(c["compensation"] == "double time" for c in cancelled)
    assert all("rest_day_cancelled_under_8_days" in c["flags"] for c in cancelled)


def test_only_published_rosters_are_rerostered(force):
    simple_rules()
    draft = roster_generate(start=TERM_MONDAY, weeks=1, acting_user=None, time_limit_s=10)
    with pytest.raises(RosterError):
        roster_reroster(roster=draft, absences=[], acting_user=None)


def test_the_services_enforce_who_rosters_whatever_the_view_checked(force):
    """A sergeant rosters their own division only, even when a job or the API calls the
    service directly; a constable neither publishes nor records a colleague's absence; only
    the inspector (or the system) edits the calendar. Nothing is written when refused."""
    from django.core.exceptions import PermissionDenied

    from saferschools.rostering.models import SchoolClosure
    from saferschools.rostering.services import school_closure_create
    from saferschools.testing.builders import make_district

    other = make_district("Elsewhere", division="Test South")
    with pytest.raises(PermissionDenied, match="their own division only"):
        roster_generate(
            start=TERM_MONDAY,
            weeks=1,
            division=other.division,
            acting_user=force.users["ps1"],
            time_limit_s=5,
        )
    with pytest.raises(PermissionDenied):
        roster_generate(start=TERM_MONDAY, weeks=1, acting_user=force.users["pc1"], time_limit_s=5)
    assert not Roster.objects.exists()
    own = roster_generate(
        start=TERM_MONDAY, weeks=1, acting_user=force.users["ps1"], time_limit_s=10
    )
    assert own.division == force.district.division
    with pytest.raises(PermissionDenied):
        roster_publish(roster=own, acting_user=force.users["pc1"])
    own.refresh_from_db()
    assert own.status == Roster.Status.DRAFT
    with pytest.raises(PermissionDenied):
        day = {"start": TERM_MONDAY, "end": TERM_MONDAY, "reason": "annual_leave"}
        absence_create(officer=force.pcs[1], acting_user=force.users["pc1"], **day)
    with pytest.raises(PermissionDenied):
        school_closure_create(date=TERM_MONDAY, acting_user=force.users["ps1"])
    assert not Absence.objects.exists() and not SchoolClosure.objects.exists()
