"""Writes of the people section: create, invite, link, change, deactivate and reactivate.

Business rules:
- only the system administrator and the inspector manage people (`permissions.can_manage`),
  checked here whatever the view checked;
- every change is written with its audit entry in one transaction;
- an invitation is a one-time link that expires; accepting it sets the password, and the
  person then enrols two-factor before anything else;
- a police person is linked to one officer record (collar number, rank, district, team), a
  school person to one school (headteacher, safeguarding lead or deputy);
- deactivating a person ends their sessions and API tokens at once; the account is kept
  (accounts are never deleted: the audit log names them);
- only the system administrator resets someone's password (a temporary one, shown once, to
  be changed at the next sign-in) or two-factor sign-in (set up again at the next sign-in);
  either ends the person's sessions and API tokens; nobody resets their own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, Unpack

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts import services as accounts
from saferschools.accounts.audit import audit_write
from saferschools.accounts.choices import POLICE_ROLES, SCHOOL_ROLES, Role, RoleChangeStatus
from saferschools.accounts.models import RoleChange, User
from saferschools.core.fields import stamp_of
from saferschools.estate.models import Establishment
from saferschools.workforce import services as workforce
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer

from .choices import SchoolPosition
from .messaging import send_email
from .models import Invitation, SchoolStaffPost
from .permissions import can_manage, can_reset_sign_in

#: The rank an officer record gets for each police role when none is given.
RANK_FOR_ROLE = {
    Role.SCHOOLS_OFFICER: Rank.CONSTABLE,
    Role.SERGEANT: Rank.SERGEANT,
    Role.INSPECTOR: Rank.INSPECTOR,
    Role.COORDINATOR: Rank.STAFF,
}
ROLE_FOR_POSITION = {
    SchoolPosition.HEADTEACHER: Role.HEADTEACHER,
    SchoolPosition.DSL: Role.DSL,
    SchoolPosition.DEPUTY_DSL: Role.DSL,
}


class PeopleError(ValueError):
    """A change that cannot be made, with a message for the person making it."""


def _require_manager(acting_user: Any) -> None:
    if not can_manage(acting_user):
        raise PermissionDenied("Only the system administrator or the inspector manage people.")


def _unique_username(first: str, last: str) -> str:
    base = "".join(c for c in f"{first[:1]}{last}".lower() if c.isalnum()) or "person"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


# --------------------------------------------------------------------------- create


def _officer_for(
    *,
    acting_user: Any,
    person_name: tuple[str, str],
    collar_number: str,
    role: str,
    user: User | None = None,
    request: Any = None,
    **place: Unpack[workforce.OfficerPlace],
) -> Officer:
    """The officer record with this collar number (made if new), its rank, district and team
    brought up to date and active, through the workforce services (audited there). Linking it
    to an account is a grant, done by the account services."""
    try:
        return workforce.officer_upsert(
            acting_user=acting_user,
            collar_number=collar_number,
            first_name=person_name[0] or "",
            last_name=person_name[1] or "",
            default_rank=RANK_FOR_ROLE.get(Role(role), Rank.CONSTABLE),
            for_user=user,
            activate=True,
            reason=f"for {user.username}" if user is not None else "for a new account",
            request=request,
            **place,
        )
    except workforce.OfficerRecordRefused as exc:
        raise PeopleError(str(exc)) from exc


@dataclass
class Created:
    person: User
    change: RoleChange

    @property
    def waiting(self) -> bool:
        return self.change.status == RoleChangeStatus.PENDING


@transaction.atomic
def person_create(
    *,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    acting_user: Any,
    username: str = "",
    school: Establishment | None = None,
    position: str = "",
    collar_number: str = "",
    request: Any = None,
    **place: Unpack[workforce.OfficerPlace],
) -> Created:
    """A new account with no usable password (the person sets one through their invitation),
    linked to its officer record or school. The account is switched on when a second person
    approves a role that sees children (`accounts.services.user_create`)."""
    _require_manager(acting_user)
    if role not in Role.values:
        raise PeopleError(f"{role!r} is not a role.")
    if role in SCHOOL_ROLES and school is None:
        raise PeopleError("A headteacher or safeguarding lead needs their school.")
    email = (email or "").strip().lower()
    if email and User.objects.filter(email__iexact=email).exists():
        raise PeopleError(f"Someone already has the e-mail address {email}.")
    username = (username or "").strip() or _unique_username(first_name, last_name)
    officer = None
    if role in POLICE_ROLES and collar_number:
        officer = _officer_for(
            acting_user=acting_user,
            person_name=(first_name, last_name),
            collar_number=collar_number,
            role=role,
            request=request,
            **place,
        )
    try:
        account = accounts.NewAccount(
            username,
            role,
            first_name.strip(),
            last_name.strip(),
            email,
            school=school if role in SCHOOL_ROLES else None,
            officer=officer,
        )
        user, change = accounts.user_create(
            acting_user=acting_user, account=account, request=request
        )
    except ValidationError as exc:
        raise PeopleError(_text(exc)) from exc
    except accounts.AccountChangeRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    if role in SCHOOL_ROLES:
        SchoolStaffPost.objects.create(user=user, position=position or SchoolPosition(role))
    return Created(user, change)


def _text(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


# --------------------------------------------------------------------------- invitations


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def site_url(request: Any = None) -> str:
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return str(getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


@dataclass
class SentInvitation:
    invitation: Invitation
    link: str


@transaction.atomic
def person_invite(*, person: User, acting_user: Any, request: Any = None) -> SentInvitation:
    """E-mail the person a one-time link that expires; any earlier open link is withdrawn."""
    _require_manager(acting_user)
    if not person.email:
        raise PeopleError(f"{person.username} has no e-mail address to send an invitation to.")
    if not person.is_active and not awaiting_approval(person):
        raise PeopleError(f"{person.username} is deactivated: reactivate them first.")
    now = timezone.now()
    Invitation.objects.filter(user=person, used_at=None, withdrawn_at=None).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    days = int(getattr(settings, "INVITATION_VALID_DAYS", 7))
    invitation = Invitation.objects.create(
        user=person,
        email=person.email,
        token_hash=_token_hash(token),
        created_at=now,
        created_by=stamp_of(acting_user),
        expires_at=now + dt.timedelta(days=days),
    )
    link = site_url(request) + reverse("people:invitation_accept", args=[token])
    send_email(
        to=person.email,
        subject="You are invited to SaferSchools",
        body=(
            f"Hello {person.get_full_name() or person.username},\n\n"
            f"You have been given a SaferSchools account ({person.get_role_display()}). "
            f"Your username is {person.username}.\n\n"
            f"Open this link to choose your password and set up two-factor sign-in:\n{link}\n\n"
            f"The link works once and expires on {timezone.localtime(invitation.expires_at):%d %B %Y at %H:%M}. "
            "If you did not expect it, tell your system administrator.\n"
        ),
    )
    accounts.account_audit(
        acting_user, "invite", person, request, expires=invitation.expires_at.isoformat()
    )
    return SentInvitation(invitation, link)


def awaiting_approval(person: User) -> bool:
    """Is the account waiting for a second person to approve it being switched on?"""
    return RoleChange.objects.filter(
        user=person, status=RoleChangeStatus.PENDING, activate=True
    ).exists()


def invitation_blocked(person: User) -> str:
    if awaiting_approval(person):
        return (
            "Your account is waiting for a second person to approve it. Open this link again "
            "once your administrator tells you it is approved: it still works until it expires."
        )
    return "This account is deactivated. Ask your administrator."


def invitation_find(token: str) -> Invitation | None:
    """The invitation a token opens (used, withdrawn and expired ones too, to say which)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("user").filter(token_hash=_token_hash(token)).first()


@transaction.atomic
def invitation_accept(*, token: str, password: str, request: Any = None) -> User:
    """Use the invitation: set the person's password (validated) and close the link."""
    found = invitation_find(token)
    if found is None:
        raise PeopleError(
            "This invitation link is not valid. Ask your administrator for a new one."
        )
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    if invitation.used_at is not None:
        raise PeopleError("This invitation has been used already. Sign in, or ask for a new one.")
    if invitation.withdrawn_at is not None:
        raise PeopleError("This invitation was replaced by a newer one: use the latest e-mail.")
    if invitation.expires_at <= timezone.now():
        raise PeopleError("This invitation has expired. Ask your administrator for a new one.")
    user = invitation.user
    if not user.is_active:
        raise PeopleError(invitation_blocked(user))
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_write(user, "invitation_accepted", user, request=request)
    return user


# --------------------------------------------------------------------------- links


def _propose(
    *, person: User, acting_user: Any, request: Any, reason: str, **change: Any
) -> RoleChange:
    try:
        return accounts.role_change_propose(
            acting_user=acting_user, user=person, reason=reason, request=request, **change
        )
    except ValidationError as exc:
        raise PeopleError(_text(exc)) from exc
    except accounts.AccountChangeRefused as exc:
        raise PermissionDenied(str(exc)) from exc


@transaction.atomic
def person_link_officer(
    *,
    person: User,
    collar_number: str,
    acting_user: Any,
    request: Any = None,
    **place: Unpack[workforce.OfficerPlace],
) -> tuple[Officer, RoleChange | None]:
    """Link a police person to the officer record with this collar number (made if new); its
    rank, district and team are set at once. The link itself is a grant for a role that sees
    children, so it waits for a second person (the change returned); None if already linked.
    """
    _require_manager(acting_user)
    if person.role not in POLICE_ROLES:
        raise PeopleError("Only police roles are linked to an officer record.")
    officer = _officer_for(
        acting_user=acting_user,
        person_name=(person.first_name, person.last_name),
        collar_number=collar_number,
        role=person.role,
        user=person,
        request=request,
        **place,
    )
    if officer.user_id == person.pk:
        return officer, None
    change = _propose(
        person=person,
        acting_user=acting_user,
        request=request,
        reason=f"link to collar number {officer.collar_number}",
        role=person.role,
        officer=officer,
    )
    return officer, change


@transaction.atomic
def person_link_school(
    *,
    person: User,
    school: Establishment,
    position: str,
    acting_user: Any,
    request: Any = None,
) -> RoleChange | None:
    """Link a school person to their school, in a post (headteacher, DSL or deputy DSL). The
    post decides the role; a new school or role is a grant (a second person approves)."""
    _require_manager(acting_user)
    if position not in SchoolPosition.values:
        raise PeopleError(f"{position!r} is not a school post.")
    if person.role not in SCHOOL_ROLES:
        raise PeopleError("Only school staff are linked to a school: change their role first.")
    role = ROLE_FOR_POSITION[SchoolPosition(position)]
    SchoolStaffPost.objects.update_or_create(user=person, defaults={"position": position})
    if (person.role, person.school_id) == (role, school.pk):
        return None
    return _propose(
        person=person,
        acting_user=acting_user,
        request=request,
        reason=f"{SchoolPosition(position).label} at {school.name}",
        role=role,
        school=school,
    )


# --------------------------------------------------------------------------- role, status


def person_set_role(
    *,
    person: User,
    role: str,
    acting_user: Any,
    school: Establishment | None = None,
    request: Any = None,
) -> RoleChange:
    """Propose a new role (and school, for school staff): a grant waits for a second person,
    a change that only takes access away applies at once."""
    _require_manager(acting_user)
    if role not in Role.values:
        raise PeopleError(f"{role!r} is not a role.")
    if role in SCHOOL_ROLES and (school or person.school) is None:
        raise PeopleError("A headteacher or safeguarding lead needs their school.")
    change = _propose(
        person=person,
        acting_user=acting_user,
        request=request,
        reason="role changed on the people page",
        role=role,
        school=(school or person.school) if role in SCHOOL_ROLES else None,
        officer=getattr(person, "officer", None) if role in POLICE_ROLES else None,
    )
    if role not in SCHOOL_ROLES and change.status != RoleChangeStatus.PENDING:
        SchoolStaffPost.objects.filter(user=person).delete()
    return change


def person_decide(
    *, change: RoleChange, approve: bool, acting_user: Any, note: str = "", request: Any = None
) -> RoleChange:
    """The second person approves (or refuses) a pending grant; the proposer may withdraw."""
    try:
        if approve:
            return accounts.role_change_approve(
                acting_user=acting_user, change=change, note=note, request=request
            )
        return accounts.role_change_refuse(
            acting_user=acting_user, change=change, note=note, request=request
        )
    except ValidationError as exc:
        raise PeopleError(_text(exc)) from exc
    except accounts.AccountChangeRefused as exc:
        raise PermissionDenied(str(exc)) from exc


def person_deactivate(
    *, person: User, acting_user: Any, reason: str = "", request: Any = None
) -> None:
    """Deactivate: no sign-in; every session and API token ended at once."""
    _require_manager(acting_user)
    with transaction.atomic():
        try:
            accounts.user_deactivate(
                acting_user=acting_user, user=person, reason=reason, request=request
            )
        except accounts.AccountChangeRefused as exc:
            raise PeopleError(str(exc)) from exc
        _invitations_withdraw(person)


@transaction.atomic
def deactivate_leaver(*, person: User, acting_user: Any, reason: str, request: Any = None) -> None:
    """A leaver's account, switched off when their sergeant confirms the hand-over: taking
    access away needs one person and never waits (sessions and API tokens end at once)."""
    accounts.user_switch_off(acting_user=acting_user, user=person, reason=reason, request=request)
    _invitations_withdraw(person)


def _invitations_withdraw(person: User) -> None:
    """A switched-off account's open invitations can no longer be used."""
    Invitation.objects.filter(user=person, used_at=None, withdrawn_at=None).update(
        withdrawn_at=timezone.now()
    )


def person_reactivate(*, person: User, acting_user: Any, request: Any = None) -> RoleChange | None:
    """Reactivate a returner. For a role that sees children this waits for a second person
    (the change returned)."""
    _require_manager(acting_user)
    with transaction.atomic():
        officer = Officer.objects.filter(user=person, is_active=False).first()
        if officer is not None:
            workforce.officer_reactivate(
                acting_user=acting_user,
                officer=officer,
                reason=f"{person.username} returns",
                request=request,
            )
        try:
            return accounts.user_activate(
                acting_user=acting_user, user=person, reason="returns", request=request
            )
        except accounts.AccountChangeRefused as exc:
            raise PeopleError(str(exc)) from exc


def person_unlock(*, person: User, acting_user: Any, request: Any = None) -> None:
    """Lift a lockout after too many wrong passwords."""
    _require_manager(acting_user)
    accounts.user_unlock(acting_user=acting_user, user=person, request=request)


def _require_sign_in_resetter(acting_user: Any, what: str) -> None:
    if not can_reset_sign_in(acting_user):
        raise PermissionDenied(f"Only the system administrator may {what}.")


def person_password_reset(*, person: User, acting_user: Any, request: Any = None) -> str:
    """Give the person a temporary password (returned once, to be handed over by a separate,
    trusted route); they must choose a new one when they next sign in. Their sessions and API
    tokens end. Audited by the account service."""
    _require_sign_in_resetter(acting_user, "reset someone's password")
    return accounts.user_password_reset(acting_user=acting_user, user=person, request=request)


def person_otp_reset(*, person: User, acting_user: Any, request: Any = None) -> int:
    """Remove the person's two-factor devices: they set one up again at their next sign-in.
    Their sessions and API tokens end. Audited by the account service. Returns devices
    removed."""
    _require_sign_in_resetter(acting_user, "reset someone's two-factor sign-in")
    return accounts.user_otp_reset(acting_user=acting_user, user=person, request=request)
