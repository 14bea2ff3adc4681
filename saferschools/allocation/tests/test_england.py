"""All of England as a background job: progress per force, one report, from the web page and
the command line (two real forces from the national files, a short budget)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.allocation.tasks import ENGLAND_PLANS, ENGLAND_REPORT
from saferschools.core.jobs.files import job_output_dir
from saferschools.core.jobs.models import Job
from saferschools.core.jobs.services import job_start

from .conftest import SmallForce

TWO = ["Warwickshire Police", "Cumbria Constabulary"]


@pytest.mark.django_db
def test_the_england_job_reports_each_force_and_one_report(force: SmallForce, shared_data) -> None:  # noqa: ANN001
    inspector = force.users[Role.INSPECTOR]
    job = job_start(
        kind="allocation.england",
        acting_user=inspector,
        params={
            "officers": {"Warwickshire Police": [30, None], "Cumbria Constabulary": [24, 2]},
            "forces": TWO,
            "time_limit_s": 60,
        },
    )
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    # Progress per force: a line as each one finished, in the order they finished.
    lines = [line for line in job.log if line.startswith("[")]
    assert [line[:5] for line in lines] == ["[1/2]", "[2/2]"]
    assert {next(f for f in TWO if f in line) for line in lines} == set(TWO)
    # One report: each force with its outcome, gap, time and the greedy baseline beside it.
    doc = job.result["england"]
    by = {f["force"]: f for f in doc["forces"]}
    assert set(by) == set(TWO)
    assert by["Cumbria Constabulary"]["sergeants"] == 2
    assert by["Warwickshire Police"]["constables"] == 30
    for f in by.values():
        assert f["status"] in {"OPTIMAL", "FEASIBLE", "OUT_OF_TIME"} and not f["error"]
        assert f["objective_km"] >= f["bound_km"] > 0 and f["greedy"]["objective_km"] > 0
    out = job_output_dir(job.pk)
    assert json.loads((out / ENGLAND_REPORT).read_text())["forces"] == doc["forces"]
    plans = json.loads((out / ENGLAND_PLANS).read_text())
    assert len(plans["Cumbria Constabulary"]["schools"]) == by["Cumbria Constabulary"]["schools"]
    assert job.result_url == reverse("allocation:england_report", args=[job.pk])


@pytest.mark.django_db
def test_a_planner_starts_england_on_the_web_and_reads_the_report(
    client,
    force: SmallForce,
    shared_data,  # noqa: ANN001
) -> None:
    client.force_login(force.users[Role.INSPECTOR])
    page = client.get(reverse("allocation:england"))
    assert page.status_code == 200 and b"Plan all of England" in page.content
    # Neither or both of a total and a table: the form says so, nothing is started.
    bad = client.post(reverse("allocation:england"), {"constables": "", "time_limit": 30})
    assert bad.status_code == 200 and b"Give either a total" in bad.content
    assert not Job.objects.filter(kind="allocation.england").exists()
    started = client.post(
        reverse("allocation:england"),
        {"officers": "force,constables,sergeants\nWarwickshire Police,30,\n", "time_limit": 30},
    )
    job = Job.objects.get(kind="allocation.england")
    assert started.status_code == 302 and started["Location"] == f"/jobs/{job.pk}/"
    # The table names one force, so the job fails in words: every force needs its numbers.
    assert job.state == Job.State.FAILED and "No officer numbers for" in job.error


@pytest.mark.django_db
def test_the_report_page_shows_every_force_beside_greedy(client, force: SmallForce) -> None:  # noqa: ANN001
    inspector = force.users[Role.INSPECTOR]
    doc = {
        "forces": [
            {
                "force": "Testshire Police",
                "constables": 10,
                "sergeants": 1,
                "schools": 20,
                "districts": 2,
                "status": "OUT_OF_TIME",
                "outcome": "out of time, best so far (3.0% above the best bound proven in 1.0 s)",
                "objective_km": 50.0,
                "bound_km": 48.5,
                "gap": 0.03,
                "seconds": 1.0,
                "allowance_s": 1.0,
                "penalties": [],
                "error": "",
                "outside_band": 0.0,
                "greedy": {"objective_km": 61.0, "outside_band": 4.5, "seconds": 0.01},
            }
        ],
        "seconds": 2.0,
        "budget_s": 5.0,
        "workers": 2,
        "constables": 10,
        "sergeants": 1,
        "schools": 20,
        "gap": 0.03,
        "worst_force_gap": 0.03,
        "objective_km": 50.0,
        "bound_km": 48.5,
        "greedy_km": 61.0,
        "forces_within_1pct": 0,
        "out_of_time": ["Testshire Police"],
        "failed": [],
        "notes": [],
    }
    job = Job.objects.create(
        kind="allocation.england",
        title="Plan all of England",
        started_by=inspector,
        state=Job.State.SUCCEEDED,
        result={"summary": "1 of 1 forces planned", "england": doc},
    )
    client.force_login(inspector)
    page = client.get(reverse("allocation:england_report", args=[job.pk])).content.decode()
    assert "0 of 1 forces within 1% of the proven best" in page
    assert "Testshire Police" in page and "over 1%" in page
    assert "61.0" in page and "50.0" in page and "4.50" in page
    # Only the inspector reads England reports (their own jobs: the sergeant is refused).
    other = force.users[Role.SERGEANT]
    client.force_login(other)
    assert client.get(reverse("allocation:england_report", args=[job.pk])).status_code == 403


@pytest.mark.django_db
def test_plan_england_runs_in_the_background_from_the_command_line(
    force: SmallForce,
    shared_data,
    tmp_path,
    capsys,  # noqa: ANN001
) -> None:
    csv = tmp_path / "officers.csv"
    csv.write_text("force,constables,sergeants\nWarwickshire Police,30,2\n")
    call_command(
        "plan-england",
        "--officers-csv",
        str(csv),
        "--force",
        "Warwickshire Police",
        "--time-limit",
        "30",
        "--wait",
    )
    job = Job.objects.get(kind="allocation.england")
    assert job.state == Job.State.SUCCEEDED
    assert job.params["forces"] == ["Warwickshire Police"]
    assert f"Job {job.pk}: 1 of 1 forces planned" in capsys.readouterr().out
