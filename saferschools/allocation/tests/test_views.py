"""Plan pages, the API and who may use them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry
from saferschools.allocation import services
from saferschools.allocation.models import Plan, Scenario
from saferschools.workforce.models import CoverAssignment, SchoolAssignment

READERS = [Role.INSPECTOR, Role.SERGEANT, Role.COORDINATOR]
OUTSIDERS = [Role.SCHOOLS_OFFICER, Role.HEADTEACHER, Role.DSL, Role.SYSADMIN]
#: The plan form filled in as a planner would (each test changes what it is about).
PLAN_FORM = {
    "officers": 6,
    "sergeants": 2,
    "method": "webster",
    "crime": 1,
    "schools": 1,
    "deprivation": 1,
    "pupils": 1,
    "tolerance": 0.25,
    "max_schools": 6,
}


@pytest.fixture
def adopted(force):
    plan = services.plan_create(constables=6, sergeants=2, acting_user=force.users["inspector"])
    services.plan_adopt(plan=plan, acting_user=force.users["inspector"])
    plan.refresh_from_db()
    return plan


@pytest.mark.django_db
def test_plan_page_has_map_chart_and_district_breakdown(client, force, adopted):
    client.force_login(force.users[Role.SERGEANT])
    html = client.get(reverse("allocation:plan_detail", args=[adopted.pk])).content.decode()
    svg = re.search(r'<svg[^>]*class="[^"]*ss-plan-map".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg
    assert svg.count('<circle class="school"') == 14 == len(adopted.result["schools"])
    chart = re.search(r'<svg[^>]*class="ss-workload-chart".*?</svg>', html, re.S).group(0)
    assert chart.count('class="band"') == 6 and chart.count('class="bar') == 6
    # district table with the factor breakdown, and the sentences
    assert 'id="district-table"' in html
    assert "Northam gets " in html and "of the force&#x27;s secondary schools" in html
    assert "pupils on free school meals" in html
    assert "Webster" in html or "webster" in html
    # table alternative to the map
    assert (
        html.count('<tr class="govuk-table__row"><td class="govuk-table__cell">Northam School') >= 1
    )
    # sergeant reads but cannot adopt
    assert "Adopt this plan" not in html


@pytest.mark.django_db
def test_inspector_makes_and_adopts_a_plan_through_the_pages(client, force):
    client.force_login(force.users[Role.INSPECTOR])
    assert client.get(reverse("allocation:plan_create")).status_code == 200
    data = {**PLAN_FORM, "method": "huntington_hill", "stable": "on"}
    r = client.post(reverse("allocation:plan_create"), data)
    plan = Plan.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse(
        "allocation:plan_detail", args=[plan.pk]
    )
    assert plan.method == "huntington_hill"
    page = client.get(r["Location"]).content.decode()
    assert "Adopt this plan" in page and "The default is webster" in page
    client.post(reverse("allocation:plan_adopt", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ADOPTED
    assert SchoolAssignment.objects.count() == 14


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"officers": 0}, "it needs at least one"),
        ({"officers": 40}, "only 14 secondary-phase schools"),
        ({"method": "dhondt"}, "Select a valid choice"),
        ({"officers": 9, "tolerance": 0}, "Widen the tolerance"),
        ({"crime": 0, "schools": 0, "deprivation": 0, "pupils": 0}, "above zero"),
        ({"officers": "lots"}, "Enter a whole number"),
    ],
)
def test_bad_input_on_the_web_form_gives_an_error_summary(client, force, change, message):
    client.force_login(force.users[Role.INSPECTOR])
    data = {**PLAN_FORM, **change}
    r = client.post(reverse("allocation:plan_create"), data)
    assert r.status_code == 200
    html = r.content.decode()
    assert "govuk-error-summary" in html and "There is a problem" in html
    assert message in html.replace("&#x27;", "'")
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_missing_factor_on_the_web_form(client, force):
    from saferschools.estate.models import LsoaDeprivation

    LsoaDeprivation.objects.filter(district_code=force.districts[2].code).delete()
    client.force_login(force.users[Role.INSPECTOR])
    html = client.post(reverse("allocation:plan_create"), PLAN_FORM).content.decode()
    assert "govuk-error-summary" in html and "Southwick" in html


@pytest.mark.django_db
def test_scenarios_compared_then_committed_through_the_pages(client, force, adopted):
    client.force_login(force.users[Role.INSPECTOR])
    url = reverse("allocation:scenario_create", args=[adopted.pk])
    bad = client.post(url, {"start": "2026-09-07", "end": "2026-09-01", "remove_count": 1})
    assert "The last day must be on or after the first day" in bad.content.decode()
    bad = client.post(url, {"start": "2026-09-07", "end": "2026-10-01", "officer_ids": "X1"})
    assert "No officer of this plan is called “X1”" in bad.content.decode()
    client.post(url, {"start": "2026-09-07", "end": "2026-10-23", "remove_count": 1})
    away = adopted.result["officers"][0]["id"]
    client.post(url, {"start": "2026-09-07", "end": "2026-10-23", "officer_ids": away})
    first, second = Scenario.objects.order_by("pk")
    page = client.get(reverse("allocation:plan_detail", args=[adopted.pk])).content.decode()
    table = re.search(
        r'<table class="govuk-table" id="scenario-comparison">.*?</table>', page, re.S
    )
    assert table and first.name in table.group(0) and second.name in table.group(0)
    assert "Schools losing their named officer" in table.group(0)
    compare = client.get(
        reverse("allocation:scenario_compare", args=[adopted.pk]) + f"?s={second.pk}"
    )
    assert second.name in compare.content.decode() and first.name not in compare.content.decode()

    detail = client.get(reverse("allocation:scenario_detail", args=[second.pk])).content.decode()
    assert "Commit this scenario" in detail and 'id="affected"' in detail
    letters = client.get(reverse("allocation:scenario_letters", args=[second.pk])).content.decode()
    assert "To the Headteacher" in letters and "7 September 2026" in letters
    client.post(reverse("allocation:scenario_commit", args=[second.pk]))
    assert CoverAssignment.objects.filter(scenario=second).count() == len(second.result["affected"])

    # the school page names the cover officer while it is active
    cover = CoverAssignment.objects.filter(scenario=second).first()
    school_page = client.get(
        reverse("estate:school_detail", args=[cover.establishment_id])
    ).content.decode()
    assert 'id="named-officer"' in school_page
    cover.start, cover.end = dt.date.today(), dt.date.today() + dt.timedelta(days=30)
    cover.save()
    school_page = client.get(
        reverse("estate:school_detail", args=[cover.establishment_id])
    ).content.decode()
    assert 'id="cover-officer"' in school_page and cover.officer.collar_number in school_page


@pytest.mark.django_db
def test_school_page_names_the_officer_and_contact_for_the_headteacher(client, force, adopted):
    client.force_login(force.users[Role.HEADTEACHER])
    html = client.get(reverse("estate:school_detail", args=[force.schools[0].pk])).content.decode()
    officer = SchoolAssignment.objects.get(establishment=force.schools[0]).officer
    assert officer.collar_number in html
    assert "schools.team@example.police.uk" in html


@pytest.mark.django_db
def test_primary_school_page_shows_secondary_duty(client, force, adopted):
    client.force_login(force.users[Role.INSPECTOR])
    html = client.get(
        reverse("estate:school_detail", args=[force.primaries[0].pk])
    ).content.decode()
    assert 'id="secondary-duty"' in html and force.schools[0].name in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_school_staff_and_officers_cannot_see_plans(client, force, adopted, role):
    client.force_login(force.users[role])
    scenario = services.scenario_create(
        plan=adopted,
        start=dt.date(2026, 9, 7),
        end=dt.date(2026, 9, 30),
        remove_count=1,
        acting_user=force.users[Role.INSPECTOR],
    )
    denied = AuditEntry.objects.filter(outcome="denied").count()
    for url in [
        reverse("allocation:plan_list"),
        reverse("allocation:plan_detail", args=[adopted.pk]),
        reverse("allocation:plan_document", args=[adopted.pk]),
        reverse("allocation:scenario_detail", args=[scenario.pk]),
        reverse("allocation:scenario_letters", args=[scenario.pk]),
        reverse("allocation:severity"),
        "/api/allocation/plans/",
        f"/api/allocation/plans/{adopted.pk}/",
        "/api/allocation/scenarios/",
    ]:
        assert client.get(url).status_code == 403, url
    assert AuditEntry.objects.filter(outcome="denied").count() > denied
    assert client.post(reverse("allocation:plan_adopt", args=[adopted.pk])).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SERGEANT, Role.COORDINATOR])
def test_readers_cannot_write(client, force, adopted, role):
    client.force_login(force.users[role])
    assert client.get(reverse("allocation:plan_list")).status_code == 200
    assert client.get(reverse("allocation:plan_create")).status_code == 403
    assert client.post(reverse("allocation:plan_adopt", args=[adopted.pk])).status_code == 403
    assert client.get(reverse("allocation:scenario_create", args=[adopted.pk])).status_code == 403
    assert (
        client.post(
            reverse("allocation:severity"), {"crime_type": "Burglary", "weight": 2}
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/api/allocation/plans/", {"officers": 6}, content_type="application/json"
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, force):
    r = client.get(reverse("allocation:plan_list"))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


@pytest.mark.django_db
def test_severity_page_edits_the_table(client, force):
    client.force_login(force.users[Role.INSPECTOR])
    r = client.post(reverse("allocation:severity"), {"crime_type": "Robbery", "weight": 2.5})
    assert r.status_code == 302
    html = client.get(reverse("allocation:severity")).content.decode()
    assert "Robbery" in html and "2.5" in html
    bad = client.post(reverse("allocation:severity"), {"crime_type": "Robbery", "weight": -1})
    assert "govuk-error-summary" in bad.content.decode()


@pytest.mark.django_db
def test_api_reads_and_creates_plans(client, force, adopted):
    client.force_login(force.users[Role.COORDINATOR])
    listing = client.get("/api/allocation/plans/").json()
    assert (
        listing["results"][0]["id"] == adopted.pk
        if "results" in listing
        else listing[0]["id"] == adopted.pk
    )
    detail = client.get(f"/api/allocation/plans/{adopted.pk}/").json()
    assert detail["document"]["adopted"] is True
    assert {"districts", "schools", "officers", "sergeants", "solve"} <= set(detail["document"])
    client.force_login(force.users[Role.INSPECTOR])
    bad = client.post(
        "/api/allocation/plans/",
        {"officers": 6, "method": "dhondt"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "Unknown apportionment method" in str(bad.json())
    bad = client.post("/api/allocation/plans/", {"officers": 0}, content_type="application/json")
    assert bad.status_code == 400 and "at least one" in bad.json()["detail"]
    ok = client.post(
        "/api/allocation/plans/",
        {"officers": 6, "sergeants": 2, "weights": {"crime": 2}},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["document"]["weights"]["crime"] == 2
    services.scenario_create(
        plan=adopted,
        start=dt.date(2026, 9, 7),
        end=dt.date(2026, 9, 30),
        remove_count=1,
        acting_user=force.users[Role.INSPECTOR],
    )
    scenarios = client.get("/api/allocation/scenarios/").json()
    rows = scenarios.get("results", scenarios)
    assert rows[0]["document"]["removed"]


@pytest.mark.django_db
def test_redeployment_asked_by_district_or_by_name_answers_in_words(client, force, adopted):
    """Issue 16: ask by district or by name, see names, and read the result in words (no
    collar-number lists, no engine labels such as "travel_within_patch: 218.436 km")."""
    from saferschools.workforce.models import Officer

    client.force_login(force.users[Role.INSPECTOR])
    url = reverse("allocation:scenario_create", args=[adopted.pk])
    form = client.get(url).content.decode()
    officers = adopted.result["officers"]
    people = {
        o.collar_number: o
        for o in Officer.objects.filter(collar_number__in=[o["id"] for o in officers])
    }
    some = people[officers[0]["id"]]
    assert some.short_name in form and 'name="district"' in form

    # By district: the district's lightest officer goes.
    district = officers[0]["district"]
    r = client.post(
        url,
        {"start": "2026-09-07", "end": "2026-10-23", "district": district, "remove_count": 1},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    by_district = Scenario.objects.latest("pk")
    (gone,) = by_district.result["removed"]
    assert next(o for o in officers if o["id"] == gone)["district"] == district

    # By name (surname, any case).
    r = client.post(
        url,
        {"start": "2026-09-07", "end": "2026-10-23", "officer_ids": some.last_name.lower()},
    )
    assert r.status_code == 302
    by_name = Scenario.objects.latest("pk")
    assert by_name.result["removed"] == [some.collar_number]

    page = client.get(reverse("allocation:scenario_detail", args=[by_name.pk])).content.decode()
    summary = re.search(r'<div id="scenario-summary">(.*?)</div>', page, re.S).group(1)
    assert f"{some.short_name} is taken away from schools work from 7 September" in summary
    removed = re.search(r'id="removed">(.*?)</dd>', page, re.S).group(1)
    assert removed == some.short_name
    costs = re.search(
        r'<ul class="govuk-list govuk-list--bullet" id="penalties">(.*?)</ul>\n', page, re.S
    )
    text = costs.group(1) if costs else ""
    assert "travel_within_patch" not in page and "Travel_within_patch" not in page
    assert " km from their base schools" in text
    if by_name.result["affected"]:
        cover = by_name.result["affected"][0]["new_officer"]
        assert people[cover].short_name in re.search(
            r'<table class="govuk-table" id="affected">.*?</table>', page, re.S
        ).group(0)
