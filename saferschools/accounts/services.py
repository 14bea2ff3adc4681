"""Changes to accounts: every one checked here, whatever the page that asked, and audited.

Business rules:
- nobody changes their own role, scope (school, officer link), superuser flag or activation;
- granting a role that sees children (or the administrator's role), changing the school or
  officer link of someone who holds one, or switching on an account that holds one, needs a
  second person: what a system administrator proposes an inspector approves, and what an
  inspector proposes a system administrator approves (`role_change_propose`, then
  `role_change_approve` or `role_change_refuse`). Neither may approve a change for themselves;
- a change that only takes access away (to the co-ordinator's role, a disabled account) is
  applied at once by the one person who makes it: removing access must never wait;
- disabling an account ends its sessions and API tokens at once (`user_access_end`);
- every change of role, scope, officer link, two-factor device, lock or activation is one audit
  entry, written in the same transaction. Changes made outside these services (a shell, a
  script) are audited too, by the safety net in `signals.py`, as the "system".
- nothing here ever sets `is_superuser`: the break-glass superuser is made at the server with
  `manage.py createsuperuser`, and no form offers the flag.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, fields
from typing import Any, NamedTuple

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .audit import audit_record, audit_write
from .choices import (
    ACCOUNT_MANAGER_ROLES,
    SCHOOL_ROLES,
    TWO_PERSON_ROLES,
    Action,
    Role,
    RoleChangeStatus,
)
from .models import ApiToken, RoleChange, User

#: Marks a User or Officer instance whose change a service has audited already, so the
#: safety-net signal does not log it a second time.
AUDITED_FLAG = "_saferschools_account_change_audited"


class AccountChangeRefused(PermissionDenied):
    """The change breaks an account rule (self-change, no second person, wrong role)."""


@dataclass(frozen=True)
class Access:
    """What an account may do: the state a role change moves between."""

    role: str
    school_id: int | None
    officer_id: int | None
    active: bool

    @property
    def sees_children_or_manages(self) -> bool:
        return self.active and self.role in TWO_PERSON_ROLES

    def as_target(self) -> dict[str, Any]:
        """A proposal's target columns: the role, school and officer link it moves the account
        to (whether it switches the account on is the proposal's own `activate`)."""
        return {"role": self.role, "school_id": self.school_id, "officer_id": self.officer_id}

    def as_origin(self) -> dict[str, Any]:
        """A proposal's `from_*` columns: the state it moves the account from."""
        return {f"from_{name}": value for name, value in asdict(self).items()}

    @classmethod
    def origin_of(cls, change: RoleChange) -> Access:
        """The state `change` was proposed from (approving it checks it still holds)."""
        return cls(**{f.name: getattr(change, f"from_{f.name}") for f in fields(cls)})


def access_of(user: User) -> Access:
    officer = getattr(user, "officer", None) if user.pk else None
    return Access(user.role, user.school_id, officer.pk if officer else None, user.is_active)


def needs_second_person(before: Access, after: Access) -> bool:
    """A grant: the account will see children (or manage accounts) with a role, school or
    officer link it did not have, or it is switched on with such a role."""
    if not after.sees_children_or_manages:
        return False
    if not before.sees_children_or_manages:
        return True
    return (before.role, before.school_id, before.officer_id) != (
        after.role,
        after.school_id,
        after.officer_id,
    )


def _check_manager(acting_user: Any, subject: User | None, what: str) -> None:
    if acting_user is None or not getattr(acting_user, "is_authenticated", False):
        raise AccountChangeRefused(f"Sign in to {what}.")
    if not acting_user.is_active or acting_user.role not in ACCOUNT_MANAGER_ROLES:
        raise AccountChangeRefused(f"Only a system administrator or an inspector may {what}.")
    if subject is not None and subject.pk == acting_user.pk:
        raise AccountChangeRefused(
            "Nobody may change their own role, scope or account: ask another administrator "
            "or an inspector."
        )


def _details(before: Access, after: Access, **extra: Any) -> dict[str, Any]:
    return {
        "before": {
            "role": before.role,
            "school": before.school_id,
            "officer": before.officer_id,
            "active": before.active,
        },
        "after": {
            "role": after.role,
            "school": after.school_id,
            "officer": after.officer_id,
            "active": after.active,
        },
        **extra,
    }


def account_audit(
    acting_user: Any, action: str, account: User, request: Any = None, **details: Any
) -> None:
    """The entry for a change to an account: it names the account's username, which stays
    readable after the account is renamed or removed."""
    audit_write(acting_user, action, account, request=request, username=account.username, **details)


def _validate_target(role: str, school: Any, officer: Any, subject: User) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f"{role!r} is not a role."})
    if role in SCHOOL_ROLES and school is None:
        raise ValidationError({"school": "School staff must belong to a school: choose one."})
    if role not in SCHOOL_ROLES and school is not None:
        raise ValidationError({"school": "Only school staff belong to a school."})
    if officer is not None:
        linked = getattr(officer, "user_id", None)
        if linked is not None and linked != subject.pk:
            raise ValidationError({"officer": f"{officer} is already linked to another account."})


def _apply(change: RoleChange) -> None:
    """Write the proposal's state to the account (the caller audits it)."""
    from saferschools.workforce.models import Officer

    user = User.objects.select_for_update().get(pk=change.user_id)
    user.role = change.role
    user.school_id = change.school_id
    if change.activate:
        user.is_active = True
    setattr(user, AUDITED_FLAG, True)
    user.save(update_fields=["role", "school", "is_active", "is_staff"])
    current = Officer.objects.filter(user=user).first()
    if current is not None and current.pk != change.officer_id:
        current.user = None
        setattr(current, AUDITED_FLAG, True)
        current.save(update_fields=["user"])
    if change.officer_id is not None and (current is None or current.pk != change.officer_id):
        officer = Officer.objects.select_for_update().get(pk=change.officer_id)
        officer.user = user
        setattr(officer, AUDITED_FLAG, True)
        officer.save(update_fields=["user"])


_UNCHANGED: Any = object()


@transaction.atomic
def role_change_propose(
    *,
    acting_user: Any,
    user: User,
    role: str,
    school: Any = _UNCHANGED,
    officer: Any = _UNCHANGED,
    activate: bool = False,
    reason: str = "",
    request: HttpRequest | None = None,
) -> RoleChange:
    """Propose a change of `user`'s role, school or officer link (and switch the account on
    when `activate`). A grant waits for a second person (status pending); a change that only
    takes access away is applied at once (status applied). Either way it is audited.

    `school` and `officer` default to the account's current ones; pass None to clear them.
    """
    _check_manager(acting_user, user, "change an account's role or scope")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = access_of(user)
    if school is _UNCHANGED:
        school = user.school if role in SCHOOL_ROLES else None
    if officer is _UNCHANGED:
        officer = getattr(user, "officer", None)
    _validate_target(role, school, officer, user)
    if RoleChange.objects.filter(user=user, status=RoleChangeStatus.PENDING).exists():
        raise ValidationError(
            f"{user.username} already has a change waiting for approval: approve, refuse or "
            "withdraw it first."
        )
    after = Access(
        role,
        school.pk if school else None,
        officer.pk if officer else None,
        before.active or activate,
    )
    if after == before:
        raise ValidationError("That is the account's current role and scope: nothing to change.")
    two_person = needs_second_person(before, after)
    change = RoleChange.objects.create(
        user=user,
        **after.as_target(),
        activate=activate,
        **before.as_origin(),
        reason=reason[:300],
        status=RoleChangeStatus.PENDING if two_person else RoleChangeStatus.APPLIED,
        proposed_by=acting_user,
        proposed_at=timezone.now(),
        decided_by=None if two_person else acting_user,
        decided_at=None if two_person else timezone.now(),
    )
    if not two_person:
        _apply(change)
    audit_record(
        user=acting_user,
        action=Action.ROLE_PROPOSED if two_person else Action.ROLE_CHANGE,
        obj=user,
        request=request,
        details=_details(before, after, change=change.pk, reason=reason[:300]),
    )
    return change


def _check_decider(acting_user: Any, change: RoleChange) -> None:
    _check_manager(acting_user, change.user, "approve or refuse an account change")
    if change.proposed_by_id == acting_user.pk:
        raise AccountChangeRefused(
            "You proposed this change: a second person must approve it (an inspector for an "
            "administrator's proposal, an administrator for an inspector's)."
        )
    proposer_role = change.proposed_by.role if change.proposed_by else ""
    if proposer_role == acting_user.role:
        other = Role.INSPECTOR if acting_user.role == Role.SYSADMIN else Role.SYSADMIN
        raise AccountChangeRefused(
            f"A {Role(acting_user.role).label.lower()} proposed this change: a "
            f"{Role(other).label.lower()} must approve it."
        )


def _pending(change: RoleChange) -> RoleChange:
    locked = (
        # Lock the proposal row only: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer joins to its users.
        RoleChange.objects.select_for_update(of=("self",))
        .select_related("proposed_by", "user")
        .get(pk=change.pk)
    )
    if locked.status != RoleChangeStatus.PENDING:
        raise ValidationError(f"This change was already {locked.get_status_display().lower()}.")
    return locked


def _decide(change: RoleChange, status: str, *, acting_user: Any, note: str) -> None:
    """Close a pending proposal: who decided, when, and their note (at most 300 characters)."""
    change.status = status
    change.decided_by = acting_user
    change.decided_at = timezone.now()
    change.decision_note = note[:300]
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])


@transaction.atomic
def role_change_approve(
    *, acting_user: Any, change: RoleChange, note: str = "", request: HttpRequest | None = None
) -> RoleChange:
    """The second person approves a pending grant: it is applied and audited."""
    change = _pending(change)
    _check_decider(acting_user, change)
    before = access_of(User.objects.get(pk=change.user_id))
    if before != Access.origin_of(change):
        raise ValidationError(
            "The account changed after this was proposed: refuse it and propose again."
        )
    _decide(change, RoleChangeStatus.APPROVED, acting_user=acting_user, note=note)
    _apply(change)
    after = access_of(User.objects.get(pk=change.user_id))
    audit_record(
        user=acting_user,
        action=Action.ROLE_APPROVED,
        obj=change.user,
        request=request,
        details=_details(
            before,
            after,
            change=change.pk,
            proposed_by=change.proposed_by.username if change.proposed_by else "",
        ),
    )
    return change


@transaction.atomic
def role_change_refuse(
    *, acting_user: Any, change: RoleChange, note: str = "", request: HttpRequest | None = None
) -> RoleChange:
    """Refuse a pending grant (the second person), or withdraw it (the one who proposed it)."""
    change = _pending(change)
    withdrawing = change.proposed_by_id == getattr(acting_user, "pk", None)
    if withdrawing:
        _check_manager(acting_user, change.user, "withdraw an account change")
    else:
        _check_decider(acting_user, change)
    _decide(
        change,
        RoleChangeStatus.WITHDRAWN if withdrawing else RoleChangeStatus.REFUSED,
        acting_user=acting_user,
        note=note,
    )
    audit_write(
        acting_user,
        Action.ROLE_REFUSED,
        change.user,
        request=request,
        change=change.pk,
        status=change.status,
        role=change.role,
    )
    return change


def role_changes_pending_for(acting_user: Any) -> Any:
    """Pending grants this user may decide (not their own proposals, not about themselves)."""
    qs = RoleChange.objects.filter(status=RoleChangeStatus.PENDING).select_related(
        "user", "proposed_by", "school", "officer"
    )
    if getattr(acting_user, "role", "") not in ACCOUNT_MANAGER_ROLES:
        return qs.none()
    return (
        qs.exclude(proposed_by=acting_user)
        .exclude(user=acting_user)
        .exclude(proposed_by__role=acting_user.role)
    )


@dataclass(frozen=True)
class NewAccount:
    """A new account: who it is for (username, name, e-mail address) and the access proposed
    for it (a role, and the school or officer record the role needs)."""

    username: str
    role: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    school: Any = None
    officer: Any = None

    def person(self) -> dict[str, str]:
        """The account's own columns; its access comes through the proposal."""
        return {
            name: getattr(self, name) for name in ("username", "first_name", "last_name", "email")
        }


@transaction.atomic
def user_create(
    *,
    acting_user: Any,
    account: NewAccount,
    reason: str = "",
    request: HttpRequest | None = None,
) -> tuple[User, RoleChange]:
    """Create an account, switched off, and propose its access. A role that sees children (or
    manages accounts) waits for a second person; the co-ordinator's account is on at once.
    The account has no usable password until its owner sets one (an invitation)."""
    _check_manager(acting_user, None, "create an account")
    if User.objects.filter(username__iexact=account.username).exists():
        raise ValidationError(
            {"username": f"There is already an account called {account.username}."}
        )
    # Switched off, with the least access, until the proposal below is applied.
    user = User(**account.person(), role=Role.COORDINATOR, is_active=False)
    user.set_unusable_password()
    setattr(user, AUDITED_FLAG, True)
    user.save()
    account_audit(acting_user, Action.ACCOUNT_CREATE, user, request, role=account.role)
    change = role_change_propose(
        acting_user=acting_user,
        user=user,
        role=account.role,
        school=account.school,
        officer=account.officer,
        activate=True,
        reason=reason or "new account",
        request=request,
    )
    return user, change


def _live_sessions_of(user_id: int) -> list[Session]:
    return [
        s
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(s.get_decoded().get("_auth_user_id")) == str(user_id)
    ]


class AccessEnded(NamedTuple):
    """How many live sessions ended and API tokens were revoked (as an entry's details)."""

    sessions: int
    tokens: int


def sessions_and_tokens_end(user_id: int) -> AccessEnded:
    """Delete every live session and revoke every API token of the user."""
    from rest_framework.authtoken.models import Token

    sessions = _live_sessions_of(user_id)
    for session in sessions:
        session.delete()
    legacy, _ = Token.objects.filter(user_id=user_id).delete()
    revoked = ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return AccessEnded(len(sessions), legacy + revoked)


@transaction.atomic
def api_token_issue(
    *, acting_user: Any, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """Issue the signed-in user a new API token (their previous one is revoked). Returns the
    token and its key, which is shown once and never stored (only its hash is)."""
    from .authentication import key_hash, lifetime

    if acting_user is None or not getattr(acting_user, "is_authenticated", False):
        raise AccountChangeRefused("Sign in to make an API token.")
    now = timezone.now()
    ApiToken.objects.filter(user=acting_user, revoked_at__isnull=True).update(revoked_at=now)
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=acting_user,
        key_hash=key_hash(key),
        prefix=key[:8],
        created_at=now,
        expires_at=now + lifetime(),
    )
    audit_write(
        acting_user,
        Action.TOKEN_ISSUED,
        acting_user,
        request=request,
        token=token.prefix,
        expires_at=token.expires_at.isoformat(),
    )
    return token, key


@transaction.atomic
def api_token_revoke(
    *, acting_user: Any, token: ApiToken, request: HttpRequest | None = None
) -> ApiToken:
    """Revoke a token: its owner may, and so may an account manager (not for their own
    account through this path: they revoke their own as its owner)."""
    if getattr(acting_user, "pk", None) != token.user_id:
        _check_manager(acting_user, token.user, "revoke someone's API token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_write(
            acting_user, Action.TOKEN_REVOKED, token.user, request=request, token=token.prefix
        )
    return token


@transaction.atomic
def user_access_end(
    *, acting_user: Any, user: User, reason: str = "", request: HttpRequest | None = None
) -> tuple[int, int]:
    """End all of a person's sessions and API tokens at once (deactivation, a lost device, a
    suspicion). Audited. Returns (sessions ended, tokens revoked)."""
    if acting_user is not None and getattr(acting_user, "pk", None) != user.pk:
        _check_manager(acting_user, user, "end someone's sessions")
    ended = sessions_and_tokens_end(user.pk)
    audit_record(
        user=acting_user,
        username="system" if acting_user is None else "",
        action=Action.SESSIONS_ENDED,
        obj=user,
        request=request,
        details={**ended._asdict(), "reason": reason[:200]},
    )
    return ended


@transaction.atomic
def user_deactivate(
    *, acting_user: Any, user: User, reason: str = "", request: HttpRequest | None = None
) -> User:
    """Switch an account off: one account manager may do it, at once (taking access away
    never waits for a second person); sessions and tokens end."""
    _check_manager(acting_user, user, "disable an account")
    return user_switch_off(acting_user=acting_user, user=user, reason=reason, request=request)


@transaction.atomic
def user_switch_off(
    *, acting_user: Any, user: User, reason: str = "", request: HttpRequest | None = None
) -> User:
    """The switching off itself, audited: no sign-in, every session and API token ended. Its
    callers check who may: an account manager (`user_deactivate`), or the leaver's sergeant
    confirming the hand-over of their schools (`people.movements.movement_confirm`)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    was_active = user.is_active
    user.is_active = False
    setattr(user, AUDITED_FLAG, True)
    user.save(update_fields=["is_active"])
    ended = sessions_and_tokens_end(user.pk)
    account_audit(
        acting_user,
        Action.ACCOUNT_DISABLE,
        user,
        request,
        was_active=was_active,
        reason=reason[:200],
        **ended._asdict(),
    )
    return user


@transaction.atomic
def user_activate(
    *, acting_user: Any, user: User, reason: str = "", request: HttpRequest | None = None
) -> RoleChange | None:
    """Switch an account on. For a role that sees children (or manages accounts) this is a
    grant: it becomes a pending proposal for a second person (returned). Otherwise the
    account is on at once and None is returned."""
    _check_manager(acting_user, user, "enable an account")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        return None
    if user.role in TWO_PERSON_ROLES:
        return role_change_propose(
            acting_user=acting_user,
            user=user,
            role=user.role,
            activate=True,
            reason=reason or "switch the account on again",
            request=request,
        )
    user.is_active = True
    setattr(user, AUDITED_FLAG, True)
    user.save(update_fields=["is_active"])
    account_audit(acting_user, Action.ACCOUNT_ENABLE, user, request, reason=reason[:200])
    return None


@transaction.atomic
def user_password_reset(*, acting_user: Any, user: User, request: HttpRequest | None = None) -> str:
    """Set a one-time temporary password (returned once), force a change, end sessions."""
    _check_manager(acting_user, user, "reset someone's password")
    temporary = "-".join(secrets.token_urlsafe(6) for _ in range(3))
    user.set_password(temporary)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    ended = sessions_and_tokens_end(user.pk)
    account_audit(acting_user, Action.PASSWORD_RESET, user, request, **ended._asdict())
    return temporary


@transaction.atomic
def user_otp_reset(*, acting_user: Any, user: User, request: HttpRequest | None = None) -> int:
    """Remove every two-factor device of the account (it sets one up again); end sessions."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _check_manager(acting_user, user, "reset someone's two-factor sign-in")
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user):
            setattr(device, AUDITED_FLAG, True)
            device.delete()
            removed += 1
    sessions_and_tokens_end(user.pk)
    account_audit(acting_user, Action.OTP_RESET, user, request, devices=removed)
    return removed


@transaction.atomic
def user_unlock(*, acting_user: Any, user: User, request: HttpRequest | None = None) -> None:
    """Clear the failed sign-in lock on the account."""
    from axes.utils import reset

    _check_manager(acting_user, user, "unlock an account")
    reset(username=user.username)
    account_audit(acting_user, Action.UNLOCK, user, request)
