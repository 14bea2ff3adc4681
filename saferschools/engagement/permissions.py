"""Who may see and record engagement.

Business rules: contacts with school leaders are police working notes (the police roles);
school requests are seen by the police roles and by the requesting school's headteacher and
safeguarding lead, who can raise and follow their own school's requests (never a message the
public sent to the police: `selectors.requests`); sessions and youth activities hold no
personal data and are also seen by the performance co-ordinator, and are recorded by the
police roles; only the police reply to a request as its responders. Scope by school always
comes from `accounts.scope`. Which roles read and write each kind is declared with the kind in
`registry.KINDS`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from saferschools.accounts.choices import CHILD_ROLES, Role
from saferschools.accounts.scope import role_of, schools_visible_to

#: The schools officers, their sergeants and the inspector.
POLICE_ROLES = frozenset({Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR})
#: The police roles and the school's headteacher and safeguarding lead.
REQUEST_ROLES = CHILD_ROLES
#: Records with no personal data: also the performance co-ordinator.
NO_PERSONAL_DATA_READERS = CHILD_ROLES | {Role.COORDINATOR}


def _kinds() -> dict[str, Any]:
    from .registry import KINDS  # the registry names the services, which check here

    return KINDS


def can_view(user: Any, kind: str) -> bool:
    return bool(_kinds()[kind].can_read(user))


def can_write(user: Any, kind: str) -> bool:
    return bool(_kinds()[kind].can_write(user))


def can_respond(user: Any) -> bool:
    return role_of(user) in POLICE_ROLES


def can_view_any(user: Any) -> bool:
    return any(k.can_read(user) for k in _kinds().values())


def require_write(user: Any, kind: str, school: Any) -> None:
    """May record this kind, at this school (when it has one)."""
    if not can_write(user, kind):
        raise PermissionDenied("You cannot record this.")
    if school is not None and not schools_visible_to(user).filter(pk=school.pk).exists():
        raise PermissionDenied("That school is not one of yours.")


def require_reply(user: Any, school_request: Any) -> None:
    """May add to this request's thread: someone who sees requests, at its school."""
    if (
        not can_view(user, "request")
        or not schools_visible_to(user).filter(pk=school_request.school_id).exists()
    ):
        raise PermissionDenied("You cannot reply to this request.")
