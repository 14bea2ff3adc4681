"""Forms of the plan pages (they parse; the services decide what is allowed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from saferschools.core.forms import GovukDateInput, PeriodForm
from saferschools.estate import rules as estate_rules

from . import engine as E
from . import planning

METHOD_LABELS = {
    "webster": "Webster / Sainte-Laguë (default)",
    "hamilton": "Largest remainder (Hamilton)",
    "huntington_hill": "Huntington–Hill (equal proportions)",
}


def plan_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    """A plan's settings from the plan form or the API, which ask for them by the same names
    (`officers`: the constables to place), as `services.plan_create` takes them."""
    same = ("name", "sergeants", "method", "tolerance", "max_schools", "stable")
    return {"constables": data["officers"], **{key: data[key] for key in same}}


def _counts_field(label: str, help_text: str) -> forms.CharField:
    """Optional planner's words: names (or codes) and numbers, "Thanet=7, Medway=13", which
    `planning.rules_from_options` reads and checks."""
    return forms.CharField(label=label, required=False, help_text=help_text)


class PlanForm(forms.Form):
    name = forms.CharField(label="Name of the plan", required=False, max_length=200)
    officers = forms.IntegerField(
        label="Constables (Schools Officers)", initial=70, help_text="Officers to place."
    )
    sergeants = forms.IntegerField(label="Sergeants", initial=6, min_value=0)
    method = forms.ChoiceField(
        label="How officers are shared between districts",
        choices=[(m, METHOD_LABELS[m]) for m in E.METHODS],
        initial=E.DEFAULT_METHOD,
        widget=forms.RadioSelect,
        help_text=E.DEFAULT_METHOD_REASON,
    )
    crime = forms.FloatField(label="Weight of crime", initial=1, min_value=0)
    schools = forms.FloatField(label="Weight of the number of schools", initial=1, min_value=0)
    deprivation = forms.FloatField(
        label="Weight of deprivation",
        initial=1,
        min_value=0,
        help_text="Half pupils on free school meals, half the deprivation of the schools' "
        "neighbourhoods.",
    )
    pupils = forms.FloatField(label="Weight of pupils", initial=1, min_value=0)
    tolerance = forms.FloatField(
        label="Workload tolerance",
        initial=0.25,
        help_text="0.25 means every officer's workload within 25% of their district's mean.",
    )
    max_schools = forms.IntegerField(label="Most schools per officer", initial=6)
    stable = forms.BooleanField(
        label="Keep today's named officers where possible",
        required=False,
        initial=True,
    )
    pinned = _counts_field(
        "Pinned districts (keep exactly this many)",
        "District name or code = constables, separated by commas, e.g. Thanet=7, Medway=13.",
    )
    minimum = _counts_field("District minimums", "e.g. Sevenoaks=3")
    maximum = _counts_field("District maximums", "e.g. Maidstone=6")
    min_sergeants = _counts_field(
        "Sergeants per division, at least",
        "e.g. West=2. Every division with constables gets at least the sergeants seven-day "
        "supervision needs (2 under the rostering rules) whatever is set here.",
    )
    max_span = forms.FloatField(
        label="Most constables per sergeant (span of control)",
        required=False,
        min_value=1,
        initial=15,
    )
    types = forms.MultipleChoiceField(
        label="Establishments that get a named officer",
        required=False,
        choices=[(g, estate_rules.GROUP_LABELS[g]) for g in estate_rules.CHOOSABLE_GROUPS],
        initial=sorted(estate_rules.NAMED_OFFICER_GROUPS),
        widget=forms.CheckboxSelectMultiple,
        help_text="The force's announcement: secondary and all-through schools, pupil referral "
        "units and alternative provision, state and independent special schools. Groups not "
        "ticked (colleges, universities, primaries) are secondary duties.",
    )

    def weights(self) -> dict[str, float]:
        return {k: self.cleaned_data[k] for k in ("crime", "schools", "deprivation", "pupils")}

    def rules(self) -> E.PlanningRules:
        """The planning rules the planner's words give (a district or a count that cannot be
        read raises AllocationError)."""
        d = self.cleaned_data
        words = {k: d[k] for k in ("pinned", "minimum", "maximum", "min_sergeants", "max_span")}
        return planning.rules_from_options(**words, groups=d["types"] or None)


class ScenarioForm(PeriodForm):
    """A redeployment asked in the inspector's words: how many officers from which district, or
    the officers by name (collar numbers work too)."""

    name = forms.CharField(label="Name of the scenario", required=False, max_length=200)
    start = forms.DateField(label="First day", widget=GovukDateInput())
    end = forms.DateField(label="Last day", widget=GovukDateInput())
    district = forms.ChoiceField(
        label="District they are taken from",
        required=False,
        help_text="Leave as “Any district” to let the plan choose where the loss costs least.",
    )
    remove_count = forms.IntegerField(
        label="Number of officers taken away",
        required=False,
        initial=0,
        min_value=0,
        help_text="From the district above, the officers with the fewest schools go first.",
    )
    officer_ids = forms.CharField(
        label="Or name the officers",
        required=False,
        max_length=500,
        help_text="Names or collar numbers, separated by commas, for example “Khan, Patel”.",
    )
    reason = forms.CharField(label="Reason", required=False, max_length=200)

    def __init__(self, *args: Any, plan_result: dict[str, Any] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.plan_result = plan_result or {}
        districts = sorted((d["code"], d["name"]) for d in self.plan_result.get("districts", []))
        self.fields["district"].choices = [("", "Any district")] + sorted(
            districts, key=lambda d: d[1]
        )

    def clean(self) -> dict[str, Any]:
        from .wording import lightest_in_district, resolve_officers

        data = super().clean() or {}
        text = data.get("officer_ids") or ""
        named: list[str] = []
        if text.strip():
            if self.plan_result:
                named, problems = resolve_officers(text, self.plan_result)
                for p in problems:
                    self.add_error("officer_ids", p)
            else:
                named = [x for x in text.replace(",", " ").split() if x]
        count = data.get("remove_count") or 0
        district = data.get("district") or ""
        if district and count:
            chosen = lightest_in_district(self.plan_result, district, count)
            if len(chosen) < count:
                self.add_error(
                    "remove_count",
                    f"The district has only {len(chosen)} officer{'s' if len(chosen) != 1 else ''}"
                    " in this plan.",
                )
            named = list(dict.fromkeys([*named, *chosen]))
            count = 0
        data["officer_list"] = named
        data["remove_count"] = count
        if not count and not named and not self.errors:
            self.add_error("remove_count", "Say how many officers are taken away, or name them.")
        return data


class SeverityForm(forms.Form):
    crime_type = forms.CharField(label="Crime type (as police.uk names it)", max_length=80)
    weight = forms.FloatField(label="Harm weight", min_value=0, initial=1)


class CalibrationForm(forms.Form):
    current = forms.CharField(
        label="Today's allocation",
        widget=forms.Textarea(attrs={"rows": 10, "class": "govuk-textarea"}),
        help_text="CSV with the header district_code,constables and one row per district "
        "(code or name). Rows division,sergeants may follow. Some districts are enough.",
    )
    constables = forms.IntegerField(
        label="Constables in the force (needed when only some districts are given)",
        required=False,
        min_value=1,
    )


class EnglandForm(forms.Form):
    """All of England: a national total shared by demand, or each force's numbers."""

    constables = forms.IntegerField(
        label="Constables for all of England",
        help_text="Shared between the forces by demand (crime, schools, deprivation, pupils); "
        "each force's sergeants are what its divisions need. Leave empty to give each force's "
        "numbers below instead.",
        required=False,
        min_value=1,
        max_value=100_000,
    )
    officers = forms.CharField(
        label="Each force's officers (optional)",
        help_text="CSV with the header force,constables,sergeants (sergeants may be empty), one "
        "row per force, named as the national areas file names them (e.g. Essex Police).",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "govuk-textarea"}),
    )
    time_limit = forms.IntegerField(
        label="Time limit in seconds",
        help_text="For all forces together. A force that runs out of time keeps its best plan "
        "so far, never worse than the greedy baseline.",
        initial=110,
        min_value=5,
        max_value=3600,
    )

    def clean(self) -> dict[str, Any]:
        from .engine.england import parse_officer_numbers

        data = super().clean() or {}
        text = (data.get("officers") or "").strip()
        if bool(text) == bool(data.get("constables")):
            self.add_error("constables", "Give either a total for England or each force's numbers.")
            return data
        data["numbers"] = {}
        if text:
            try:
                data["numbers"] = parse_officer_numbers(text, "Each force's officers")
            except E.InvalidInputError as exc:
                self.add_error("officers", str(exc))
        return data
