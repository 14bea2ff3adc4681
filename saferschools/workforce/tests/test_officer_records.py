"""The officer record services the people section calls: each change is written with its audit
entry (and only a change is), and the record keepers' rules are kept whoever calls."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry
from saferschools.testing.builders import make_district, make_officer, make_user
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer
from saferschools.workforce.services import (
    OfficerRecordRefused,
    officer_reactivate,
    officer_team_set,
    officer_upsert,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector():
    return make_user(Role.INSPECTOR)


def _entries(officer: Officer) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            record_type="workforce.Officer", record_id=str(officer.pk)
        ).order_by("seq")
    )


def test_a_new_record_is_made_with_its_district_division_and_team_and_audited(inspector):
    district = make_district("Thanet", division="East")
    sergeant = make_officer(Rank.SERGEANT)
    officer = officer_upsert(
        acting_user=inspector,
        collar_number=" 4521 ",
        first_name="Ali",
        last_name="Jones",
        district=district,
        sergeant=sergeant,
        reason="for a new account",
    )
    officer.refresh_from_db()
    assert (officer.collar_number, officer.rank) == ("4521", Rank.CONSTABLE)
    assert (officer.district, officer.division, officer.sergeant) == (
        district,
        district.division,
        sergeant,
    )
    (entry,) = _entries(officer)
    assert (entry.action, entry.username, entry.user_id) == (
        "create",
        inspector.username,
        inspector.pk,
    )
    assert entry.details["record"]["sergeant"] == sergeant.collar_number
    assert entry.details["record"]["district"] == district.code
    assert entry.details["reason"] == "for a new account"


def test_a_change_is_audited_field_by_field_and_no_change_writes_nothing(inspector):
    thanet, dover = make_district("Thanet"), make_district("Dover")
    officer = make_officer(
        district=thanet, division=thanet.division, first_name="Ali", last_name="Jones"
    )
    officer_upsert(
        acting_user=inspector,
        collar_number=officer.collar_number,
        first_name="Alison",
        last_name="Jones",
        rank=Rank.SERGEANT,
        district=dover,
    )
    officer.refresh_from_db()
    # Names stay as held unless the caller's list is the source (`rename`).
    assert (officer.first_name, officer.rank, officer.district) == ("Ali", Rank.SERGEANT, dover)
    (entry,) = _entries(officer)
    assert entry.action == "change"
    assert entry.details["changed"] == {
        "rank": [Rank.CONSTABLE, Rank.SERGEANT],
        "district": [thanet.code, dover.code],
    }
    officer_upsert(acting_user=inspector, collar_number=officer.collar_number, district=dover)
    assert len(_entries(officer)) == 1
    officer_upsert(
        acting_user=inspector,
        collar_number=officer.collar_number,
        first_name="Alison",
        last_name="Jones",
        rename=True,
    )
    officer.refresh_from_db()
    assert officer.first_name == "Alison"
    assert _entries(officer)[-1].details["changed"] == {"first_name": ["Ali", "Alison"]}


def test_a_record_linked_to_another_account_is_refused_and_nothing_is_written(inspector):
    holder = make_user(Role.SCHOOLS_OFFICER)
    officer = make_officer(rank=Rank.CONSTABLE)
    officer.user = holder
    officer.save(update_fields=["user"])
    before = AuditEntry.objects.count()
    with pytest.raises(OfficerRecordRefused, match="already linked"):
        officer_upsert(
            acting_user=inspector, collar_number=officer.collar_number, rank=Rank.SERGEANT
        )
    with pytest.raises(OfficerRecordRefused, match="already linked"):
        officer_upsert(
            acting_user=inspector,
            collar_number=officer.collar_number,
            rank=Rank.SERGEANT,
            for_user=make_user(Role.SCHOOLS_OFFICER),
        )
    officer.refresh_from_db()
    assert officer.rank == Rank.CONSTABLE and AuditEntry.objects.count() == before
    officer_upsert(
        acting_user=inspector,
        collar_number=officer.collar_number,
        rank=Rank.SERGEANT,
        for_user=holder,
    )
    officer.refresh_from_db()
    assert officer.rank == Rank.SERGEANT


def test_the_service_writes_no_second_entry_through_the_account_safety_net(inspector):
    """The officer link's safety net audits a link changed outside the services as the
    'system'; these services never change the link, so their one entry is the only one."""
    before = AuditEntry.objects.count()
    officer_upsert(acting_user=inspector, collar_number="7001", first_name="A", last_name="B")
    assert AuditEntry.objects.count() == before + 1
    assert not AuditEntry.objects.filter(details__outside_services=True).exists()


@pytest.mark.parametrize("role", [Role.SERGEANT, Role.SCHOOLS_OFFICER, Role.COORDINATOR])
def test_only_the_administrator_and_the_inspector_keep_officer_records(role):
    officer, sergeant = make_officer(), make_officer(Rank.SERGEANT)
    someone = make_user(role)
    with pytest.raises(PermissionDenied):
        officer_upsert(acting_user=someone, collar_number="9001")
    with pytest.raises(PermissionDenied):
        officer_team_set(acting_user=someone, officer=officer, sergeant=sergeant)
    with pytest.raises(PermissionDenied):
        officer_reactivate(acting_user=someone, officer=officer)
    with pytest.raises(PermissionDenied):  # no system actor: a change names its person
        officer_upsert(acting_user=None, collar_number="9001")
    assert not Officer.objects.filter(collar_number="9001").exists()
    officer.refresh_from_db()
    assert officer.sergeant is None
    officer_upsert(acting_user=make_user(Role.SYSADMIN), collar_number="9001")
    assert Officer.objects.filter(collar_number="9001").exists()


def test_a_team_is_led_by_a_sergeant_and_no_officer_is_their_own_sergeant(inspector):
    officer, constable = make_officer(), make_officer()
    sergeant = make_officer(Rank.SERGEANT)
    with pytest.raises(OfficerRecordRefused, match="not a sergeant"):
        officer_team_set(acting_user=inspector, officer=officer, sergeant=constable)
    with pytest.raises(OfficerRecordRefused, match="own sergeant"):
        officer_team_set(acting_user=inspector, officer=sergeant, sergeant=sergeant)
    with pytest.raises(OfficerRecordRefused, match="own sergeant"):
        officer_upsert(
            acting_user=inspector, collar_number=sergeant.collar_number, sergeant=sergeant
        )
    with pytest.raises(OfficerRecordRefused, match="not a sergeant"):
        officer_upsert(acting_user=inspector, collar_number="4600", sergeant=constable)
    assert not Officer.objects.filter(collar_number="4600").exists()
    assert _entries(officer) == [] and _entries(sergeant) == []

    assert officer_team_set(acting_user=inspector, officer=officer, sergeant=sergeant) is True
    assert officer_team_set(acting_user=inspector, officer=officer, sergeant=sergeant) is False
    assert officer_team_set(acting_user=inspector, officer=officer, sergeant=None) is True
    officer.refresh_from_db()
    assert officer.sergeant is None
    assert [e.details["changed"]["sergeant"] for e in _entries(officer)] == [
        [None, sergeant.collar_number],
        [sergeant.collar_number, None],
    ]


def test_a_returner_is_active_again_once_audited(inspector):
    officer = make_officer(is_active=False)
    assert officer_reactivate(acting_user=inspector, officer=officer, reason="returns") is True
    assert officer_reactivate(acting_user=inspector, officer=officer) is False
    officer.refresh_from_db()
    assert officer.is_active
    (entry,) = _entries(officer)
    assert entry.details["changed"] == {"is_active": [False, True]}
    assert entry.details["reason"] == "returns"


def test_a_refused_change_inside_a_callers_transaction_leaves_no_entry(inspector):
    """One transaction for the record and its entry: an entry never outlives its change."""
    from django.db import transaction

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        officer_upsert(acting_user=inspector, collar_number="8100", first_name="A", last_name="B")
        raise Boom
    assert not Officer.objects.filter(collar_number="8100").exists()
    assert not AuditEntry.objects.filter(details__collar_number="8100").exists()
