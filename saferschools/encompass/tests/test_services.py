"""Recording, delivering, reading, acknowledging and escalating notifications (database)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from saferschools.accounts.audit import seal_pending
from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry
from saferschools.core.models import Notification as InboxMessage
from saferschools.encompass import selectors, services
from saferschools.encompass.choices import Delivery, Recipient
from saferschools.encompass.models import (
    Child,
    LocalAuthorityContact,
    Notification,
    TeamMember,
)
from saferschools.encompass.retention import review_due
from saferschools.oversight.stats.disclosure import suppress_2d
from saferschools.rostering.models import BankHoliday, SchoolYear, TermPeriod
from saferschools.testing.builders import make_school, make_user, officer_user

from .helpers import WORDS, child, local, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar() -> None:
    """The county's published autumn 2026 dates (half-term 26-30 October)."""
    year = SchoolYear.objects.create(academic_year=2026, source=SchoolYear.Source.PUBLISHED)
    TermPeriod.objects.create(
        year=year, name="Autumn 1", start=dt.date(2026, 9, 2), end=dt.date(2026, 10, 23)
    )
    TermPeriod.objects.create(
        year=year, name="Autumn 2", start=dt.date(2026, 11, 2), end=dt.date(2026, 12, 18)
    )
    BankHoliday.objects.create(date=dt.date(2026, 12, 25), name="Christmas Day")


def test_two_children_at_two_schools_make_two_notifications(
    calendar, django_capture_on_commit_callbacks
):
    a, b = make_school(name="Alpha Academy"), make_school(name="Beta School")
    dsl_a = make_user(Role.DSL, school=a, email="dsl.a@alpha.example")
    dsl_b = make_user(Role.DSL, school=b)
    officer = officer_user(a)
    with django_capture_on_commit_callbacks(execute=True):
        made = record(officer, [child(a), child(b, "Ben"), child(a, "Cara")])
    assert len(made) == 2
    by_school = {n.establishment: n for n in made}
    assert by_school[a].children.count() == 2
    assert by_school[b].children.count() == 1
    assert {c.first_name for c in by_school[b].children.all()} == {"Ben"}
    # Tuesday evening -> Wednesday 08:30 at both schools.
    assert all(n.due_at == local(2026, 11, 11, 8, 30) for n in made)
    assert all(n.delivery == Delivery.ACCOUNT and n.notified_at for n in made)
    inbox = InboxMessage.objects.filter(topic="encompass")
    assert {m.recipient for m in inbox} == {dsl_a, dsl_b}
    # The message names no child, no words, no place: only that there is something to read.
    for m in inbox:
        text = m.subject + m.body
        for secret in ("Amira", "Ben", "Cara", "Testchild", WORDS, "Margate", "KC-2026"):
            assert secret not in text
        assert m.link.endswith(f"/encompass/{by_school[m.recipient.school].pk}/")
    sent = [e for e in mail.outbox if "dsl.a@alpha.example" in e.to]
    assert sent and "Amira" not in sent[0].body and WORDS not in sent[0].body


def test_stored_encrypted(calendar):
    school = make_school()
    n = record(officer_user(school), [child(school)])[0]
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT first_name, childs_words FROM encompass_child WHERE notification_id=%s", [n.pk]
        )
        first_name, words = cur.fetchone()
    assert first_name.startswith("fernet:") and "Amira" not in first_name
    assert words.startswith("fernet:") and "crying" not in words
    assert Child.objects.get(notification=n).childs_words == WORDS


def test_friday_night_due_monday_and_half_term_due_first_day_back(calendar):
    school = make_school()
    officer = officer_user(school)
    friday = record(officer, [child(school)], at=local(2026, 11, 6, 23, 10), ref="F1")[0]
    assert friday.due_at == local(2026, 11, 9, 8, 30)
    half_term = record(officer, [child(school)], at=local(2026, 10, 28, 12, 0), ref="H1")[0]
    assert half_term.due_at == local(2026, 11, 2, 8, 30)


def test_inset_day_recorded_for_the_school_moves_its_deadline(calendar):
    from saferschools.rostering.models import SchoolClosure

    a, b = make_school(), make_school()
    SchoolClosure.objects.create(date=dt.date(2026, 11, 13), establishment=a)
    made = record(officer_user(a), [child(a), child(b, "Ben")], at=local(2026, 11, 12, 18, 0))
    due = {n.establishment: n.due_at for n in made}
    assert due[a] == local(2026, 11, 16, 8, 30)
    assert due[b] == local(2026, 11, 13, 8, 30)


def test_bad_input_is_refused_whole(calendar):
    school = make_school()
    officer = officer_user(school)
    bad = [
        child(school, date_of_birth=dt.date(2024, 1, 1)),  # aged 2
        child(school, "Dan", spoken_to=False, childs_words=""),  # no reason
        child(None, "Eve"),  # no school and no local authority
    ]
    with pytest.raises(ValidationError) as err:
        record(officer, bad)
    text = " ".join(err.value.messages)
    assert "Child 1" in text and "reception to 17" in text
    assert "Child 2" in text and "why the child was not spoken to" in text
    assert "Child 3" in text and "school" in text
    assert Notification.all_objects.count() == 0


def test_home_educated_child_goes_to_the_local_authority(
    calendar, django_capture_on_commit_callbacks
):
    school = make_school(la_code="886", la_name="Kent")
    LocalAuthorityContact.objects.create(la_code="886", la_name="Kent", email="cs@kent.example")
    with django_capture_on_commit_callbacks(execute=True):
        made = record(officer_user(school), [child(None, home_educated_la_code="886")])
    n = made[0]
    assert n.recipient == Recipient.LOCAL_AUTHORITY and n.establishment is None
    assert n.delivery == Delivery.LOCAL_AUTHORITY and n.delivered_to == "cs@kent.example"
    assert [m.to for m in mail.outbox] == [["cs@kent.example"]]
    assert "Amira" not in mail.outbox[0].body


def test_school_without_an_account_or_contact_means_a_telephone_call(
    calendar, django_capture_on_commit_callbacks
):
    school = make_school()
    lead = make_user(Role.INSPECTOR)
    TeamMember.objects.create(user=lead, is_lead=True)
    with django_capture_on_commit_callbacks(execute=True):
        n = record(officer_user(school), [child(school)])[0]
    # No safeguarding lead account and no recorded contact: the lead must telephone.
    assert n.delivery == Delivery.NONE and n.notified_at is None
    assert InboxMessage.objects.filter(recipient=lead, subject__contains="telephone").exists()
    # ... and the school is invited: whoever manages accounts is asked to add its lead.
    invite = InboxMessage.objects.get(recipient=lead, subject__startswith="Invite")
    assert school.name in invite.subject and invite.link == "/people/new/"


def test_visibility_only_team_named_officer_recorder_and_the_schools_leads(calendar):
    a, b, c = make_school(), make_school(), make_school()
    dsl_a = make_user(Role.DSL, school=a)
    dsl_c = make_user(Role.DSL, school=c)
    head_a = make_user(Role.HEADTEACHER, school=a)
    named_a = officer_user(a)
    other_officer = officer_user(c)
    team = make_user(Role.SCHOOLS_OFFICER)
    TeamMember.objects.create(user=team)
    recorder = make_user(Role.SERGEANT)
    coordinator = make_user(Role.COORDINATOR)
    admin = make_user(Role.SYSADMIN)
    made = {n.establishment: n for n in record(recorder, [child(a), child(b, "Ben")])}
    na = made[a]
    assert {selectors.queue_for(dsl_a)[i].notification for i in range(1)} == {na}
    assert not selectors.queue_for(dsl_c)
    for user in (dsl_a, named_a, team, recorder):
        services.notification_open(acting_user=user, notification=na)
    for user in (dsl_c, head_a, other_officer, coordinator, admin):
        with pytest.raises(PermissionDenied):
            services.notification_open(acting_user=user, notification=na)
    seal_pending()  # reads wait in the pending table until the job seals them into the chain
    reads = AuditEntry.objects.filter(
        record_type="encompass.Notification", record_id=str(na.pk), action="view"
    )
    assert reads.filter(outcome="allowed").count() == 4
    assert reads.filter(outcome="denied").count() == 5


def test_first_read_and_acknowledgement_by_the_schools_lead(calendar):
    school = make_school()
    dsl = make_user(Role.DSL, school=school)
    officer = officer_user(school)
    n = record(officer, [child(school)])[0]
    services.notification_open(acting_user=officer, notification=n)
    n.refresh_from_db()
    assert n.first_read_at is None  # the officer reading is not the school being told
    services.notification_open(acting_user=dsl, notification=n)
    n.refresh_from_db()
    assert n.first_read_by == dsl
    with pytest.raises(PermissionDenied):
        services.notification_acknowledge(acting_user=officer, notification=n)
    services.notification_acknowledge(
        acting_user=dsl, notification=n, support_given="Met by her form tutor at the gate."
    )
    n.refresh_from_db()
    assert n.acknowledged_by == dsl and n.support_given.startswith("Met by")


def test_unacknowledged_notification_alerts_the_lead_and_the_named_officer(
    calendar, django_capture_on_commit_callbacks
):
    school = make_school()
    make_user(Role.DSL, school=school)
    named = officer_user(school)
    lead = make_user(Role.INSPECTOR)
    TeamMember.objects.create(user=lead, is_lead=True)
    n = record(named, [child(school)])[0]
    # Due Wed 08:30; escalation 120 minutes later. At 10:29 nothing, at 10:31 both are told.
    assert services.notifications_escalate(now=local(2026, 11, 11, 10, 29)) == []
    with django_capture_on_commit_callbacks(execute=True):
        late = services.notifications_escalate(now=local(2026, 11, 11, 10, 31))
    assert late == [n]
    told = set(
        InboxMessage.objects.filter(subject__contains="not acknowledged").values_list(
            "recipient", flat=True
        )
    )
    assert told == {lead.pk, named.pk}
    # Once only.
    assert services.notifications_escalate(now=local(2026, 11, 11, 12, 0)) == []
    assert AuditEntry.objects.filter(action="alert", record_id=str(n.pk)).count() == 1


def test_acknowledged_in_time_is_not_escalated(calendar):
    school = make_school()
    dsl = make_user(Role.DSL, school=school)
    lead = make_user(Role.INSPECTOR)
    TeamMember.objects.create(user=lead, is_lead=True)
    n = record(officer_user(school), [child(school)])[0]
    services.notification_acknowledge(acting_user=dsl, notification=n)
    assert services.notifications_escalate(now=local(2026, 11, 12, 12, 0)) == []


def test_only_police_and_the_team_record(calendar):
    school = make_school()
    for role in (Role.DSL, Role.HEADTEACHER, Role.COORDINATOR, Role.SYSADMIN):
        user = make_user(role, school=school if role in (Role.DSL, Role.HEADTEACHER) else None)
        with pytest.raises(PermissionDenied):
            record(user, [child(school)])


def test_retention_review_deletes_after_the_later_of_six_years_and_age_25(calendar):
    school = make_school()
    n = record(officer_user(school), [child(school, date_of_birth=dt.date(2013, 5, 4))])[0]
    assert n.incident.review_date == dt.date(2038, 5, 4)  # 25th birthday beats 2032
    assert review_due(today=dt.date(2038, 5, 3)) == []
    assert review_due(today=dt.date(2038, 5, 4), apply=True) == [n.incident.pk]
    assert not Notification.all_objects.filter(pk=n.pk).exists()
    assert AuditEntry.objects.filter(action="delete", record_type="encompass.Incident").exists()


def test_subject_access_export_includes_the_childs_encompass_entries(calendar):
    from saferschools.casework.export import subject_access_data
    from saferschools.casework.tests.helpers import make_child, make_world

    w = make_world()
    yp = make_child(w, "Amira", "Testchild", date_of_birth=dt.date(2013, 5, 4))
    record(w.officer, [child(w.school), child(w.school, "Ben")])
    data = subject_access_data(yp)
    section = next(s for s in data["sections"] if s["title"] == "Operation Encompass notifications")
    assert len(section["records"]) == 1
    rows = dict(section["records"][0]["rows"])
    assert rows["The child's voice"] == f"“{WORDS}”"
    assert rows["Other children in this notification"].startswith("1 (details withheld")
    assert "Ben" not in str(section)


def test_monthly_figure_notified_before_the_next_school_day_against_a_hand_count(calendar):
    """Twelve November notifications at two districts' schools, told at hand-set times."""
    north, south = make_school(), make_school()
    secondary_south = south
    primary_north = make_school(north.district, phase="Primary", school_group="primary")
    officer = officer_user(north)
    # (school, incident, minutes after the deadline it was told: negative = before; None = never)
    plan = [
        (north, local(2026, 11, 2, 20), -600),
        (north, local(2026, 11, 3, 20), -30),
        (north, local(2026, 11, 4, 20), 15),
        (north, local(2026, 11, 5, 20), -1),
        (north, local(2026, 11, 9, 20), None),
        (primary_north, local(2026, 11, 10, 20), -60),
        (primary_north, local(2026, 11, 11, 20), 0),  # exactly at the start: still in time
        (secondary_south, local(2026, 11, 12, 20), -120),
        (secondary_south, local(2026, 11, 16, 20), 90),
        (secondary_south, local(2026, 11, 17, 20), -5),
        (secondary_south, local(2026, 11, 18, 20), -5),
        (secondary_south, local(2026, 11, 19, 20), 240),
    ]
    acks = {0: 2.0, 1: 4.0, 2: 1.0, 7: 3.0}  # hours from being told to acknowledgement
    for i, (school, at, late_by) in enumerate(plan):
        n = record(officer, [child(school)], at=at, ref=f"H{i}")[0]
        told = None if late_by is None else n.due_at + dt.timedelta(minutes=late_by)
        ack = told + dt.timedelta(hours=acks[i]) if i in acks else None
        Notification.objects.filter(pk=n.pk).update(notified_at=told, acknowledged_at=ack)
    # An October incident is not November's.
    record(officer, [child(north)], at=local(2026, 10, 20, 20), ref="OCT")

    f = selectors.monthly_figures(2026, 11)
    # Hand count: in time = late_by <= 0 -> rows 0,1,3,5,6,7,9,10 = 8 of 12.
    assert (f.total, f.on_time) == (12, 8)
    assert f.share_on_time == round(100 * 8 / 12, 1)
    assert f.acknowledged == 4 and f.median_hours_to_acknowledge == 2.5
    rows = {r.label: r for r in f.by_district}
    # North district: rows 0-6 = 7 notifications, 5 in time (0,1,3,5,6); South: 5, 3 in time.
    # Published under disclosure control: the same table suppressed as the report does it.
    expected = suppress_2d([[5, 2], [3, 2]], threshold=5)
    north_row, south_row = rows[north.district.name], rows[south.district.name]
    assert [north_row.on_time, north_row.late_or_not_sent] == expected.cells[0]
    assert [south_row.on_time, south_row.late_or_not_sent] == expected.cells[1]
    assert (north_row.notified, south_row.notified) == (7, 5)
    assert None in expected.cells[1]  # small counts really are hidden
    types = {r.label: r for r in f.by_school_type}
    # Rows in school-group order: primary 2 told, both in time; secondary 10, 6 in time
    # (0, 1, 3 at north; 7, 9, 10 at south).
    expected = suppress_2d([[2, 0], [6, 4]], threshold=5)
    # Decision 140: all-through schools are a group of their own, so the secondary group's
    # label is "Secondary" (these test schools are all phase Secondary).
    for i, label in enumerate(["Primary", "Secondary"]):
        assert [types[label].on_time, types[label].late_or_not_sent] == expected.cells[i]
        assert types[label].notified == expected.row_totals[i]


def test_school_without_an_account_is_told_at_its_recorded_safeguarding_contact(
    calendar, django_capture_on_commit_callbacks
):
    from saferschools.core.messaging.models import OutboundMessage

    school = make_school(dsl_email="dsl@nomail-academy.example")
    with django_capture_on_commit_callbacks(execute=True):
        n = record(officer_user(school), [child(school)])[0]
    assert n.delivery == Delivery.CONTACT and n.delivered_to == "dsl@nomail-academy.example"
    msg = OutboundMessage.objects.get(record_type="encompass.Notification", record_id=str(n.pk))
    assert msg.to_address == "dsl@nomail-academy.example"
    for secret in ("Amira", "Testchild", WORDS, "Margate"):
        assert secret not in msg.subject + msg.body_text
    assert f"/encompass/{n.pk}/" in msg.body_text


def test_demo_seed_uses_the_services_and_runs_once(calendar, django_capture_on_commit_callbacks):
    from saferschools.demo.encompass import demo_encompass_seed

    school = make_school(la_code="886", la_name="Kent")
    make_user(Role.DSL, school=school)
    officer_user(school)
    make_user(Role.INSPECTOR)
    with django_capture_on_commit_callbacks(execute=True):
        first = demo_encompass_seed(incidents=4)
    assert first.startswith("4 notification(s) to 1 school(s)")
    assert Notification.objects.filter(is_synthetic=True).count() == 4
    assert Notification.objects.filter(acknowledged_at__isnull=False).count() == 2
    assert TeamMember.objects.filter(is_lead=True).count() == 1
    assert LocalAuthorityContact.objects.get(la_code="886").email.endswith(".example.gov.uk")
    assert demo_encompass_seed() == "Demo Encompass notifications already present."


def test_monthly_report_has_the_encompass_section(calendar):
    from saferschools.oversight.periods import Month
    from saferschools.oversight.report import build_report

    empty = build_report(Month(2026, 10), public=True, sections=["encompass"]).section("encompass")
    assert empty.tables == [] and "No Operation Encompass notifications" in empty.notes[0]
    schools = [make_school() for _ in range(2)]
    officer = officer_user(schools[0])
    for i in range(7):
        record(officer, [child(schools[i % 2])], at=local(2026, 11, 2 + i, 20), ref=f"R{i}")
    report = build_report(Month(2026, 11), public=False)
    table = report.section("encompass").tables[0]
    total = next(r for r in table.rows if r.is_total)
    # All seven were recorded after their deadlines (today is after November): all late.
    # Columns: before the next school day, late or not yet made, and the row's total.
    assert [c.value for c in total.cells][:3] == [0, 7, 7]
