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
  (accounts are never deleted: the audit log names them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import POLICE_ROLES, SCHOOL_ROLES, Action, Role
from saferschools.accounts.models import User
from saferschools.estate.models import District, Establishment
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer

from . import sessions
from .choices import SchoolPosition
from .messaging import send_email
from .models import Invitation, SchoolStaffPost
from .permissions import can_manage

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


def _audit(acting_user: Any, action: str, subject: User, request: Any, **details: Any) -> None:
    audit_record(
        user=acting_user,
        action=action,
        record_type="accounts.User",
        record_id=subject.pk,
        request=request,
        details={"username": subject.username, **details},
    )


def _unique_username(first: str, last: str) -> str:
    base = "".join(c for c in f"{first[:1]}{last}".lower() if c.isalnum()) or "person"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


# --------------------------------------------------------------------------- create


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
    request: Any = None,
) -> User:
    """A new account with no usable password: the person sets one through their invitation."""
    _require_manager(acting_user)
    if role not in Role.values:
        raise PeopleError(f"{role!r} is not a role.")
    if role == Role.SYSADMIN and getattr(acting_user, "role", "") != Role.SYSADMIN:
        raise PermissionDenied("Only a system administrator may create another administrator.")
    if role in SCHOOL_ROLES and school is None:
        raise PeopleError("A headteacher or safeguarding lead needs their school.")
    email = (email or "").strip().lower()
    if email and User.objects.filter(email__iexact=email).exists():
        raise PeopleError(f"Someone already has the e-mail address {email}.")
    username = (username or "").strip() or _unique_username(first_name, last_name)
    if User.objects.filter(username=username).exists():
        raise PeopleError(f"The username {username} is taken.")
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        role=role,
        school=school if role in SCHOOL_ROLES else None,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if role in SCHOOL_ROLES:
        SchoolStaffPost.objects.create(
            user=user, position=position or SchoolPosition(role if role == Role.DSL else role)
        )
    _audit(acting_user, Action.CREATE, user, request, role=role, school=user.school_id)
    return user


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
    if not person.is_active:
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
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
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
    _audit(acting_user, "invite", person, request, expires=invitation.expires_at.isoformat())
    return SentInvitation(invitation, link)


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
        raise PeopleError("This account is deactivated. Ask your administrator.")
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_record(
        user=user,
        action="invitation_accepted",
        record_type="accounts.User",
        record_id=user.pk,
        request=request,
    )
    return user


# --------------------------------------------------------------------------- links


@transaction.atomic
def person_link_officer(
    *,
    person: User,
    collar_number: str,
    acting_user: Any,
    rank: str = "",
    district: District | None = None,
    sergeant: Officer | None = None,
    request: Any = None,
) -> Officer:
    """Link a police person to the officer record with this collar number (made if new).

    An officer record already linked to someone else is refused; the person's earlier officer
    record, if any, is unlinked. District, rank and team are set when given.
    """
    _require_manager(acting_user)
    if person.role not in POLICE_ROLES:
        raise PeopleError("Only police roles are linked to an officer record.")
    collar_number = (collar_number or "").strip()
    if not collar_number:
        raise PeopleError("Enter the collar number.")
    if sergeant is not None and sergeant.rank != Rank.SERGEANT:
        raise PeopleError(f"{sergeant} is not a sergeant.")
    officer = Officer.objects.select_for_update().filter(collar_number=collar_number).first()
    created = officer is None
    if officer is None:
        officer = Officer(
            collar_number=collar_number,
            rank=rank or RANK_FOR_ROLE.get(person.role, Rank.CONSTABLE),
            first_name=person.first_name or person.username,
            last_name=person.last_name or "",
        )
    elif officer.user_id and officer.user_id != person.pk:
        raise PeopleError(
            f"Collar number {collar_number} is already linked to {officer.user}. Unlink it first."
        )
    Officer.objects.filter(user=person).exclude(pk=officer.pk).update(user=None)
    officer.user = person
    if rank:
        officer.rank = rank
    if district is not None:
        officer.district = district
        officer.division = district.division
    if sergeant is not None and sergeant.pk != officer.pk:
        officer.sergeant = sergeant
    officer.is_active = True
    officer.save()
    _audit(
        acting_user,
        Action.CHANGE,
        person,
        request,
        linked_officer=officer.collar_number,
        created=created,
        district=officer.district.code if officer.district_id else None,
        rank=officer.rank,
        sergeant=officer.sergeant.collar_number if officer.sergeant_id else None,
    )
    return officer


@transaction.atomic
def person_link_school(
    *,
    person: User,
    school: Establishment,
    position: str,
    acting_user: Any,
    request: Any = None,
) -> User:
    """Link a school person to their school, in a post (headteacher, DSL or deputy DSL).

    The post decides the role (headteacher, or safeguarding lead for a DSL and a deputy), so
    linking a police person to a school is refused: change their role first.
    """
    _require_manager(acting_user)
    if position not in SchoolPosition.values:
        raise PeopleError(f"{position!r} is not a school post.")
    if person.role not in SCHOOL_ROLES:
        raise PeopleError("Only school staff are linked to a school.")
    role = ROLE_FOR_POSITION[SchoolPosition(position)]
    before = (person.school_id, person.role)
    if role != person.role:
        person_set_role(person=person, role=role, acting_user=acting_user, request=request)
    person.school = school
    person.save(update_fields=["school"])
    SchoolStaffPost.objects.update_or_create(user=person, defaults={"position": position})
    _audit(
        acting_user,
        Action.CHANGE,
        person,
        request,
        school=school.pk,
        school_urn=school.urn,
        position=position,
        before={"school": before[0], "role": before[1]},
    )
    return person


# --------------------------------------------------------------------------- role, status


def person_set_role(
    *,
    person: User,
    role: str,
    acting_user: Any,
    school: Establishment | None = None,
    request: Any = None,
) -> User:
    """Change a person's role (audited). School roles need a school."""
    _require_manager(acting_user)
    if role not in Role.values:
        raise PeopleError(f"{role!r} is not a role.")
    if role == Role.SYSADMIN and getattr(acting_user, "role", "") != Role.SYSADMIN:
        raise PermissionDenied("Only a system administrator may make an administrator.")
    if person.pk == getattr(acting_user, "pk", None):
        raise PeopleError("You cannot change your own role.")
    with transaction.atomic():
        before = person.role
        person.role = role
        if role in SCHOOL_ROLES:
            person.school = school or person.school
            if person.school is None:
                raise PeopleError("A headteacher or safeguarding lead needs their school.")
        else:
            person.school = None
            SchoolStaffPost.objects.filter(user=person).delete()
        person.save(update_fields=["role", "school"])
        sessions.end_all(person)  # what they may see changed: sign in again
        _audit(acting_user, Action.CHANGE, person, request, role={"from": before, "to": role})
    return person


def person_deactivate(
    *, person: User, acting_user: Any, reason: str = "", request: Any = None
) -> int:
    """Deactivate: no sign-in, every session and API token ended at once. Returns how many
    sessions and tokens were ended."""
    _require_manager(acting_user)
    return deactivate(person=person, acting_user=acting_user, reason=reason, request=request)


@transaction.atomic
def deactivate(*, person: User, acting_user: Any, reason: str, request: Any = None) -> int:
    """The deactivation itself, for services that checked their own permission (a leaver
    confirmed by their sergeant)."""
    if getattr(acting_user, "pk", None) == person.pk:
        raise PeopleError("You cannot deactivate your own account.")
    person.is_active = False
    person.save(update_fields=["is_active"])
    ended = sessions.end_all(person)
    Invitation.objects.filter(user=person, used_at=None, withdrawn_at=None).update(
        withdrawn_at=timezone.now()
    )
    _audit(acting_user, Action.ACCOUNT_DISABLE, person, request, reason=reason, ended=ended)
    return ended


@transaction.atomic
def person_reactivate(*, person: User, acting_user: Any, request: Any = None) -> User:
    """Reactivate a person (a returner): they sign in with their password, or a new invitation."""
    _require_manager(acting_user)
    person.is_active = True
    person.save(update_fields=["is_active"])
    Officer.objects.filter(user=person, is_active=False).update(is_active=True)
    _audit(acting_user, Action.ACCOUNT_ENABLE, person, request)
    return person


@transaction.atomic
def person_unlock(*, person: User, acting_user: Any, request: Any = None) -> None:
    """Lift a lockout after too many wrong passwords."""
    _require_manager(acting_user)
    from axes.utils import reset

    reset(username=person.username)
    _audit(acting_user, "unlock", person, request)
