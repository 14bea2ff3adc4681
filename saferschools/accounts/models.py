"""People who sign in to SaferSchools.

Business rule: every account has exactly one role. School staff (headteacher, designated
safeguarding lead) belong to one school and see only that school. Police roles are linked to a
workforce officer record.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from saferschools.core.constraints import after, implies
from saferschools.core.fields import optional_link, time_stamp, user_stamp

from .choices import POLICE_ROLES, SCHOOL_ROLES, Role, RoleChangeStatus


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.SCHOOLS_OFFICER)
    school = optional_link(
        "estate.Establishment",
        related_name="staff",
        help_text="For headteachers and safeguarding leads: the one school they may see.",
    )
    must_change_password = models.BooleanField(
        default=False,
        help_text="Set when an administrator resets the password: the next sign-in must "
        "choose a new one before anything else.",
    )
    is_synthetic = models.BooleanField(
        default=False,
        help_text="A demo account (synthetic person): its two-factor code may be shown by "
        "`saferschools otp-code`.",
    )

    class Meta:
        constraints = [
            implies(
                models.Q(role__in=sorted(r.value for r in SCHOOL_ROLES)),
                models.Q(school__isnull=False),
                name="accounts_user_school_staff_have_school",
                message="School staff must belong to a school.",
            ),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        # Only the system administrator (and a break-glass superuser) may enter the admin site.
        self.is_staff = bool(self.is_superuser or self.role == Role.SYSADMIN)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_police(self) -> bool:
        return self.role in POLICE_ROLES

    @property
    def is_school_staff(self) -> bool:
        return self.role in SCHOOL_ROLES

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleChange(models.Model):
    """A proposed change of someone's access: role, school, officer link, and (for a new or
    disabled account) switching it on.

    Business rule: nobody changes their own access; granting a role that sees children (or the
    administrator's role), or changing the scope of someone who holds one, needs a second
    person: an inspector approves what an administrator proposes, and the reverse. A change
    that only takes access away is applied at once by the one who makes it. The proposal keeps
    both sides (who asked, who decided) and the state before and after.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_changes")
    role = models.CharField(max_length=32, choices=Role.choices)
    school = optional_link("estate.Establishment")
    officer = optional_link(
        "workforce.Officer",
        help_text="The officer record this account is linked to (police roles).",
    )
    activate = models.BooleanField(
        default=False, help_text="Switch the account on when the change is applied."
    )
    from_role = models.CharField(max_length=32, blank=True)
    from_school_id = models.BigIntegerField(null=True, blank=True)
    from_officer_id = models.BigIntegerField(null=True, blank=True)
    from_active = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=12, choices=RoleChangeStatus.choices, default=RoleChangeStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="role_changes_proposed"
    )
    proposed_at = models.DateTimeField()
    decided_by = user_stamp(related_name="role_changes_decided")
    decided_at = time_stamp()
    decision_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status=RoleChangeStatus.PENDING),
                name="accounts_rolechange_one_pending_per_user",
                violation_error_message="This account already has a change waiting for approval.",
            ),
            implies(
                models.Q(status=RoleChangeStatus.APPROVED),
                models.Q(decided_by__isnull=False)
                & ~models.Q(decided_by=models.F("proposed_by"))
                & ~models.Q(decided_by=models.F("user")),
                name="accounts_rolechange_approver_is_a_second_person",
                message=(
                    "A grant is approved by someone other than who proposed it and whom it is for."
                ),
            ),
            models.CheckConstraint(
                name="accounts_rolechange_not_for_oneself",
                condition=~models.Q(proposed_by=models.F("user")),
                violation_error_message="Nobody may change their own role or scope.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.get_role_display()} ({self.get_status_display()})"


class AuditContent(models.Model):
    """What an audit entry says: who, role, when, what, which record, from where, the purpose
    given and the outcome (the chain's entries and the reads waiting to be sealed)."""

    at = models.DateTimeField()
    # No database constraint and no cascade: deleting an account must never touch the log
    # (the triggers would refuse it anyway); `username` keeps who it was.
    user = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=32)
    record_type = models.CharField(max_length=80, blank=True)
    record_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    ip_address = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=12, default="allowed")
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True


class AuditEntry(AuditContent):
    """One line of the append-only audit log (DPA 2018 s.62).

    Business rule: every create, change, delete, export and disclosure, and every view of a
    child's record or a search record, is logged with who, role, when, what, which record,
    from where and the purpose given; denied attempts too. Each entry carries the hash of the
    previous entry, so an edited or deleted row breaks the chain (`saferschools verify-audit`).
    """

    seq = models.PositiveBigIntegerField(unique=True)
    action = models.CharField(max_length=32, db_index=True)
    record_type = models.CharField(max_length=80, blank=True, db_index=True)
    record_id = models.CharField(max_length=64, blank=True, db_index=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["user", "at"]),
            models.Index(fields=["record_type", "record_id"], name="accounts_au_record_idx"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.username} {self.action} {self.record_type}:{self.record_id}"


class PendingAuditEntry(AuditContent):
    """A read entry (a view or a list of children's records) waiting to be sealed into the chain.

    Business rule: reads are audited as they happen, but without the chain's lock: each is one
    plain INSERT here, carrying its own keyed hash (HMAC of its content and a random token), so
    concurrent readers never wait for each other or for a writer. A scheduled job
    (`accounts.audit_seal`, every minute) moves them, in order, into the chain as ordinary
    entries and deletes them here in the same transaction. `verify-audit` checks the hash of
    every entry still pending and says how many there are. Triggers refuse UPDATE always and
    DELETE except by the sealer (decision record 205).
    """

    token = models.CharField(max_length=32, unique=True)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["user", "at"], name="accounts_pending_user_at")]
        verbose_name_plural = "pending audit entries"

    def __str__(self) -> str:
        return f"pending {self.username} {self.action} {self.record_type}:{self.record_id}"


class ApiToken(models.Model):
    """A personal API token: it sees exactly what its user sees, for a limited time.

    Business rule: a token ends at its expiry, after the same idle time as a web session, when
    revoked, and when its user is disabled; its last use is recorded. Only a hash of the key
    is stored: the key is shown once, when issued.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text="The key's first characters, to tell it.")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = time_stamp()
    last_used_ip = models.CharField(max_length=64, blank=True)
    revoked_at = time_stamp()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            after("expires_at", "created_at", name="accounts_apitoken_expires_after_created")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
