"""The bootstrap step "plan": make and adopt a plan for the loaded area so that every
secondary-phase school has a named officer when `make run` serves, adopted as of the start of
the school year so the monthly figures have a named-officer history to read. Idempotent: when
a plan is adopted and every school of the force has its named officer, nothing changes."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.utils import timezone

from saferschools.allocation import engine as E
from saferschools.allocation import selectors, services
from saferschools.estate.models import Establishment
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer


def school_year_start(today: dt.date) -> dt.date:
    """1 September of the school year `today` falls in; in September and October, of the
    year before (so last month always has a named-officer history)."""
    return dt.date(today.year if today.month >= 11 else today.year - 1, 9, 1)


def plan_bootstrap(out: TextIO) -> None:
    codes = list(selectors.force_districts().values_list("code", flat=True))
    schools = Establishment.objects.secondary_phase().filter(district__code__in=codes)
    unnamed = schools.filter(named_assignment__isnull=True).count()
    if selectors.adopted_plan() is not None and not unnamed:
        out.write("A plan is adopted and every secondary-phase school has a named officer.\n")
        return
    constables = Officer.objects.filter(rank=Rank.CONSTABLE, is_active=True).count()
    sergeants = Officer.objects.filter(rank=Rank.SERGEANT, is_active=True).count()
    n = min(constables, schools.exclude(easting__isnull=True).count())
    if n < 1:
        out.write("No constables or no schools: no plan made.\n")
        return
    try:
        plan = services.plan_create(
            constables=n,
            sergeants=sergeants,
            name="Bootstrap plan",
            acting_user=None,
            # Start-up should not fail or wait long: bend the tolerance where it cannot hold
            # (reported in the plan) and give the solve half a minute in all.
            bend_tolerance=True,
            time_limit_s=30.0,
        )
        # Adopted as of the start of the school year, so the named-officer history (and the
        # monthly figures read from it) covers the months the demo's casework fills.
        adoption = services.plan_adopt(
            plan=plan, acting_user=None, today=school_year_start(timezone.localdate())
        )
    except E.AllocationError as exc:
        out.write(f"No plan adopted: {exc}\n")
        return
    s = plan.result["solve"]
    out.write(
        f"Plan {plan.pk}: {n} constables, {sergeants} sergeants, {plan.method}; "
        f"{s['status'].lower()}, gap {s['gap']:.2%}, {s['seconds']:.1f} s.\n"
        + adoption.as_text()
        + "\n"
    )
