"""The audit log's date filter: the GOV.UK date input (day, month, year), and a clear error
naming the field for a date that does not exist, instead of a silently widened search."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import Role
from saferschools.testing.builders import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(client):
    inspector = make_user(Role.INSPECTOR)
    alice = make_user(Role.SCHOOLS_OFFICER, username="alice")
    for i in range(3):
        audit_record(user=alice, action="view", record_type="casework.YoungPerson", record_id=i)
    client.force_login(inspector)
    return client


def test_dates_are_asked_as_day_month_and_year(log):
    page = log.get(reverse("audit:list")).content.decode()
    for box in ("date_from_day", "date_from_month", "date_from_year", "date_to_year"):
        assert f'name="{box}"' in page
    assert 'type="date"' not in page
    today = timezone.localdate()
    page = log.get(
        reverse("audit:list"),
        {
            "user": "alice",
            "date_from_day": today.day,
            "date_from_month": today.month,
            "date_from_year": today.year,
        },
    ).content.decode()
    assert "3 entries" in page
    tomorrow = today + dt.timedelta(days=1)
    page = log.get(
        reverse("audit:list"),
        {
            "user": "alice",
            "date_from_day": tomorrow.day,
            "date_from_month": tomorrow.month,
            "date_from_year": tomorrow.year,
        },
    ).content.decode()
    assert "0 entries" in page


def test_31_february_is_a_named_error_not_the_whole_log(log):
    response = log.get(
        reverse("audit:list"),
        {"user": "alice", "date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"},
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "From date must be a real date" in page
    assert '<a href="#id_date_from_day">From date must be a real date</a>' in page
    assert "3 entries" not in page  # no silently unfiltered list
    # What was typed is kept in the boxes.
    assert 'id="id_date_from_day" name="date_from_day" type="text" value="31"' in page


def test_missing_part_and_reversed_range_are_named(log):
    page = log.get(
        reverse("audit:list"), {"date_to_day": "3", "date_to_month": "", "date_to_year": "2026"}
    ).content.decode()
    assert "To date must include a month" in page
    page = log.get(
        reverse("audit:list"),
        {
            "date_from_day": "10",
            "date_from_month": "3",
            "date_from_year": "2026",
            "date_to_day": "1",
            "date_to_month": "3",
            "date_to_year": "2026",
        },
    ).content.decode()
    assert "To date must be the same as or after the from date" in page


def test_export_with_a_bad_date_goes_back_to_the_named_error(log):
    response = log.get(
        reverse("audit:export"),
        {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"},
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("audit:list"))
    page = log.get(response["Location"]).content.decode()
    assert "From date must be a real date" in page
