"""Builders for oversight tests: schools with named officers and casework records made
through the casework services (the real write path), dated where the test wants them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.casework import services as cw
from saferschools.casework.tests.helpers import ASSAULT, BULLYING
from saferschools.engagement.models import SchoolContact, SchoolRequest, Session
from saferschools.testing.builders import (
    make_district,
    make_officer,
    make_school,
    make_user,
    name_officer,
)
from saferschools.workforce.choices import Rank

#: A school's request for advice, as the figures count it (its words are not looked at).
ADVICE = {"source": "school", "topic": "advice", "subject": "s", "message": "m"}


class World:
    """One district, `n_schools` schools with a named officer each, an inspector."""

    def __init__(self, n_schools: int = 2, **school_kw: Any) -> None:
        self.district = make_district("Testdale")
        self.sergeant_officer = make_officer(rank=Rank.SERGEANT)
        self.sergeant = make_user(Role.SERGEANT, officer=self.sergeant_officer)
        self.inspector = make_user(Role.INSPECTOR, officer=make_officer(rank=Rank.INSPECTOR))
        self.coordinator = make_user(Role.COORDINATOR, officer=make_officer(rank=Rank.STAFF))
        self.schools = []
        self.officers = []
        for _ in range(n_schools):
            school = make_school(self.district, **school_kw)
            pc = make_officer(sergeant=self.sergeant_officer)
            name_officer(school, pc)
            self.schools.append(school)
            self.officers.append(pc)
        self._n = 0

    def child(
        self,
        *,
        school: Any = None,
        ethnicity: str = "white_british",
        fsm: str = "no",
        sen: str = "none",
        sex: str = "male",
        first: str | None = None,
        last: str | None = None,
        dob: dt.date = dt.date(2011, 5, 1),
    ) -> Any:
        self._n += 1
        return cw.young_person_create(
            acting_user=self.inspector,
            school=school or self.schools[0],
            first_name=first or f"Child{self._n}",
            last_name=last or f"Testperson{self._n}",
            date_of_birth=dob,
            year_group=9,
            sex=sex,
            ethnicity=ethnicity,
            fsm=fsm,
            sen=sen,
            looked_after="no",
            lawful_basis="law_enforcement",
            confirm_not_duplicate=True,
        )

    def _record(self, create: Callable[..., Any], yp: Any, /, **details: Any) -> Any:
        """A synthetic record about ``yp``, made through the casework service ``create`` by the
        inspector."""
        return create(acting_user=self.inspector, young_person=yp, is_synthetic=True, **details)

    def search(
        self, yp: Any, at: dt.datetime, *, outcome: str = "nothing", strip: bool = False
    ) -> Any:
        return self._record(
            cw.search_record,
            yp,
            searched_at=at,
            reason="drugs",
            grounds="Test grounds.",
            power="misuse_of_drugs" if strip else "education_act",
            location="school",
            extent="more_than_outer" if strip else "possessions",
            searched_by_name="PC Test",
            outcome=outcome,
            appropriate_adult_name="Test adult" if strip else "",
            appropriate_adult_role="Parent" if strip else "",
            authorising_officer_name="Insp Test" if strip else "",
            authorising_officer_rank="INSP" if strip else "",
            parent_told_at=at + dt.timedelta(hours=1),
        )

    def incident(self, yp: Any, at: dt.datetime, outcome: str, *, premises: bool = True) -> Any:
        return self._record(
            cw.incident_create,
            yp,
            occurred_at=at,
            description="Test incident.",
            on_school_premises=premises,
            outcome=outcome,
            outcome_at=at,
            **ASSAULT,
        )

    def concern(self, yp: Any, at: dt.datetime) -> Any:
        return self._record(
            cw.concern_create,
            yp,
            raised_at=at,
            details="Test concern.",
            notify_people=False,
            **BULLYING,
        )

    def referral(
        self,
        yp: Any,
        made: dt.date,
        service: str = "early_help",
        *,
        responded: dt.date | None = None,
    ) -> Any:
        r = self._record(
            cw.referral_create,
            yp,
            service=service,
            reason="Test referral.",
            made_on=made,
            due_date=made + dt.timedelta(days=14),
            consent="parent",
            status="made",
        )
        if responded:
            type(r).all_objects.filter(pk=r.pk).update(responded_on=responded, status="accepted")
        return r

    def contact(self, school: Any, on: dt.date) -> Any:
        """A visit to the school's safeguarding lead."""
        return SchoolContact.objects.create(
            school=school, contact_on=on, kind="visit", contact_with="dsl"
        )

    def request(
        self,
        school: Any,
        received: dt.datetime,
        *,
        target_hours: int = 24,
        answered_after_hours: float | None = None,
    ) -> Any:
        """A school's request for advice, answered `answered_after_hours` after it came in
        (None: not answered yet)."""
        answered = None
        if answered_after_hours is not None:
            answered = received + dt.timedelta(hours=answered_after_hours)
        return SchoolRequest.objects.create(
            school=school,
            **ADVICE,
            received_at=received,
            target_response_hours=target_hours,
            first_response_at=answered,
        )

    def session(self, school: Any, on: dt.date, attendance: int) -> Any:
        """A PSHE session on drugs delivered to `attendance` pupils."""
        return Session.objects.create(
            school=school, delivered_on=on, kind="pshe", topic="drugs", attendance=attendance
        )


def at(day: dt.date, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
