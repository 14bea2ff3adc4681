"""`saferschools plan` and `saferschools redeploy`: documents, adoption, clear errors."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from saferschools.allocation.models import Plan, Scenario
from saferschools.estate.models import Establishment
from saferschools.workforce.models import CoverAssignment, SchoolAssignment

DOC_KEYS = {"districts", "schools", "officers", "sergeants", "solve", "method", "roles"}


def check_document_shape(doc: dict, constables: int) -> None:
    assert set(doc) >= DOC_KEYS
    for d in doc["districts"]:
        assert {"code", "name", "division", "officers", "demand_share", "factors"} <= set(d)
        for f in d["factors"].values():
            assert set(f) == {"raw", "share"}
    assert sum(d["officers"] for d in doc["districts"]) == constables
    assert abs(sum(d["demand_share"] for d in doc["districts"]) - 1) < 1e-4
    for s in doc["schools"]:
        assert set(s) >= {"urn", "name", "district", "officer"}
    for o in doc["officers"]:
        assert {"id", "district", "schools", "workload"} <= set(o)
    assert len(doc["officers"]) == constables
    assert set(doc["solve"]) == {"outcome", "status", "objective", "bound", "gap", "seconds"}


@pytest.mark.django_db
def test_plan_command_writes_the_document_and_adopts(force, tmp_path, capsys):
    path = tmp_path / "plan.json"
    call_command(
        "plan",
        "--officers",
        "6",
        "--sergeants",
        "2",
        "--json",
        str(path),
        "--adopt",
        "--name",
        "Autumn",
        "--weights",
        "crime=1,schools=1,deprivation=1,pupils=1",
    )
    doc = json.loads(path.read_text())
    check_document_shape(doc, 6)
    assert {o["id"] for o in doc["officers"]} <= {o.collar_number for o in force.constables}
    assert Plan.objects.get(name="Autumn").status == Plan.Status.ADOPTED
    out = capsys.readouterr().out
    assert "adopted" in out and "Northam gets" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--officers", "0"], "needs at least one"),
        (["--officers", "99"], "only 14 secondary-phase schools"),
        (["--officers", "6", "--method", "dhondt"], "Unknown apportionment method 'dhondt'"),
        (["--officers", "9", "--tolerance", "0"], "Widen the tolerance"),
        (["--officers", "6", "--weights", "crime=lots"], "must be a number"),
        (["--officers", "6", "--max-schools", "0"], "at least 1"),
    ],
)
def test_plan_command_bad_input_is_a_command_error(force, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("plan", *args)
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_an_impossible_tolerance_can_bend_and_the_plan_says_by_how_much(force, tmp_path):
    path = tmp_path / "bent.json"
    call_command(
        "plan", "--officers", "9", "--tolerance", "0", "--bend-tolerance", "--json", str(path)
    )
    doc = json.loads(path.read_text())
    bent = {p["rule"]: p for p in doc["penalties"]}["workload_within_tolerance"]
    assert bent["amount"] > 0 and bent["details"]
    assert len(doc["schools"]) == 14


@pytest.mark.django_db
def test_plan_command_missing_factor(force):
    from saferschools.estate.models import LsoaDeprivation

    LsoaDeprivation.objects.filter(district_code=force.districts[1].code).delete()
    with pytest.raises(CommandError, match="Northby"):
        call_command("plan", "--officers", "6")


@pytest.mark.django_db
def test_redeploy_command(force, tmp_path):
    with pytest.raises(CommandError, match="No plan is adopted"):
        call_command("redeploy", "--remove", "1", "--start", "2026-09-07", "--end", "2026-10-23")
    call_command("plan", "--officers", "6", "--sergeants", "2", "--adopt")
    with pytest.raises(CommandError, match="not a date"):
        call_command("redeploy", "--remove", "1", "--start", "7/9/26", "--end", "2026-10-23")
    with pytest.raises(CommandError, match="ends .* before it starts"):
        call_command("redeploy", "--remove", "1", "--start", "2026-09-07", "--end", "2026-09-01")
    with pytest.raises(CommandError, match="not in the plan: P9999"):
        call_command(
            "redeploy", "--officer", "P9999", "--start", "2026-09-07", "--end", "2026-10-23"
        )
    with pytest.raises(CommandError, match="no Schools Officer"):
        call_command("redeploy", "--remove", "6", "--start", "2026-09-07", "--end", "2026-10-23")
    path = tmp_path / "s.json"
    call_command(
        "redeploy",
        "--remove",
        "2",
        "--start",
        "2026-09-07",
        "--end",
        "2026-10-23",
        "--commit",
        "--json",
        str(path),
    )
    doc = json.loads(path.read_text())
    assert len(doc["removed"]) == 2
    scenario = Scenario.objects.get()
    assert scenario.committed_at is not None
    assert CoverAssignment.objects.filter(scenario=scenario).count() == len(doc["affected"])


@pytest.mark.realdata
@pytest.mark.django_db
def test_kent_and_medway_70_constables_6_sergeants(kent_area, tmp_path):
    """Real Kent & Medway: every open secondary-phase establishment gets exactly one named
    officer; districts sum to 70; gap <= 1%; re-planning changes nobody; redeployment keeps
    every unaffected school's officer."""
    from saferschools.demo.officers import demo_officers_seed

    demo_officers_seed()
    path = tmp_path / "kent.json"
    call_command("plan", "--officers", "70", "--sergeants", "6", "--json", str(path), "--adopt")
    doc = json.loads(path.read_text())
    check_document_shape(doc, 70)
    assert len(doc["districts"]) == 13
    assert doc["solve"]["gap"] <= 0.01
    assert sum(s["sergeants"] for s in doc["sergeants"]) == 6
    # Seven-day supervision (the rostering rules' two rest days a week): no division, West Kent
    # included, gets fewer than two sergeants (apportioning by constables alone gave West one
    # sergeant for 17 constables).
    assert {s["division"]: s["sergeants"] for s in doc["sergeants"]} == {
        "East": 2,
        "North": 2,
        "West": 2,
    }
    assert not [p for p in doc["penalties"] if p["rule"] == "seven_day_supervision"]
    # Every open secondary-phase establishment in the force's districts. (The register puts one
    # Medway secure school, Oasis Restore, in Lambeth: outside the force, left out with a note.)
    schools = Establishment.objects.secondary_phase().filter(district__division__isnull=False)
    outside = Establishment.objects.secondary_phase().filter(district__division__isnull=True)
    assert all(any(str(e.urn) in n for n in doc["notes"]) for e in outside)
    assert schools.count() == len(doc["schools"]) > 150
    assert SchoolAssignment.objects.filter(establishment__in=schools).count() == schools.count()
    assert not schools.filter(named_assignment__isnull=True).exists()
    assert all(o["id"].startswith("P1") for o in doc["officers"])  # real collar numbers

    before = dict(SchoolAssignment.objects.values_list("establishment_id", "officer_id"))
    call_command("plan", "--officers", "70", "--sergeants", "6", "--adopt")
    assert dict(SchoolAssignment.objects.values_list("establishment_id", "officer_id")) == before

    call_command(
        "redeploy",
        "--remove",
        "5",
        "--start",
        "2026-09-07",
        "--end",
        "2026-12-18",
        "--json",
        str(tmp_path / "r.json"),
    )
    r = json.loads((tmp_path / "r.json").read_text())
    affected = {a["urn"] for a in r["affected"]}
    during = {u: o["id"] for o in r["officers"] for u in o["schools"]}
    for s in doc["schools"]:
        if s["urn"] not in affected:
            assert during[s["urn"]] == s["officer"]


@pytest.mark.django_db
def test_redeploying_a_whole_district_reports_the_overload(force, tmp_path, capsys):
    """Taking every officer of one district away must not hide the overload of those who
    cover (the per-district band alone read 0.0 when Medway's 13 went to Swale)."""
    path = tmp_path / "plan.json"
    call_command(
        "plan",
        "--officers",
        "7",
        "--sergeants",
        "2",
        "--bend-tolerance",
        "--adopt",
        "--json",
        str(path),
    )
    doc = json.loads(path.read_text())
    northby = next(d["code"] for d in doc["districts"] if d["name"] == "Northby")
    away = [o["id"] for o in doc["officers"] if o["district"] == northby]
    capsys.readouterr()
    out = tmp_path / "r.json"
    args = [a for o in away for a in ("--officer", o)]
    call_command(
        "redeploy", *args, "--start", "2026-09-07", "--end", "2026-10-23", "--json", str(out)
    )
    r = json.loads(out.read_text())
    overload = {p["rule"]: p for p in r["penalties"]}["workload_against_force_mean"]
    assert overload["amount"] > 0
    assert all("against a force mean" in d for d in overload["details"])
    assert "rule broken: workload_against_force_mean" in capsys.readouterr().out


@pytest.mark.django_db
def test_plan_command_in_the_background_queues_what_was_asked(force, capsys):
    from saferschools.core.models import Job

    call_command("plan", "--officers", "6", "--sergeants", "1", "--name", "Queued", "--background")
    job = Job.objects.get(kind="allocation.plan")
    assert f"Job {job.pk} queued" in capsys.readouterr().out
    assert job.params == {
        "constables": 6,
        "sergeants": 1,
        "method": None,
        "weights": "",
        "tolerance": 0.25,
        "bend_tolerance": False,
        "max_schools": 6,
        "time_limit_s": 60.0,
        "stable": True,
        "name": "Queued",
    }


@pytest.mark.django_db
def test_plan_in_the_background_keeps_the_planning_rules(force, capsys):
    """`plan --background` once queued only the counts and weights: a pinned district or a
    chosen set of establishment types was silently dropped. The job now gets the rules in the
    planner's words and plans with them, as the plan made here does."""
    from saferschools.core.jobs.services import job_run_now
    from saferschools.core.models import Job

    northam = force.districts[0]
    call_command(
        "plan",
        "--officers",
        "7",
        "--sergeants",
        "1",
        "--pin",
        f"{northam.code}=3",
        "--types",
        "secondary,special,ap",
        "--tolerance",
        "3",
        "--background",
    )
    job = Job.objects.get(kind="allocation.plan")
    assert job.params["pinned"] == f"{northam.code}=3"
    assert job.params["types"] == "secondary,special,ap"
    assert "force" not in job.params  # not given: the one loaded force
    job = job_run_now(job=job)
    assert job.state == Job.State.SUCCEEDED, job.error
    plan = Plan.objects.get(pk=job.result["plan_id"])
    assert plan.result["rules"]["pinned"] == {northam.code: 3}
    assert plan.inputs["settings"]["rules"]["named_groups"] == ["ap", "secondary", "special"]
    assert {d["code"]: d["officers"] for d in plan.result["districts"]}[northam.code] == 3
