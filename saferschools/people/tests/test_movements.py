"""Starters, movers and leavers: a leaver's schools get a confirmed new named officer (the
engine's proposal), the history shows both, the schools are told, open casework is handed
over with an audit entry, and the leaver can no longer sign in or use a token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.accounts.models import ApiToken, AuditEntry
from saferschools.accounts.services import api_token_issue
from saferschools.allocation import services as allocation
from saferschools.allocation.tests.conftest import build_small_force
from saferschools.core.models import Notification
from saferschools.people import movements as mv
from saferschools.people.choices import MovementStatus
from saferschools.people.services import PeopleError
from saferschools.testing.builders import PASSWORD, make_district, make_user
from saferschools.workforce.models import NamedOfficerPeriod, Officer, SchoolAssignment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def force(settings):
    settings.OTP_REQUIRED_FOR_POLICE = False
    f = build_small_force()
    plan = allocation.plan_create(constables=6, sergeants=2, acting_user=f.users[Role.INSPECTOR])
    allocation.plan_adopt(
        plan=plan, acting_user=f.users[Role.INSPECTOR], today=dt.date.today() - dt.timedelta(60)
    )
    return f


def _leaver(force):
    """The schools officer of the force's user (named for some schools, has a sergeant)."""
    officer = Officer.objects.get(pk=force.users[Role.SCHOOLS_OFFICER].officer.pk)
    assert officer.named_schools.exists() and officer.sergeant is not None
    return officer


def test_leaver_schools_get_the_engines_officer_history_letters_handover_and_no_sign_in(
    force, client
):
    leaver = _leaver(force)
    user = leaver.user
    sergeant_user = (
        make_user(Role.SERGEANT, officer=leaver.sergeant)
        if not leaver.sergeant.user_id
        else leaver.sergeant.user
    )
    schools = sorted(
        (a.establishment for a in leaver.named_schools.select_related("establishment")),
        key=lambda s: s.urn,
    )
    head = force.users[Role.HEADTEACHER]
    head.school, head.email = schools[0], "head@school.example.org"
    head.save(update_fields=["school", "email"])
    school_ids = {s.pk for s in schools}
    # Open casework at one of the schools, to be handed over.
    from types import SimpleNamespace

    from saferschools.casework.tests.helpers import make_child

    child = make_child(
        SimpleNamespace(school=schools[0], officer=force.users[Role.INSPECTOR]), "Ria", "Moss"
    )
    from saferschools.casework.models import Concern

    Concern.objects.create(
        young_person=child,
        category="cce",
        raised_by="school",
        raised_at=dt.datetime.now(dt.UTC),
        risk_level=2,
        details="Worry",
    )
    # The leaver is signed in on the web and holds an API token.
    signed_in = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert signed_in.status_code == 302 and "/accounts/login/" not in signed_in["Location"]
    token, key = api_token_issue(acting_user=user)
    assert client.get("/schools/").status_code == 200
    works = client.get("/api/schools/", HTTP_AUTHORIZATION=f"Token {key}")
    assert works.status_code == 200
    today = dt.date.today()

    movement = mv.movement_propose(
        officer=leaver, kind="leaver", effective=today, acting_user=force.users[Role.SYSADMIN]
    )
    assert "stable re-plan" in movement.proposal_source
    assert {r["establishment"] for r in movement.proposal} == school_ids
    proposed = {r["establishment"]: r["proposed_officer"] for r in movement.proposal}
    # The engine keeps every other school's officer and proposes officers who stay, in the
    # leaver's district.
    for pk in proposed.values():
        other = Officer.objects.get(pk=pk)
        assert other.pk != leaver.pk and other.is_active and other.district == leaver.district
    # The sergeant is asked to confirm; nothing has changed yet.
    assert Notification.objects.filter(
        recipient=sergeant_user, link__contains=f"/moves/{movement.pk}/"
    ).exists()
    assert (
        set(SchoolAssignment.objects.filter(officer=leaver).values_list("establishment", flat=True))
        == school_ids
    )
    unchanged_before = dict(
        SchoolAssignment.objects.exclude(establishment__in=school_ids).values_list(
            "establishment", "officer"
        )
    )

    # Someone who is not the leaver's sergeant cannot confirm.
    with pytest.raises(PermissionDenied):
        mv.movement_confirm(movement=movement, acting_user=force.users[Role.SCHOOLS_OFFICER])

    mail.outbox.clear()
    mv.movement_confirm(movement=movement, acting_user=sergeant_user)
    movement.refresh_from_db()
    assert movement.status == MovementStatus.CONFIRMED and movement.confirmed_by == sergeant_user

    for school in schools:
        a = SchoolAssignment.objects.get(establishment=school)
        assert a.officer_id == proposed[school.pk]  # the confirmed new named officer
        periods = list(NamedOfficerPeriod.objects.filter(establishment=school).order_by("start"))
        assert [p.officer_id for p in periods[-2:]] == [leaver.pk, a.officer_id]  # both shown
        assert periods[-2].end == today - dt.timedelta(days=1) and periods[-1].start == today
        assert periods[-1].end is None
    # Every other school keeps its officer.
    assert (
        dict(
            SchoolAssignment.objects.exclude(establishment__in=school_ids).values_list(
                "establishment", "officer"
            )
        )
        == unchanged_before
    )

    # The schools are told: the headteacher and DSL of schools[0] have a letter (inbox and
    # e-mail) naming the new officer.
    new_officer = Officer.objects.get(pk=proposed[schools[0].pk])
    letters = Notification.objects.filter(recipient=head, topic="people")
    assert letters.count() == 1 and new_officer.public_name in letters.get().body
    assert [m for m in mail.outbox if head.email in m.to and new_officer.public_name in m.body]
    # Open casework handed over, with an audit entry per school.
    handover = AuditEntry.objects.get(action="handover", record_id=str(schools[0].pk))
    assert handover.details["open"]["concerns"] == 1
    assert handover.details["from"] == leaver.collar_number
    assert handover.details["to"] == new_officer.collar_number
    assert AuditEntry.objects.filter(action="handover").count() == len(schools)
    if new_officer.user_id:
        assert Notification.objects.filter(
            recipient=new_officer.user, subject__contains=schools[0].name
        ).exists()

    # The leaver can no longer sign in or use a token; the session they had has ended.
    leaver.refresh_from_db()
    user.refresh_from_db()
    assert leaver.is_active is False and user.is_active is False
    response = client.get("/schools/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    refused = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert "Enter a correct username and password" in refused.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    client.logout()
    api = client.get("/api/schools/", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code in (401, 403)


def test_mover_keeps_account_changes_district_and_sergeant_may_choose_another_officer(force):
    leaver = _leaver(force)
    sergeant_user = leaver.sergeant.user or make_user(Role.SERGEANT, officer=leaver.sergeant)
    new_district = next(d for d in force.districts if d != leaver.district)
    movement = mv.movement_propose(
        officer=leaver,
        kind="mover",
        effective=dt.date.today(),
        to_district=new_district,
        acting_user=force.users[Role.INSPECTOR],
    )
    first = movement.proposal[0]
    someone_else = (
        Officer.objects.filter(is_active=True, rank="PC")
        .exclude(pk__in=[leaver.pk, first["proposed_officer"]])
        .first()
    )
    mv.movement_confirm(
        movement=movement,
        acting_user=sergeant_user,
        choices={first["establishment"]: someone_else.pk},
    )
    assert (
        SchoolAssignment.objects.get(establishment_id=first["establishment"]).officer
        == someone_else
    )
    leaver.refresh_from_db()
    assert leaver.district == new_district and leaver.is_active
    assert leaver.user.is_active
    assert not SchoolAssignment.objects.filter(officer=leaver).exists()


def test_a_move_is_not_confirmed_before_its_day_and_not_twice(force):
    leaver = _leaver(force)
    inspector = force.users[Role.INSPECTOR]
    later = mv.movement_propose(
        officer=leaver,
        kind="leaver",
        effective=dt.date.today() + dt.timedelta(days=10),
        acting_user=inspector,
    )
    with pytest.raises(PeopleError, match="confirm it on or after"):
        mv.movement_confirm(movement=later, acting_user=inspector)
    with pytest.raises(PeopleError, match="already has a move"):
        mv.movement_propose(
            officer=leaver, kind="leaver", effective=dt.date.today(), acting_user=inspector
        )
    mv.movement_cancel(movement=later, acting_user=inspector)
    now = mv.movement_propose(
        officer=leaver, kind="leaver", effective=dt.date.today(), acting_user=inspector
    )
    mv.movement_confirm(movement=now, acting_user=inspector)
    with pytest.raises(PeopleError, match="not waiting"):
        mv.movement_confirm(movement=now, acting_user=inspector)


def test_without_an_adopted_plan_the_page_says_so_and_offers_the_district_constable(db):
    from saferschools.testing.builders import make_officer, make_school, name_officer
    from saferschools.workforce.choices import Rank

    district = make_district("Solo")
    sergeant = make_officer(Rank.SERGEANT)
    leaver = make_officer(district=district, sergeant=sergeant)
    stays = make_officer(district=district)
    school = make_school(district)
    name_officer(school, leaver)
    movement = mv.movement_propose(
        officer=leaver,
        kind="leaver",
        effective=dt.date.today(),
        acting_user=make_user(Role.INSPECTOR),
    )
    assert "could not re-plan" in movement.proposal_source
    assert movement.proposal[0]["proposed_officer"] == stays.pk


def test_the_sergeant_confirms_on_the_page(force, client):
    leaver = _leaver(force)
    sergeant_user = leaver.sergeant.user or make_user(Role.SERGEANT, officer=leaver.sergeant)
    movement = mv.movement_propose(
        officer=leaver,
        kind="leaver",
        effective=dt.date.today(),
        acting_user=force.users[Role.INSPECTOR],
    )
    client.force_login(sergeant_user)
    page = client.get(reverse("people:movement_detail", args=[movement.pk]))
    assert page.status_code == 200
    assert "stable re-plan" in page.content.decode() and "Confirm" in page.content.decode()
    response = client.post(
        reverse("people:movement_detail", args=[movement.pk]), {"action": "confirm"}
    )
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.status == MovementStatus.CONFIRMED


def test_a_sergeant_records_a_leaver_from_their_team_list(force, client):
    leaver = _leaver(force)
    sergeant_user = leaver.sergeant.user or make_user(Role.SERGEANT, officer=leaver.sergeant)
    client.force_login(sergeant_user)
    page = client.get(reverse("people:movement_list")).content.decode()
    start = reverse("people:movement_create", args=[leaver.pk])
    assert start in page
    response = client.post(
        start, {"kind": "leaver", "effective": dt.date.today().isoformat(), "note": ""}
    )
    assert response.status_code == 302
    movement = leaver.movements.get()
    assert movement.status == MovementStatus.PROPOSED and movement.proposal
