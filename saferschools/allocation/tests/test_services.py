"""Services on a small force in the database: plan, adopt (real officers, stable), redeploy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail  # noqa: F401

from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry
from saferschools.allocation import engine as E
from saferschools.allocation import permissions, services
from saferschools.allocation.models import CrimeSeverity, Plan, SecondaryDuty
from saferschools.core.models import Notification
from saferschools.workforce.models import CoverAssignment, Officer, SchoolAssignment

START, END = dt.date(2026, 9, 7), dt.date(2026, 10, 23)


def make_and_adopt(force, **kw):
    plan = services.plan_create(
        constables=kw.pop("constables", 6), sergeants=2, acting_user=force.users["inspector"], **kw
    )
    services.plan_adopt(plan=plan, acting_user=force.users["inspector"])
    plan.refresh_from_db()
    return plan


@pytest.mark.django_db
def test_plan_is_saved_with_inputs_and_document(force):
    plan = services.plan_create(constables=6, sergeants=2, acting_user=force.users["inspector"])
    assert plan.status == Plan.Status.DRAFT
    assert plan.inputs["instance"]["constables"] == 6
    assert len(plan.inputs["instance"]["schools"]) == 14
    assert plan.inputs["settings"]["method"] == "webster"
    doc = plan.result
    assert sum(d["officers"] for d in doc["districts"]) == 6
    assert {s["urn"] for s in doc["schools"]} == {str(s.urn) for s in force.schools}
    assert doc["method"]["is_default"] and "house-monotone" in doc["method"]["default_why"]
    for d in doc["districts"]:
        assert set(d["factors"]) == {"crime", "schools", "fsm_pupils", "imd", "pupils"}
        assert d["explanation"].startswith(f"{d['name']} gets ")
    assert plan.solve_status == "OPTIMAL" and plan.gap == 0
    assert AuditEntry.objects.filter(record_type="allocation.Plan", action="create").exists()


@pytest.mark.django_db
def test_adopt_names_real_constables_and_sergeants_teams(force):
    plan = make_and_adopt(force)
    doc = plan.result
    collars = {o.collar_number for o in force.constables}
    assert doc["adopted"] and {o["id"] for o in doc["officers"]} <= collars
    assert {s["officer"] for s in doc["schools"]} <= collars
    # exactly one named officer per secondary school, matching the document
    named = dict(
        SchoolAssignment.objects.values_list("establishment__urn", "officer__collar_number")
    )
    assert {str(k): v for k, v in named.items()} == {s["urn"]: s["officer"] for s in doc["schools"]}
    assert SchoolAssignment.objects.filter(plan=plan).count() == 14
    # constables: district and division set; each has a sergeant of their own division
    for o in Officer.objects.filter(collar_number__in=[x["id"] for x in doc["officers"]]):
        assert o.district is not None and o.division_id == o.district.division_id
        assert o.sergeant is not None and o.sergeant.division_id == o.division_id
    released = Officer.objects.filter(collar_number__in=collars).exclude(
        collar_number__in=[x["id"] for x in doc["officers"]]
    )
    assert released.count() == 1 and released.get().district is None
    # primaries attached to the nearest secondary's officer
    duty = SecondaryDuty.objects.get(establishment=force.primaries[0])
    assert duty.via == force.schools[0]
    assert duty.officer == SchoolAssignment.objects.get(establishment=force.schools[0]).officer


@pytest.mark.django_db
def test_replan_with_no_changes_keeps_every_named_officer(force):
    first = make_and_adopt(force)
    before = dict(SchoolAssignment.objects.values_list("establishment_id", "officer_id"))
    since = dict(SchoolAssignment.objects.values_list("establishment_id", "since"))
    second = services.plan_create(constables=6, sergeants=2, acting_user=force.users["inspector"])
    assert second.result["stable_against"] == 14
    out = services.plan_adopt(
        plan=second, acting_user=force.users["inspector"], today=dt.date(2030, 1, 1)
    )
    assert out.schools_changed == 0
    assert dict(SchoolAssignment.objects.values_list("establishment_id", "officer_id")) == before
    assert dict(SchoolAssignment.objects.values_list("establishment_id", "since")) == since
    first.refresh_from_db()
    assert first.status == Plan.Status.SUPERSEDED
    assert Plan.objects.get(status=Plan.Status.ADOPTED) == second


@pytest.mark.django_db
def test_adopt_removes_assignments_of_schools_no_longer_in_the_plan(force):
    make_and_adopt(force)
    gone = force.schools[-1]
    gone.status = "Closed"
    gone.save()
    plan = make_and_adopt(force)
    assert not SchoolAssignment.objects.filter(establishment=gone).exists()
    assert SchoolAssignment.objects.count() == 13 == len(plan.result["schools"])


@pytest.mark.django_db
def test_adopt_refuses_when_the_workforce_is_too_small(force):
    Officer.objects.filter(collar_number__in=["P2001", "P2002", "P2003"]).update(is_active=False)
    plan = services.plan_create(constables=6, sergeants=2, acting_user=force.users["inspector"])
    with pytest.raises(E.TooManyOfficersError, match="only 4 active constables"):
        services.plan_adopt(plan=plan, acting_user=force.users["inspector"])
    assert not SchoolAssignment.objects.exists()


@pytest.mark.django_db
def test_redeployment_keeps_unaffected_schools_and_commit_writes_cover(
    force, django_capture_on_commit_callbacks
):
    plan = make_and_adopt(force)
    away = plan.result["officers"][0]
    scenario = services.scenario_create(
        plan=plan,
        start=START,
        end=END,
        officer_ids=[away["id"]],
        acting_user=force.users["inspector"],
    )
    doc = scenario.result
    assert doc["removed"] == [away["id"]]
    affected = {a["urn"] for a in doc["affected"]}
    assert affected == set(away["schools"])
    during = {u: o["id"] for o in doc["officers"] for u in o["schools"]}
    for s in plan.result["schools"]:
        if s["urn"] not in affected:
            assert during[s["urn"]] == s["officer"], "an unaffected school changed officer"
        else:
            assert during[s["urn"]] != away["id"]
    assert doc["schools_keeping_officer"] == 14 - len(affected)
    assert not CoverAssignment.objects.exists(), "nothing is written before commit"

    with django_capture_on_commit_callbacks(execute=True):
        n = services.scenario_commit(scenario=scenario, acting_user=force.users["inspector"])
    assert n == len(affected)
    rows = CoverAssignment.objects.filter(scenario=scenario)
    assert {str(r.establishment.urn) for r in rows} == affected
    for r in rows:
        assert r.start == START and r.end == END and r.reason == "redeployment"
        assert r.officer.collar_number == during[str(r.establishment.urn)]
    # named officers unchanged by a redeployment
    assert SchoolAssignment.objects.filter(officer__collar_number=away["id"]).count() == len(
        affected
    )
    scenario.refresh_from_db()
    assert scenario.committed_at is not None
    with pytest.raises(E.InvalidInputError, match="already been committed"):
        services.scenario_commit(scenario=scenario, acting_user=force.users["inspector"])
    # the headteacher and DSL of an affected school got their letter
    school0 = force.schools[0]
    if str(school0.urn) in affected:
        letters = Notification.objects.filter(recipient__school=school0)
        assert letters.count() == 2
        assert "From 7 September 2026 to 23 October 2026" in letters.first().body


@pytest.mark.django_db
def test_remove_count_scenario_and_coverage(force):
    plan = make_and_adopt(force)
    scenario = services.scenario_create(
        plan=plan, start=START, end=END, remove_count=2, acting_user=force.users["inspector"]
    )
    doc = scenario.result
    assert len(doc["removed"]) == 2
    assert sum(c["officers_before"] - c["officers_after"] for c in doc["coverage"]) == 2
    assert sum(c["officers_after"] for c in doc["coverage"]) == 4


@pytest.mark.django_db
def test_commit_refused_for_a_scenario_of_a_draft_plan(force):
    plan = services.plan_create(constables=6, sergeants=2, acting_user=force.users["inspector"])
    scenario = services.scenario_create(
        plan=plan, start=START, end=END, remove_count=1, acting_user=force.users["inspector"]
    )
    with pytest.raises(E.InvalidInputError, match="adopted plan"):
        services.scenario_commit(scenario=scenario, acting_user=force.users["inspector"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"constables": 0}, "needs at least one"),
        ({"constables": 15}, "only 14 secondary-phase schools"),
        ({"method": "dhondt"}, "Unknown apportionment method"),
        ({"tolerance": 0.0, "constables": 9}, "Widen the tolerance"),
        ({"weights": "crime=1,colour=2"}, "Unknown demand factor"),
        ({"weights": "crime=0,schools=0,deprivation=0,pupils=0"}, "above zero"),
        ({"max_schools": 0}, "at least 1"),
    ],
)
def test_bad_inputs_give_planner_messages(force, kwargs, message):
    args = {"constables": 6, "sergeants": 2, **kwargs}
    with pytest.raises(E.AllocationError, match=message):
        services.plan_create(acting_user=force.users["inspector"], **args)


@pytest.mark.django_db
def test_missing_factor_for_a_district_is_named(force):
    from saferschools.estate.models import LsoaDeprivation, RecordedCrime

    # recorded crime for one district only: the others lack the factor
    lsoa = LsoaDeprivation.objects.filter(district_code=force.districts[0].code).first()
    RecordedCrime.objects.create(
        lsoa_code=lsoa.lsoa_code, month=dt.date(2025, 1, 1), crime_type="Burglary", count=5
    )
    with pytest.raises(E.MissingFactorError, match="Northby"):
        services.plan_create(constables=6, sergeants=2, acting_user=force.users["inspector"])


@pytest.mark.django_db
def test_recorded_crime_with_severity_weights(force):
    from saferschools.estate.models import LsoaDeprivation, RecordedCrime

    for d in force.districts:
        lsoa = LsoaDeprivation.objects.filter(district_code=d.code).first()
        RecordedCrime.objects.create(
            lsoa_code=lsoa.lsoa_code, month=dt.date(2025, 1, 1), crime_type="Burglary", count=10
        )
        RecordedCrime.objects.create(
            lsoa_code=lsoa.lsoa_code,
            month=dt.date(2025, 1, 1),
            crime_type="Violence and sexual offences",
            count=10 if d == force.districts[0] else 0,
        )
    services.severity_set(
        weights={"Violence and sexual offences": 3.0}, acting_user=force.users["inspector"]
    )
    assert CrimeSeverity.objects.get().weight == 3.0
    plan = services.plan_create(constables=6, sergeants=2, acting_user=force.users["inspector"])
    crime = {d["name"]: d["factors"]["crime"] for d in plan.result["districts"]}
    assert crime["Northam"]["raw"] == 40.0  # 10 burglaries + 3 x 10 violence
    assert crime["Northby"]["raw"] == 10.0
    assert any("police.uk" in n for n in plan.result["notes"])


def test_parse_weights_documented_default():
    assert services.parse_weights("") == E.DemandWeights()
    w = services.parse_weights("crime=2, pupils=0.5")
    assert (w.crime, w.schools, w.deprivation, w.pupils) == (2, 1, 1, 0.5)
    with pytest.raises(E.InvalidInputError, match="NAME=NUMBER"):
        services.parse_weights("crime")


@pytest.mark.django_db
def test_roles_constant():
    assert Role.INSPECTOR in permissions.PLAN_WRITERS


@pytest.mark.django_db
def test_school_without_grid_reference_is_placed_and_still_named(force):
    odd = force.schools[1]
    odd.easting, odd.northing = 0, 0
    odd.save()
    plan = services.plan_create(constables=6, sergeants=2, acting_user=force.users["inspector"])
    assert str(odd.urn) in {s["urn"] for s in plan.result["schools"]}
    assert any(str(odd.urn) in n and "centre of Northam" in n for n in plan.result["notes"])
    placed = next(s for s in plan.inputs["instance"]["schools"] if s["urn"] == str(odd.urn))
    assert placed["easting"] > 400000


@pytest.mark.django_db
def test_only_the_inspector_or_the_system_writes_plans_whatever_the_view_checked(force):
    """The services enforce the writers' rule themselves: a sergeant or co-ordinator reaching a
    service (a job, an API, a future view) is refused and nothing is written."""
    from django.core.exceptions import PermissionDenied

    plan = services.plan_create(constables=6, sergeants=2, acting_user=None)
    for role in ("sergeant", "coordinator"):
        user = force.users[role]
        with pytest.raises(PermissionDenied):
            services.plan_create(constables=6, sergeants=2, acting_user=user)
        with pytest.raises(PermissionDenied):
            services.plan_adopt(plan=plan, acting_user=user)
        with pytest.raises(PermissionDenied):
            services.scenario_create(
                plan=plan, start=START, end=END, remove_count=1, acting_user=user
            )
        with pytest.raises(PermissionDenied):
            services.severity_set(weights={"Burglary": 2.0}, acting_user=user)
    assert Plan.objects.count() == 1
    assert not SchoolAssignment.objects.filter(plan=plan).exists()
    assert not CrimeSeverity.objects.filter(crime_type="Burglary", weight=2.0).exists()
