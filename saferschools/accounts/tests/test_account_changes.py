"""Account changes: no self-promotion, a second person for every grant that sees children, and
an audit entry for every change of role, scope, officer link, two-factor device, lock or
activation (issue 12, item 1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from saferschools.accounts import services
from saferschools.accounts.choices import Action, Role, RoleChangeStatus
from saferschools.accounts.models import AuditEntry, RoleChange, User
from saferschools.testing.builders import make_officer, make_school, make_user


def _entries(action: str, user: User) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action=action, record_type="accounts.User", record_id=str(user.pk)
        )
    )


# ------------------------------------------------------------------ the Django admin


def test_admin_cannot_promote_itself_on_its_admin_page(client, db):
    sysadmin = make_user(Role.SYSADMIN)
    client.force_login(sysadmin)
    url = reverse("admin:accounts_user_change", args=[sysadmin.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="role"' not in html
    assert 'name="user_permissions"' not in html and 'name="groups"' not in html
    client.post(
        url,
        {
            "username": sysadmin.username,
            "first_name": "Sam",
            "last_name": "Admin",
            "email": "sam@example.police.uk",
            "role": Role.INSPECTOR,
            "is_superuser": "on",
            "is_active": "on",
        },
    )
    sysadmin.refresh_from_db()
    assert sysadmin.role == Role.SYSADMIN
    assert sysadmin.is_superuser is False
    assert sysadmin.first_name == "Sam"  # names and email are what the admin may correct


def test_admin_offers_no_password_setting_device_secrets_tokens_or_groups(client, db):
    sysadmin = make_user(Role.SYSADMIN)
    other = make_user(Role.INSPECTOR)
    client.force_login(sysadmin)
    try:
        url = reverse("admin:accounts_user_password_change", args=[other.pk])
    except NoReverseMatch:
        pass
    else:
        assert client.get(url).status_code in (403, 404)
    for name in (
        "admin:otp_totp_totpdevice_changelist",
        "admin:otp_static_staticdevice_changelist",
        "admin:authtoken_tokenproxy_changelist",
        "admin:auth_group_changelist",
        "admin:accounts_auditentry_changelist",
        "admin:accounts_user_add",
    ):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        assert client.get(url).status_code in (403, 404), name


def test_admin_registers_no_childs_record():
    labels = {model._meta.app_label for model in admin.site._registry}
    assert not labels & {"casework", "engagement", "frontdoor"}


# ------------------------------------------------------------------ the two-person grant


def test_nobody_changes_their_own_role_or_scope(db):
    sysadmin = make_user(Role.SYSADMIN)
    inspector = make_user(Role.INSPECTOR)
    with pytest.raises(PermissionDenied):
        services.role_change_propose(acting_user=sysadmin, user=sysadmin, role=Role.INSPECTOR)
    with pytest.raises(PermissionDenied):
        services.user_deactivate(acting_user=inspector, user=inspector)
    assert not RoleChange.objects.exists()


def _propose(by: User, user: User, role: str, **change: Any) -> RoleChange:
    """``by`` proposes ``role`` for ``user``; ``user`` is read again, to show what was applied."""
    proposed = services.role_change_propose(acting_user=by, user=user, role=role, **change)
    user.refresh_from_db()
    return proposed


def test_granting_a_role_that_sees_children_needs_an_inspector_after_an_administrator(db):
    sysadmin, second_admin = make_user(Role.SYSADMIN), make_user(Role.SYSADMIN)
    inspector = make_user(Role.INSPECTOR)
    subject = make_user(Role.COORDINATOR)

    change = _propose(sysadmin, subject, Role.INSPECTOR, reason="new programme lead")
    assert change.status == RoleChangeStatus.PENDING
    assert subject.role == Role.COORDINATOR  # nothing granted yet
    assert _entries(Action.ROLE_PROPOSED, subject)

    with pytest.raises(PermissionDenied):  # not the one who proposed it
        services.role_change_approve(acting_user=sysadmin, change=change)
    with pytest.raises(PermissionDenied):  # nor another administrator
        services.role_change_approve(acting_user=second_admin, change=change)
    with pytest.raises(PermissionDenied):  # nor someone without an account role
        services.role_change_approve(acting_user=make_user(Role.SERGEANT), change=change)
    subject.refresh_from_db()
    assert subject.role == Role.COORDINATOR

    services.role_change_approve(acting_user=inspector, change=change)
    subject.refresh_from_db()
    change.refresh_from_db()
    assert subject.role == Role.INSPECTOR
    assert change.status == RoleChangeStatus.APPROVED and change.decided_by == inspector
    (entry,) = _entries(Action.ROLE_APPROVED, subject)
    assert entry.username == inspector.username
    assert entry.details["before"]["role"] == Role.COORDINATOR
    assert entry.details["after"]["role"] == Role.INSPECTOR
    assert entry.details["proposed_by"] == sysadmin.username


def test_what_an_inspector_proposes_an_administrator_approves(db):
    inspector, sysadmin = make_user(Role.INSPECTOR), make_user(Role.SYSADMIN)
    school = make_school()
    subject = make_user(Role.COORDINATOR)
    change = services.role_change_propose(
        acting_user=inspector, user=subject, role=Role.DSL, school=school
    )
    with pytest.raises(PermissionDenied):
        services.role_change_approve(acting_user=make_user(Role.INSPECTOR), change=change)
    services.role_change_approve(acting_user=sysadmin, change=change)
    subject.refresh_from_db()
    assert (subject.role, subject.school) == (Role.DSL, school)


def test_a_refused_grant_changes_nothing_and_is_audited(db):
    sysadmin, inspector = make_user(Role.SYSADMIN), make_user(Role.INSPECTOR)
    subject = make_user(Role.COORDINATOR)
    change = services.role_change_propose(acting_user=sysadmin, user=subject, role=Role.SERGEANT)
    with pytest.raises(ValidationError):  # one pending change per account
        services.role_change_propose(acting_user=sysadmin, user=subject, role=Role.INSPECTOR)
    services.role_change_refuse(acting_user=inspector, change=change, note="not a sergeant")
    subject.refresh_from_db()
    assert subject.role == Role.COORDINATOR
    assert RoleChange.objects.get().status == RoleChangeStatus.REFUSED
    assert _entries(Action.ROLE_REFUSED, subject)
    with pytest.raises(ValidationError):
        services.role_change_approve(acting_user=inspector, change=change)


def test_changing_the_school_or_officer_of_someone_who_sees_children_is_a_grant(db):
    sysadmin = make_user(Role.SYSADMIN)
    first, second = make_school(), make_school()
    dsl = make_user(Role.DSL, school=first)
    change = services.role_change_propose(
        acting_user=sysadmin, user=dsl, role=Role.DSL, school=second
    )
    assert change.status == RoleChangeStatus.PENDING
    dsl.refresh_from_db()
    assert dsl.school == first

    pc = make_user(Role.SCHOOLS_OFFICER, officer=make_officer())
    other_officer = make_officer()
    change = services.role_change_propose(
        acting_user=sysadmin, user=pc, role=Role.SCHOOLS_OFFICER, officer=other_officer
    )
    assert change.status == RoleChangeStatus.PENDING
    services.role_change_approve(acting_user=make_user(Role.INSPECTOR), change=change)
    pc.refresh_from_db()
    assert pc.officer == other_officer


def test_taking_access_away_is_applied_at_once_by_one_person(db):
    sysadmin = make_user(Role.SYSADMIN)
    sergeant = make_user(Role.SERGEANT)
    change = _propose(sysadmin, sergeant, Role.COORDINATOR, reason="moved to analysis")
    assert change.status == RoleChangeStatus.APPLIED
    assert sergeant.role == Role.COORDINATOR
    (entry,) = _entries(Action.ROLE_CHANGE, sergeant)
    assert entry.username == sysadmin.username and entry.details["after"]["role"] == "coordinator"


def test_a_new_account_that_sees_children_stays_off_until_a_second_person_approves(db):
    sysadmin, inspector = make_user(Role.SYSADMIN), make_user(Role.INSPECTOR)
    account = services.NewAccount("pc.new", Role.SCHOOLS_OFFICER, officer=make_officer())
    user, change = services.user_create(acting_user=sysadmin, account=account)
    user.refresh_from_db()
    assert user.is_active is False and change.status == RoleChangeStatus.PENDING
    assert _entries(Action.ACCOUNT_CREATE, user)
    services.role_change_approve(acting_user=inspector, change=change)
    user.refresh_from_db()
    assert user.is_active and user.role == Role.SCHOOLS_OFFICER


def test_enabling_a_disabled_account_that_sees_children_is_a_grant(db):
    sysadmin, inspector = make_user(Role.SYSADMIN), make_user(Role.INSPECTOR)
    sergeant = make_user(Role.SERGEANT)
    services.user_deactivate(acting_user=sysadmin, user=sergeant, reason="left the force")
    sergeant.refresh_from_db()
    assert sergeant.is_active is False
    pending = services.user_activate(acting_user=sysadmin, user=sergeant)
    sergeant.refresh_from_db()
    assert pending is not None and sergeant.is_active is False
    services.role_change_approve(acting_user=inspector, change=pending)
    sergeant.refresh_from_db()
    assert sergeant.is_active

    coordinator = make_user(Role.COORDINATOR, is_active=False)
    assert services.user_activate(acting_user=sysadmin, user=coordinator) is None
    coordinator.refresh_from_db()
    assert coordinator.is_active and _entries(Action.ACCOUNT_ENABLE, coordinator)


def test_the_database_refuses_a_self_approved_grant(db):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    sysadmin = make_user(Role.SYSADMIN)
    subject = make_user(Role.COORDINATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleChange.objects.create(
            user=subject,
            role=Role.INSPECTOR,
            from_role=Role.COORDINATOR,
            status=RoleChangeStatus.APPROVED,
            proposed_by=sysadmin,
            proposed_at=timezone.now(),
            decided_by=sysadmin,
        )


# ------------------------------------------------------------------ sessions, tokens, the net


def test_deactivation_ends_sessions_and_api_tokens_at_once(client, db):
    sysadmin = make_user(Role.SYSADMIN)
    pc = make_user(Role.SCHOOLS_OFFICER)
    client.force_login(pc)
    token, _key = services.api_token_issue(acting_user=pc)
    assert client.get(reverse("accounts:account")).status_code == 200
    services.user_deactivate(acting_user=sysadmin, user=pc)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(reverse("accounts:account")).status_code == 302
    (entry,) = _entries(Action.ACCOUNT_DISABLE, pc)
    assert entry.details["sessions"] == 1 and entry.details["tokens"] == 1


def test_user_access_end_is_audited(client, db):
    sysadmin = make_user(Role.SYSADMIN)
    pc = make_user(Role.SCHOOLS_OFFICER)
    client.force_login(pc)
    services.api_token_issue(acting_user=pc)
    assert services.user_access_end(acting_user=sysadmin, user=pc, reason="lost phone") == (1, 1)
    assert _entries(Action.SESSIONS_ENDED, pc)


def test_changes_made_outside_the_services_are_still_audited(db):
    user = make_user(Role.COORDINATOR)
    user.role = Role.INSPECTOR
    user.is_superuser = True
    user.save()
    (entry,) = _entries(Action.ROLE_CHANGE, user)
    assert entry.username == "system"
    assert entry.details["changed"]["role"] == ["coordinator", "inspector"]
    assert entry.details["changed"]["is_superuser"] == [False, True]

    officer = make_officer()
    officer.user = user
    officer.save()
    assert any(
        e.details.get("officer_link") == [None, user.pk] for e in _entries(Action.ROLE_CHANGE, user)
    )

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    device.delete()
    assert _entries(Action.OTP_DEVICE_REMOVED, user)

    user.is_active = False
    user.save()
    assert len(_entries(Action.ROLE_CHANGE, user)) == 3


def test_the_account_page_actions_go_through_the_services(client, db):
    sysadmin = make_user(Role.SYSADMIN)
    client.force_login(sysadmin)
    response = client.post(
        reverse("accounts:user_action", args=[sysadmin.pk]), {"action": "disable"}, follow=True
    )
    sysadmin.refresh_from_db()
    assert sysadmin.is_active
    assert "Nobody may change their own" in response.content.decode()

    sergeant = make_user(Role.SERGEANT, is_active=False)
    client.post(reverse("accounts:user_action", args=[sergeant.pk]), {"action": "enable"})
    sergeant.refresh_from_db()
    assert not sergeant.is_active
    assert RoleChange.objects.get(user=sergeant).status == RoleChangeStatus.PENDING
