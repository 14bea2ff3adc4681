"""Pages, downloads and API: the grid, CSV, iCalendar, scope and denials."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from saferschools.accounts.models import AuditEntry
from saferschools.rostering.models import Roster, SchoolClosure, SchoolYear
from saferschools.rostering.services import (
    calendar_default_create,
    roster_generate,
    roster_publish,
)

from .conftest import TERM_MONDAY, make_infeasible, simple_rules


@pytest.fixture
def published(force) -> Roster:
    simple_rules()
    roster = roster_generate(start=TERM_MONDAY, weeks=1, acting_user=None, time_limit_s=10)
    return roster_publish(roster=roster, acting_user=None)


def test_grid_page_rows_officers_columns_days(client, force, published):
    client.force_login(force.users["inspector"])
    page = client.get(reverse("rostering:detail", args=[published.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="govuk-table ss-roster"' in html
    assert html.count('class="govuk-table__cell shift-') >= 7 * 5
    assert "shift-D" in html and "Every hard rule met" in html
    for o in [*force.pcs, *force.sergeants]:
        assert o.short_name in html


def test_sergeant_sees_their_team_only(client, force, published):
    client.force_login(force.users["ps1"])
    html = client.get(reverse("rostering:detail", args=[published.pk])).content.decode()
    assert force.pcs[0].short_name in html and force.pcs[1].short_name in html
    assert force.pcs[2].short_name not in html  # PS 2's team


def test_coordinator_and_school_staff_have_no_roster(client, force, published):
    client.force_login(force.users["coordinator"])
    assert client.get(reverse("rostering:home")).status_code == 403
    assert client.get(reverse("rostering:detail", args=[published.pk])).status_code == 403


def test_csv_download_has_a_row_per_shift_and_absence(client, force, published):
    client.force_login(force.users["inspector"])
    response = client.get(reverse("rostering:csv", args=[published.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == len(published.document["shifts"]) + len(published.document["absences"])
    assert {"officer", "date", "shift", "start", "end"} <= set(rows[0])
    assert AuditEntry.objects.filter(action="export", record_id=str(published.pk)).exists()
    # an officer's CSV holds their own shifts only
    client.force_login(force.users["pc1"])
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("rostering:csv", args=[published.pk])).content.decode())
        )
    )
    assert rows and {r["officer"] for r in rows} == {force.pcs[0].collar_number}


def test_officer_downloads_own_ics(client, force, published):
    pc1 = force.pcs[0]
    client.force_login(force.users["pc1"])
    response = client.get(reverse("rostering:ics", args=[pc1.collar_number]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    mine = [s for s in published.document["shifts"] if s["officer"] == pc1.collar_number]
    assert text.startswith("BEGIN:VCALENDAR")
    assert text.count("BEGIN:VEVENT") == len(mine) > 0
    assert "TZID=Europe/London" in text
    # a specific roster
    response = client.get(
        reverse("rostering:ics", args=[pc1.collar_number]), {"roster": published.pk}
    )
    assert response.content.decode().count("BEGIN:VEVENT") == len(mine)


def test_officer_cannot_download_another_officers_ics(client, force, published):
    other = force.pcs[1]
    client.force_login(force.users["pc1"])
    before = AuditEntry.objects.filter(outcome="denied").count()
    response = client.get(reverse("rostering:ics", args=[other.collar_number]))
    assert response.status_code == 404
    denied = AuditEntry.objects.filter(outcome="denied").order_by("-seq")
    assert denied.count() == before + 1
    assert denied.first().record_id == other.collar_number
    assert denied.first().username == force.users["pc1"].username


def test_sergeant_downloads_team_ics_but_not_other_teams(client, force, published):
    client.force_login(force.users["ps1"])
    assert (
        client.get(reverse("rostering:ics", args=[force.pcs[1].collar_number])).status_code == 200
    )
    assert (
        client.get(reverse("rostering:ics", args=[force.pcs[2].collar_number])).status_code == 404
    )


def test_document_download_is_cut_to_scope(client, force, published):
    client.force_login(force.users["pc1"])
    doc = client.get(reverse("rostering:document", args=[published.pk])).json()
    assert doc["partial"] is True
    assert {s["officer"] for s in doc["shifts"]} == {force.pcs[0].collar_number}
    client.force_login(force.users["inspector"])
    doc = client.get(reverse("rostering:document", args=[published.pk])).json()
    assert "partial" not in doc and len(doc["officers"]) == 5


def test_roster_outside_scope_is_404_and_audited(client, force, published):
    from saferschools.accounts.choices import Role
    from saferschools.testing.builders import make_officer, make_user

    stranger = make_user(Role.SCHOOLS_OFFICER, officer=make_officer())
    client.force_login(stranger)
    assert client.get(reverse("rostering:detail", args=[published.pk])).status_code == 404
    assert AuditEntry.objects.filter(
        outcome="denied", record_type="rostering.Roster", record_id=str(published.pk)
    ).exists()


def _generate(client, start: dt.date):
    """Ask the generate page for a one-week roster of the whole force from `start`."""
    return client.post(
        reverse("rostering:generate"),
        {"start": start.isoformat(), "weeks": "1", "division": "", "time_limit": "10"},
    )


def test_generate_page_makes_a_draft(client, force):
    simple_rules()
    client.force_login(force.users["inspector"])
    response = _generate(client, TERM_MONDAY)
    # The solve is a background job: the page goes to the job, which links to the draft.
    from saferschools.core.models import Job

    roster = Roster.objects.get()
    job = Job.objects.get(kind="rostering.generate")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job", args=[job.pk])
    assert job.state == Job.State.SUCCEEDED and job.started_by == force.users["inspector"]
    assert job.result_url == reverse("rostering:detail", args=[roster.pk])
    assert job.result["status"] in ("OPTIMAL", "FEASIBLE")
    assert roster.status == Roster.Status.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert f'href="{job.result_url}"' in page and "Draft roster" in page


def test_infeasible_request_is_explained_on_the_page(client, force):
    make_infeasible(force)
    client.force_login(force.users["inspector"])
    response = _generate(client, TERM_MONDAY)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "No roster can meet every rule" in html and "The job did not finish" in html
    assert 'id="job-problems"' in html and "Riverside" in html and "2026" in html
    assert "Traceback" not in html
    assert not Roster.objects.exists()


def test_start_must_be_a_monday(client, force):
    client.force_login(force.users["inspector"])
    response = _generate(client, TERM_MONDAY + dt.timedelta(days=1))
    assert "Start the roster on a Monday" in response.content.decode()


def test_reroster_from_the_page(client, force, published):
    client.force_login(force.users["ps1"])
    day = TERM_MONDAY + dt.timedelta(days=3)
    response = client.post(
        reverse("rostering:reroster", args=[published.pk]),
        {
            "officer": force.pcs[0].pk,
            "start": day.isoformat(),
            "end": day.isoformat(),
            "reason": "court",
            "note": "witness",
        },
    )
    new = Roster.objects.get(previous=published)
    assert response["Location"] == reverse("rostering:detail", args=[new.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Re-rostered" in page


def test_calendar_page_and_edits(client, force):
    calendar_default_create(academic_year=2025)
    client.force_login(force.users["pc1"])
    page = client.get(reverse("rostering:calendar"))
    assert page.status_code == 200 and "Summer 2 2026" in page.content.decode()
    assert (
        client.post(reverse("rostering:calendar"), {"closure-date": "2026-06-10"}).status_code
        == 403
    )
    client.force_login(force.users["inspector"])
    response = client.post(
        reverse("rostering:calendar"),
        {
            "term-year": SchoolYear.objects.get().pk,
            "term-name": "Summer 2 2026",
            "term-start": "2026-06-01",
            "term-end": "2026-07-17",
        },
    )
    assert response.status_code == 302
    assert SchoolYear.objects.get().terms.get(name="Summer 2 2026").end == dt.date(2026, 7, 17)
    client.post(
        reverse("rostering:calendar"),
        {
            "closure-date": "2026-06-10",
            "closure-establishment": force.schools[0].pk,
            "closure-reason": "INSET day",
        },
    )
    assert SchoolClosure.objects.filter(establishment=force.schools[0]).exists()


def test_api_is_scoped(client, force, published):
    client.force_login(force.users["pc1"])
    rosters = client.get("/api/rostering/rosters/").json()["results"]
    assert [r["id"] for r in rosters] == [published.pk]
    shifts = client.get("/api/rostering/shifts/", {"roster": published.pk}).json()["results"]
    assert shifts and {s["officer"] for s in shifts} == {force.pcs[0].collar_number}
    doc = client.get(f"/api/rostering/rosters/{published.pk}/document/").json()
    assert doc["partial"] is True
    client.force_login(force.users["inspector"])
    shifts = client.get("/api/rostering/shifts/", {"roster": published.pk}).json()
    assert shifts["count"] == len(published.document["shifts"])
    client.force_login(force.users["coordinator"])
    assert client.get("/api/rostering/rosters/").status_code == 403
