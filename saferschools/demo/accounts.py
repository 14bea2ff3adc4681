"""Demo sign-ins, one per role, printed by `make run`. Synthetic people only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from saferschools.accounts.choices import OTP_REQUIRED_ROLES, Role
from saferschools.accounts.models import User
from saferschools.accounts.otp import device_with_secret
from saferschools.estate.models import Establishment
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer

DEMO_PASSWORD = "saferschools-demo-2026"
#: The published two-factor secret of every demo police account (base32, for an authenticator
#: app); `saferschools otp-code USERNAME` prints the current code. Synthetic accounts only.
DEMO_TOTP_SECRET = "SAFERSCHOOLSDEMOTOTPSECRET234567"


@dataclass
class DemoLogin:
    username: str
    role: str
    note: str
    two_factor: bool = False


def _school_with_officer() -> Establishment | None:
    return (
        Establishment.objects.secondary_phase()
        .filter(named_assignment__isnull=False)
        .order_by("name")
        .first()
        or Establishment.objects.secondary_phase().order_by("name").first()
    )


@transaction.atomic
def demo_accounts_seed() -> list[DemoLogin]:
    """Create (or refresh) one demo user per role."""
    logins: list[DemoLogin] = []
    school = _school_with_officer()
    named = getattr(school, "named_assignment", None) if school else None
    pc = named.officer if named else Officer.objects.filter(rank=Rank.CONSTABLE).first()
    sergeant = (pc.sergeant if pc and pc.sergeant_id else None) or Officer.objects.filter(
        rank=Rank.SERGEANT
    ).first()
    inspector = Officer.objects.filter(rank=Rank.INSPECTOR).first()
    coordinator = Officer.objects.filter(rank=Rank.STAFF).first()

    def user(
        username: str,
        role: str,
        note: str,
        *,
        officer: Officer | None = None,
        school_obj: Establishment | None = None,
        staff: bool = False,
    ) -> None:
        u, _ = User.objects.get_or_create(username=username)
        u.role = role
        u.school = school_obj
        u.is_staff = staff
        u.is_active = True
        u.is_synthetic = True
        u.must_change_password = False
        if officer is not None:
            u.first_name, u.last_name = officer.first_name, officer.last_name
        u.set_password(DEMO_PASSWORD)
        u.save()
        if officer is not None and officer.user_id != u.pk:
            Officer.objects.filter(user=u).exclude(pk=officer.pk).update(user=None)
            officer.user = u
            officer.save(update_fields=["user"])
        two_factor = role in OTP_REQUIRED_ROLES
        if two_factor:
            device_with_secret(u, DEMO_TOTP_SECRET)
        logins.append(DemoLogin(username, Role(role).label, note, two_factor))

    user("inspector", Role.INSPECTOR, "programme lead: everything", officer=inspector)
    user("sergeant", Role.SERGEANT, "their team's schools", officer=sergeant)
    user(
        "officer",
        Role.SCHOOLS_OFFICER,
        f"named officer{f' for {school.name}' if school else ''}",
        officer=pc,
    )
    user("coordinator", Role.COORDINATOR, "figures, never a child's name", officer=coordinator)
    if school is not None:
        user("head", Role.HEADTEACHER, f"only {school.name}", school_obj=school)
        user("dsl", Role.DSL, f"only {school.name}", school_obj=school)
    user("admin", Role.SYSADMIN, "accounts only, no casework", staff=True)
    return logins
