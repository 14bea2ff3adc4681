"""A school's contact details: recorded by the force or the school, shown to staff, used for
letters; officers' and teams' contacts on the public pages instead of a placeholder."""

from __future__ import annotations

import pytest
from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry
from saferschools.testing.builders import make_officer, make_school, make_user, name_officer
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Team

pytestmark = pytest.mark.django_db


def test_the_school_records_its_contacts_and_staff_see_them(client):
    school = make_school(name="Seaview Academy")
    other = make_school(name="Elsewhere High")
    head = make_user(Role.HEADTEACHER, school=school)
    client.force_login(head)
    url = reverse("estate:school_contacts", args=[school.pk])
    response = client.post(
        url,
        {
            "headteacher_name": "Ms Priya Marsh",
            "contact_email": "office@seaview.example.sch.uk",
            "contact_phone": "01632 960111",
            "contact_address": "Seaview Academy\nHarbour Road",
            "dsl_name": "Mr Tom Webb",
            "dsl_email": "dsl@seaview.example.sch.uk",
            "dsl_phone": "",
        },
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.contact_email == "office@seaview.example.sch.uk"
    assert school.contact_source == "school" and school.contact_updated_at
    entry = AuditEntry.objects.filter(action="change", record_type="estate.Establishment").last()
    assert "contact_email" in entry.details["fields"] and "office@" not in str(entry.details)
    page = client.get(reverse("estate:school_detail", args=[school.pk])).content.decode()
    assert "office@seaview.example.sch.uk" in page and "Mr Tom Webb" in page
    # Another school's details are not the headteacher's to change.
    assert client.get(reverse("estate:school_contacts", args=[other.pk])).status_code == 404
    bad = client.post(url, {"contact_email": "not an address"})
    assert bad.status_code == 200 and "Enter a valid email address" in bad.content.decode()


def test_officers_and_teams_have_real_contacts_on_public_pages(client):
    school = make_school(name="Hill School")
    sergeant = make_officer(Rank.SERGEANT, collar_number="S1")
    Team.objects.create(
        sergeant=sergeant,
        name="North schools officers",
        email="schools.north@example.police.uk",
        phone="01632 960100",
    )
    pc = make_officer(collar_number="P1", sergeant=sergeant, work_email="pc.one@example.police.uk")
    name_officer(school, pc)
    assert pc.contact_team.name == "North schools officers"
    assert pc.public_contact == "schools.north@example.police.uk, 01632 960100"
    page = client.get(reverse("frontdoor:school", args=[school.urn])).content.decode()
    assert "schools.north@example.police.uk" in page
    assert "schools.officers@example.police.uk" not in page
    assert "pc.one@example.police.uk" not in page  # the officer's own address is not published


def test_demo_contacts_are_plausible_and_cannot_reach_anyone():
    from saferschools.demo.area import demo_school_contacts_seed
    from saferschools.demo.officers import demo_contacts_seed

    school = make_school(name="St Mary's C of E School")
    make_officer(Rank.SERGEANT, collar_number="S7", is_synthetic=True)
    make_officer(collar_number="P7", is_synthetic=True)
    assert demo_school_contacts_seed() >= 1
    result = demo_contacts_seed()
    assert result["teams_created"] == 1 and result["officers_given_contacts"] == 2
    school.refresh_from_db()
    assert school.contact_email == "office@st-mary-s-c-of-e-school.example.sch.uk"
    assert school.contact_phone.startswith("01632 960") and school.dsl_name
    assert demo_school_contacts_seed() == 0  # idempotent
