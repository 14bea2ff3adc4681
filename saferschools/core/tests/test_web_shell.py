from __future__ import annotations

import pytest
from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.testing.builders import (
    PASSWORD,
    make_school,
    make_user,
    name_officer,
    officer_user,
)


@pytest.fixture
def inspector(db):
    return make_user(Role.INSPECTOR)


def test_home_needs_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_sign_in_then_home_lists_districts(client, inspector):
    school = make_school(name="Riverside Academy")
    response = client.post(
        reverse("accounts:login"), {"username": inspector.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert school.district.name in page
    assert 'class="govuk-skip-link"' in page
    assert "govuk-logo" not in page and "crown" not in page.lower()


def test_wrong_password_shows_error_summary(client, inspector):
    response = client.post(
        reverse("accounts:login"), {"username": inspector.username, "password": "wrong-password"}
    )
    page = response.content.decode()
    assert "There is a problem" in page and "govuk-error-summary" in page


def test_school_list_search_and_paging(client, inspector):
    district = make_school().district
    for i in range(30):
        make_school(district, name=f"Paging School {i:02d}")
    client.force_login(inspector)
    page = client.get(reverse("estate:school_list"), {"q": "Paging"}).content.decode()
    assert "30 schools" in page and "Paging School 00" in page and "Paging School 29" not in page
    page2 = client.get(reverse("estate:school_list"), {"q": "Paging", "page": 2}).content.decode()
    assert "Paging School 29" in page2


def test_school_page_names_the_officer(client, db):
    school = make_school(name="Castle Hill School")
    user = officer_user(school)
    client.force_login(user)
    page = client.get(reverse("estate:school_detail", args=[school.pk])).content.decode()
    assert "Castle Hill School" in page
    assert user.officer.last_name in page


def test_school_staff_see_only_their_school(client, db):
    mine, other = make_school(), make_school()
    head = make_user(Role.HEADTEACHER, school=mine)
    client.force_login(head)
    assert client.get(reverse("estate:school_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("estate:school_detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("estate:school_list")).content.decode()
    assert mine.name in listing and other.name not in listing


def test_security_headers_and_no_store(client, inspector):
    client.force_login(inspector)
    response = client.get("/")
    assert response["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_officer_scope_follows_named_schools(client, db):
    named, other = make_school(), make_school()
    user = officer_user(named)
    client.force_login(user)
    assert client.get(reverse("estate:school_detail", args=[named.pk])).status_code == 200
    assert client.get(reverse("estate:school_detail", args=[other.pk])).status_code == 404
    name_officer(other, user.officer)
    assert client.get(reverse("estate:school_detail", args=[other.pk])).status_code == 200


def test_radio_fields_render_as_radios_and_errors_link_to_the_first_option(db):
    from django import forms
    from django.template import Context, Template

    class F(forms.Form):
        who = forms.ChoiceField(
            choices=[("a", "A young person"), ("b", "A parent")], widget=forms.RadioSelect
        )

    form = F({})
    assert not form.is_valid()
    html = Template(
        "{% load govuk %}{% govuk_error_summary form %}{% govuk_field form.who %}"
    ).render(Context({"form": form}))
    assert 'type="radio"' in html and "govuk-radios" in html
    assert 'href="#id_who_0"' in html and 'id="id_who_0"' in html
