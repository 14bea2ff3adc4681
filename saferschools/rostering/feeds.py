"""Officers' private iCalendar feeds: their shifts and school visits, by a revocable URL.

A calendar app (phone, Outlook) fetches the feed without signing in, so the URL's token is the
credential: 32 random bytes, stored only as its SHA-256, shown once when made. The officer (or
their sergeant, or the programme lead) revokes it; making a new one revokes the old. The feed
holds the shifts of the published rosters (what the officer was told, latest version first)
from four weeks back to the end of the last roster, with the named schools they are in on
school-hours shifts ("school visits"), and their absences. Every fetch is recorded (last use).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.core.records import audited_create
from saferschools.workforce.models import Officer

from . import engine as E
from .history import effective_shifts
from .models import Absence, CalendarFeed, Roster
from .permissions import may_act_for
from .services import RosterError


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, officer: Officer, acting_user: Any) -> str:
    """Make the officer's feed (revoking any live one); return the token (shown once)."""
    if not may_act_for(acting_user, officer):
        raise RosterError(["You can make a calendar feed for yourself only."])
    CalendarFeed.objects.filter(officer=officer, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    audited_create(
        CalendarFeed(officer=officer, token_hash=_hash(token)),
        acting_user=acting_user,
        details={"officer": officer.pk},
    )
    return token


@transaction.atomic
def calendar_feed_revoke(*, officer: Officer, acting_user: Any) -> int:
    """Revoke the officer's live feed; calendar apps get 404 from then on."""
    if not may_act_for(acting_user, officer):
        raise RosterError(["You can revoke your own calendar feed only."])
    feeds = list(CalendarFeed.objects.filter(officer=officer, revoked_at__isnull=True))
    for feed in feeds:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit_record(user=acting_user, action="revoke", obj=feed)
    return len(feeds)


def calendar_feed_get(token: str) -> CalendarFeed | None:
    """The live feed with this token, or None (unknown or revoked)."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.filter(token_hash=_hash(token), revoked_at__isnull=True)
        .select_related("officer")
        .first()
    )


def calendar_feed_ical(feed: CalendarFeed, today: dt.date | None = None) -> str:
    """The feed's iCalendar text (and the fetch recorded as the feed's last use)."""
    officer = feed.officer
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=28)
    last = (
        Roster.objects.filter(published_at__isnull=False, end__gte=since)
        .order_by("-end")
        .values_list("end", flat=True)
        .first()
    )
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    doc = officer_document(officer, since, last or today)
    return E.officer_ical(doc, officer.collar_number)


def officer_document(officer: Officer, since: dt.date, until: dt.date) -> dict[str, Any]:
    """A small roster document of one officer's published shifts, absences and named schools."""
    collar = officer.collar_number
    shifts = effective_shifts([collar], since, until)
    latest = (
        Roster.objects.filter(published_at__isnull=False, shifts__officer=officer)
        .order_by("-published_at")
        .first()
    )
    doc = latest.document if latest is not None else {}
    types = {s["code"]: s for s in doc.get("shift_types", [])}
    if not types:
        types = {
            s.code: {
                "code": s.code,
                "name": s.name,
                "start": s.start.strftime("%H:%M"),
                "end": s.end.strftime("%H:%M"),
                "school_hours": s.school_hours,
            }
            for s in E.DEFAULT_SHIFT_TYPES
        }
    from .engine.edits import _interval

    closed = {(c["date"], c["school"]) for c in doc.get("calendar", {}).get("closures", [])}
    school_days = {
        d["date"] for d in doc.get("calendar", {}).get("days", []) if d["type"] == "school_day"
    }
    mine = [s for s in doc.get("schools", []) if s.get("named_officer") == collar]
    out_shifts = []
    for (_, day), a in sorted(shifts.items(), key=lambda kv: kv[0][1]):
        if a.shift not in types:
            continue
        start, end = _interval({"shift_types": list(types.values()), **doc}, a.shift, day)
        iso = day.isoformat()
        visits = []
        if types[a.shift].get("school_hours") and iso in school_days:
            visits = [
                s["name"]
                for s in mine
                if (iso, s["id"]) not in closed and (iso, None) not in closed
            ]
        out_shifts.append(
            {
                "officer": collar,
                "date": iso,
                "shift": a.shift,
                "district": a.district_id,
                "division": a.division,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "visits": visits,
            }
        )
    absences = []
    for ab in Absence.objects.filter(officer=officer, start__lte=until, end__gte=since):
        for day in ab.days():
            if since <= day <= until:
                absences.append({"officer": collar, "date": day.isoformat(), "reason": ab.reason})
    return {
        "timezone": doc.get("timezone", "Europe/London"),
        "officers": [{"id": collar, "name": officer.short_name}],
        "shift_types": list(types.values()),
        "shifts": out_shifts,
        "absences": absences,
    }
