"""Roles of the people who use SaferSchools, and the groups of roles the rules talk about."""

from django.db import models


class Role(models.TextChoices):
    SCHOOLS_OFFICER = "schools_officer", "Schools officer"
    SERGEANT = "sergeant"
    INSPECTOR = "inspector", "Inspector (programme lead)"
    COORDINATOR = "coordinator", "Performance co-ordinator"
    HEADTEACHER = "headteacher"
    DSL = "dsl", "Designated safeguarding lead"
    SYSADMIN = "sysadmin", "System administrator"


ALL_ROLES = frozenset(Role)
POLICE_ROLES = frozenset({Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR, Role.COORDINATOR})
SCHOOL_ROLES = frozenset({Role.HEADTEACHER, Role.DSL})
#: Roles that may see a child's name or record (within their schools).
CHILD_ROLES = frozenset(
    {Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR, Role.HEADTEACHER, Role.DSL}
)
#: Roles that must pass a TOTP code after their password (when OTP_REQUIRED_FOR_POLICE is on).
#: The system administrator is included: the role that manages accounts is the prize.
OTP_REQUIRED_ROLES = POLICE_ROLES | {Role.SYSADMIN}
#: Granting one of these roles (or changing the scope of someone who holds one) needs a second
#: person: what an administrator proposes an inspector approves, and the reverse.
TWO_PERSON_ROLES = CHILD_ROLES | {Role.SYSADMIN}
#: The two sides of a two-person grant: who may propose and approve account changes.
ACCOUNT_MANAGER_ROLES = frozenset({Role.SYSADMIN, Role.INSPECTOR})


class RoleChangeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a second person"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    APPLIED = "applied", "Applied at once (no second person needed)"


class Outcome(models.TextChoices):
    ALLOWED = "allowed"
    DENIED = "denied"
    FAILED = "failed"
    FLAGGED = "flagged"


class Action(models.TextChoices):
    """What an audit entry records. Apps may use other short verbs; these are the common ones."""

    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched or listed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    DISCLOSE = "disclose", "Disclosed"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    LOCKED_OUT = "locked_out", "Locked out"
    OTP_VERIFIED = "otp_verified", "Two-factor code accepted"
    OTP_FAILED = "otp_failed", "Two-factor code refused"
    OTP_ENROLLED = "otp_enrolled", "Two-factor device set up"
    PASSWORD_CHANGE = "password_change", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset by an administrator"
    ACCOUNT_DISABLE = "account_disable", "Account disabled"
    ACCOUNT_ENABLE = "account_enable", "Account enabled"
    OTP_RESET = "otp_reset", "Two-factor reset by an administrator"
    TOKEN_ISSUED = "token_issued", "API token issued"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    ACCOUNT_CREATE = "account_create", "Account created"
    ROLE_PROPOSED = "role_proposed", "Role or scope change proposed"
    ROLE_APPROVED = "role_approved", "Role or scope change approved"
    ROLE_REFUSED = "role_refused", "Role or scope change refused"
    ROLE_CHANGE = "role_change", "Role, scope or officer link changed"
    SESSIONS_ENDED = "sessions_ended", "Sessions and API tokens ended"
    OTP_DEVICE_REMOVED = "otp_removed", "Two-factor device removed"
    UNLOCK = "unlock", "Account unlocked"
    ALERT = "alert", "Alert raised"
