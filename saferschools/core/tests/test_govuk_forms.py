"""The GOV.UK error summary names each field; dates are asked as day, month and year."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.template import Context, Template

from saferschools.core.forms import GovukDateInput, PeriodForm, form_submit, govuk_dates


class Booking(forms.Form):
    name = forms.CharField(label="Name of the session")
    school = forms.ChoiceField(label="School", choices=[("", "Choose"), ("1", "One")])
    date_of_birth = forms.DateField(label="Date of birth")
    starts_at = forms.DateTimeField(label="Start", required=False)

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        govuk_dates(self)


def render(form: forms.Form) -> str:
    return Template(
        "{% load govuk %}{% govuk_error_summary form %}"
        "{% for f in form %}{% govuk_field f %}{% endfor %}"
    ).render(Context({"form": form}))


def test_empty_form_names_each_field_in_the_summary_and_beside_it():
    html = render(Booking(data={}))
    assert "This field is required" not in html
    for text, anchor in [
        ("Enter name of the session", "#id_name"),
        ("Select school", "#id_school"),
        ("Enter date of birth", "#id_date_of_birth_day"),
    ]:
        assert f'<a href="{anchor}">{text}</a>' in html
        assert f"</span> {text}</p>" in html  # the same words beside the field


def test_date_of_birth_is_three_boxes_not_a_date_picker():
    html = render(Booking(initial={"date_of_birth": dt.date(2011, 3, 14)}))
    assert 'type="date"' not in html
    for part, value in (("day", "14"), ("month", "3"), ("year", "2011")):
        assert (
            f'name="date_of_birth_{part}" type="text" value="{value}" inputmode="numeric"' in html
        )
    assert 'class="govuk-date-input"' in html and "<legend" in html


def test_date_parts_are_read_and_checked():
    ok = Booking(
        data={
            "name": "x",
            "school": "1",
            "date_of_birth_day": "14",
            "date_of_birth_month": "3",
            "date_of_birth_year": "2011",
            "starts_at_day": "2",
            "starts_at_month": "12",
            "starts_at_year": "2026",
            "starts_at_time": "14:30",
        }
    )
    assert ok.is_valid(), ok.errors
    assert ok.cleaned_data["date_of_birth"] == dt.date(2011, 3, 14)
    assert ok.cleaned_data["starts_at"].hour == 14
    missing = Booking(
        data={"date_of_birth_day": "14", "date_of_birth_month": "", "date_of_birth_year": "2011"}
    )
    assert "Date of birth must include a month" in render(missing)
    unreal = Booking(
        data={"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2011"}
    )
    html = render(unreal)
    assert "Date of birth must be a real date" in html
    assert 'value="31"' in html  # what was typed is kept


def test_a_whole_iso_date_is_still_accepted():
    w = GovukDateInput()
    assert w.value_from_datadict({"d": "2026-09-07"}, {}, "d") == "2026-09-07"


def test_table_head_draws_one_column_heading_each_and_right_aligns_numbers():
    html = Template('{% load govuk %}{% govuk_table_head "School" "Pupils|numeric" %}').render(
        Context({})
    )
    assert html.strip() == (
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header">School</th>'
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Pupils</th>'
        "</tr></thead>"
    )


def test_a_multiple_choice_field_is_a_group_of_checkboxes_one_per_choice():
    class Worries(forms.Form):
        worries = forms.MultipleChoiceField(
            choices=[("online", "Online"), ("bus", "The bus")],
            widget=forms.CheckboxSelectMultiple,
            label="What worries you?",
        )

    form = Worries(data={})
    html = render(form)
    assert 'id="id_worries_0" name="worries" type="checkbox" value="online"' in html
    assert 'id="id_worries_1" name="worries" type="checkbox" value="bus"' in html
    assert 'value="on"' not in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What worries' in html
    assert 'href="#id_worries_0"' in html  # the error summary links to the first box


def test_a_period_that_ends_before_it_starts_is_refused_beside_its_last_day():
    class Leave(PeriodForm):
        start = forms.DateField()
        end = forms.DateField()

    form = Leave(data={"start": "2026-06-10", "end": "2026-06-09"})
    assert not form.is_valid()
    assert form.errors == {"end": ["The last day must be on or after the first day."]}
    assert Leave(data={"start": "2026-06-10", "end": "2026-06-10"}).is_valid()


def test_form_submit_calls_the_service_and_puts_its_refusal_beside_the_field():
    from django.core.exceptions import ValidationError

    class Title(forms.Form):
        title = forms.CharField()

    def service(*, acting_user: str, title: str) -> str:
        if title == "taken":
            raise ValidationError({"title": "That title is taken."})
        return f"{acting_user}: {title}"

    form = Title(data={"title": "New"})
    assert form.is_valid() and form_submit(form, service, acting_user="me") == "me: New"
    form = Title(data={"title": "taken"})
    assert form.is_valid() and form_submit(form, service, acting_user="me") is None
    assert form.errors == {"title": ["That title is taken."]}
