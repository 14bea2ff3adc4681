"""Staff pages: young people's voice (disclosure control) and the resource library."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.frontdoor import selectors, services
from saferschools.frontdoor.models import ResourceDelivery
from saferschools.oversight.stats import recover_by_subtraction
from saferschools.testing.builders import make_user

from .helpers import build

pytestmark = pytest.mark.django_db


def answers(school, n, *, on, safe="yes", worries=()):
    for _ in range(n):
        services.survey_response_record(
            school=school,
            safe_in_school=safe,
            safe_around_school="yes",
            know_officer="yes",
            would_talk="maybe",
            worries=list(worries),
            answered_on=on,
        )


# ---------------------------------------------------------------- survey results


def test_published_survey_figures_follow_the_suppression_rules():
    w = build(with_child=False)
    coordinator = make_user(Role.COORDINATOR)
    autumn, spring = dt.date(2025, 10, 1), dt.date(2026, 2, 1)
    answers(w.school, 12, on=autumn, safe="yes")
    answers(w.school, 3, on=autumn, safe="no", worries=["worry_knives"])  # small: hidden
    answers(w.school, 9, on=spring, safe="yes")
    answers(w.school, 6, on=spring, safe="mostly")
    res = selectors.survey_results(user=coordinator, school=w.school, period="term")
    assert res.responses == 30
    safe = res.tables[0]
    assert safe.periods == ["Autumn 2025", "Spring 2026"]
    published = [c for row in safe.cells for c in row] + safe.row_totals + safe.col_totals
    published.append(safe.grand_total)
    # No published figure from 1 to 4 anywhere.
    assert all(c is None or c == 0 or c >= 5 for c in published)
    # The 3 "no" answers in autumn are hidden, and cannot be worked back from the totals.
    no_col = 2
    assert safe.cells[0][no_col] is None
    from saferschools.oversight.stats import Published2D

    p = Published2D(safe.cells, safe.row_totals, safe.col_totals, safe.grand_total)
    assert (0, no_col) not in recover_by_subtraction(p)
    knives = next(t for t in res.tables if "knives" in t.question)
    assert knives.cells[0][0] is None  # 3 ticks in autumn
    for t in res.tables:
        for row in t.cells:
            assert all(c is None or c == 0 or c >= 5 for c in row), t.question


def test_district_results_and_months():
    w = build(with_child=False)
    inspector = make_user(Role.INSPECTOR)
    answers(w.school, 6, on=dt.date(2025, 10, 1))
    answers(w.other_school, 7, on=dt.date(2025, 11, 1))
    res = selectors.survey_results(user=inspector, district=w.school.district, period="month")
    assert res.responses == 13 and res.tables[0].periods == ["October 2025", "November 2025"]
    assert res.tables[0].grand_total == 13


@pytest.mark.parametrize(
    "role,allowed",
    [
        (Role.COORDINATOR, True),
        (Role.INSPECTOR, True),
        (Role.SCHOOLS_OFFICER, False),
        (Role.HEADTEACHER, False),
        (Role.SYSADMIN, False),
    ],
)
def test_survey_results_page_is_for_the_coordinator_and_inspector(client, role, allowed):
    w = build(with_child=False)
    answers(w.school, 7, on=dt.date(2025, 10, 1))
    answers(w.school, 2, on=dt.date(2025, 10, 2), safe="no")
    client.force_login(make_user(role, school=w.school))
    r = client.get(reverse("frontdoor_staff:survey_results"), {"school": w.school.urn})
    assert r.status_code == (200 if allowed else 403)
    if allowed:
        html = r.content.decode()
        assert "[c]" in html and "Autumn 2025" in html
        assert ">2<" not in html  # the two "no" answers are never shown


def test_survey_results_selector_refuses_other_roles():
    w = build(with_child=False)
    answers(w.school, 7, on=dt.date(2025, 10, 1))
    assert selectors.survey_results(user=w.officer_user).responses == 0


# ---------------------------------------------------------------- resources


def make_resource(by, **kw):
    data = {
        "title": "County lines: who is grooming you?",
        "topic": "county_lines",
        "age_min": 11,
        "age_max": 16,
        "content": "Signs of grooming. Where to get help.",
    }
    data.update(kw)
    return services.resource_create(acting_user=by, **data)


def test_only_approved_versions_reach_schools_and_an_inspector_approves():
    w = build(with_child=False)
    inspector = make_user(Role.INSPECTOR)
    head = make_user(Role.HEADTEACHER, school=w.school)
    v1 = make_resource(w.officer_user)
    assert v1.status == "draft" and v1.number == 1
    assert not selectors.resources(user=head).exists()
    assert selectors.resources(user=w.officer_user).exists()
    with pytest.raises(PermissionDenied):
        services.resource_approve(acting_user=w.officer_user, version=v1)
    with pytest.raises(PermissionDenied):
        services.resource_approve(acting_user=w.sergeant_user, version=v1)
    services.resource_approve(acting_user=inspector, version=v1)
    assert list(selectors.resources(user=head)) == [v1.resource]
    v2 = services.resource_version_create(
        acting_user=w.officer_user,
        resource=v1.resource,
        age_min=12,
        age_max=16,
        content="New",
        change_note="Updated contacts",
    )
    assert v2.number == 2
    assert v1.resource.current_version == v1  # the draft is not yet what schools see
    assert list(selectors.resource_versions(user=head, resource=v1.resource)) == [v1]
    assert selectors.version_get(user=head, pk=v2.pk) is None
    services.resource_approve(acting_user=inspector, version=v2)
    v1.refresh_from_db()
    assert v1.status == "superseded" and v1.resource.current_version == v2
    with pytest.raises(ValidationError):
        services.resource_approve(acting_user=inspector, version=v2)


def test_a_version_needs_a_sensible_age_range():
    w = build(with_child=False)
    with pytest.raises(ValidationError):
        make_resource(w.officer_user, age_min=16, age_max=11)


def test_officers_record_deliveries_of_approved_versions_at_their_schools():
    from saferschools.engagement.tests.helpers import make_session

    w = build(with_child=False)
    inspector = make_user(Role.INSPECTOR)
    v = make_resource(w.officer_user)
    today = dt.date.today()
    with pytest.raises(ValidationError):  # a draft cannot be delivered
        services.resource_delivery_record(
            acting_user=w.officer_user, version=v, school=w.school, delivered_on=today
        )
    services.resource_approve(acting_user=inspector, version=v)
    v.refresh_from_db()
    session = make_session(w.officer_user, w.school, topic="county_lines", attendance=28)
    d = services.resource_delivery_record(
        acting_user=w.officer_user,
        version=v,
        school=w.school,
        delivered_on=today,
        audience=28,
        session=session,
    )
    assert d.session == session and d.version == v
    with pytest.raises(PermissionDenied):  # not one of their schools
        services.resource_delivery_record(
            acting_user=w.officer_user, version=v, school=w.other_school, delivered_on=today
        )
    head = make_user(Role.HEADTEACHER, school=w.school)
    assert list(selectors.deliveries(user=head)) == [d]
    other_head = make_user(Role.HEADTEACHER, school=w.other_school)
    assert not selectors.deliveries(user=other_head).exists()


def test_resource_pages(client):
    w = build(with_child=False)
    inspector = make_user(Role.INSPECTOR)
    client.force_login(w.officer_user)
    r = client.post(
        reverse("frontdoor_staff:resource_create"),
        {
            "title": "Knife crime: the facts",
            "topic": "knife_crime",
            "age_min": 11,
            "age_max": 18,
            "content": "Carrying a knife makes you less safe.",
        },
    )
    assert r.status_code == 302
    v = selectors.approved_versions().first()
    assert v is None
    from saferschools.frontdoor.models import ResourceVersion

    draft = ResourceVersion.objects.get()
    assert client.post(reverse("frontdoor_staff:version_approve", args=[draft.pk])).status_code
    draft.refresh_from_db()
    assert draft.status == "draft"  # an officer cannot approve
    client.force_login(inspector)
    detail = client.get(reverse("frontdoor_staff:resource_detail", args=[draft.resource_id]))
    assert "Approve version 1" in detail.content.decode()
    client.post(reverse("frontdoor_staff:version_approve", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "approved"
    client.force_login(w.officer_user)
    r = client.post(
        reverse("frontdoor_staff:delivery_create"),
        {"version": draft.pk, "school": w.school.pk, "delivered_on": dt.date.today().isoformat()},
    )
    assert r.status_code == 302
    assert ResourceDelivery.objects.count() == 1
    html = client.get(reverse("frontdoor_staff:delivery_list")).content.decode()
    assert "Knife crime: the facts" in html and w.school.name in html
    head = make_user(Role.HEADTEACHER, school=w.school)
    client.force_login(head)
    html = client.get(reverse("frontdoor_staff:resource_list")).content.decode()
    assert "Knife crime: the facts" in html and "Add a resource" not in html
    assert client.get(reverse("frontdoor_staff:resource_create")).status_code == 403
