"""The bulk import of history: a bad file is refused whole (nothing written, no audit entry),
a good one is loaded with one audit entry, encrypted, derived and scoped as the services do."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection

from saferschools.accounts.models import AuditEntry
from saferschools.testing.builders import make_school

from ..bulk_import import ImportRefused, import_history
from ..models import Concern, Incident, Referral, Search, YoungPerson
from .helpers import make_world

pytestmark = pytest.mark.django_db

PEOPLE = """ref,school_urn,first_name,last_name,date_of_birth,year_group,sex,ethnicity,fsm,sen,looked_after,lawful_basis,opened_on
OLD-1,{urn},Zoë,O'Brien,2011-03-14,9,female,white_irish,yes,none,no,law_enforcement,2023-09-04
OLD-2,{urn},Sam,Patel,2010-11-02,10,male,asian_indian,no,sen_support,no,law_enforcement,2024-01-10
OLD-3,{urn},Kai,Mensah,2012-06-30,8,male,black_african,not_known,not_known,not_known,law_enforcement,2024-02-01
"""

CONCERNS = """young_person_ref,category,raised_by,raised_at,risk_level,details,childs_words,status,closed_at
OLD-1,bullying,school,2024-03-05T10:15:00,2,Pushed in the corridor.,I don't want to go to maths.,open,
OLD-2,online,parent,2024-04-01 08:00,3,Messages from an adult.,,open,
OLD-1,bullying,school,2024-05-05T10:15:00+01:00,1,Name calling.,It stopped.,closed,2024-05-20T12:00:00
"""


def _load_people(w) -> None:
    import_history(
        acting_user=w.officer,
        kind="young_person",
        source=io.StringIO(PEOPLE.format(urn=w.school.urn)),
        file_name="people.csv",
    )


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cur.fetchone()[0]


def test_a_good_file_loads_with_one_audit_entry():
    w = make_world()
    before = AuditEntry.objects.count()
    _load_people(w)
    result = import_history(
        acting_user=w.officer, kind="concern", source=io.StringIO(CONCERNS), file_name="c.csv"
    )
    assert result.rows == 3
    assert AuditEntry.objects.count() == before + 2  # one per file, not one per row
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "import" and entry.user == w.officer
    assert entry.record_type == "casework.Concern"
    assert entry.details["rows"] == 3 and entry.details["sha256"] == result.sha256
    zoe = YoungPerson.objects.get(source_ref="OLD-1")
    assert zoe.name_key == "zoe obrien" and zoe.school == w.school
    assert zoe.created_at.date().isoformat() == "2023-09-04"
    concerns = list(Concern.objects.filter(young_person=zoe).order_by("raised_at"))
    assert [c.details for c in concerns] == ["Pushed in the corridor.", "Name calling."]
    assert concerns[1].status == "closed" and concerns[1].closed_at is not None
    # Free text is encrypted at rest, as through the services.
    raw = _raw("casework_concern", "details", concerns[0].pk)
    assert "corridor" not in raw and raw
    # Retention: reviewed from the record's own date; the child no earlier than their records.
    assert all(c.review_date for c in concerns)
    zoe.refresh_from_db()
    assert zoe.review_date >= max(c.review_date for c in concerns)
    # The officer sees the imported history in their list.
    from .. import selectors

    assert selectors.concerns(user=w.officer).count() == 3


def _planner_knows(table: str) -> bool:
    """Whether the database's planner has statistics for `table` (SQLite's sqlite_stat1,
    PostgreSQL's pg_stats)."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cur.fetchone() is None:
                return False
            cur.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cur.execute("SELECT 1 FROM pg_stats WHERE tablename = %s", [table])
        return cur.fetchone() is not None


def test_an_import_gives_the_planner_statistics_for_what_it_loaded():
    """A million imported concerns are planned as a scan until the planner has statistics
    (SQLite keeps none unless asked): the import analyses the tables it grew."""
    w = make_world()
    assert not _planner_knows("casework_concern")
    _load_people(w)
    import_history(acting_user=w.officer, kind="concern", source=io.StringIO(CONCERNS))
    assert _planner_knows("casework_concern") and _planner_knows("casework_youngperson")


def test_a_bad_file_is_refused_whole():
    w = make_world()
    _load_people(w)
    before = (Concern.all_objects.count(), AuditEntry.objects.count())
    bad = CONCERNS + (
        "OLD-9,bullying,school,2024-03-05T10:15:00,2,No such child.,,open,\n"
        "OLD-2,not_a_category,school,2024-03-05T10:15:00,2,Bad category.,,open,\n"
        "OLD-2,bullying,school,yesterday,2,Bad date.,,open,\n"
        "OLD-3,bullying,school,2024-03-05T10:15:00,2,Closed with no voice.,,closed,2024-03-06\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_history(acting_user=w.officer, kind="concern", source=io.StringIO(bad))
    errors = "\n".join(refused.value.errors)
    assert "Line 5, young_person_ref" in errors
    assert "Line 6, category" in errors
    assert "Line 7, raised_at" in errors
    assert "Line 8, childs_words" in errors  # the concern's own rule (clean())
    # The three good rows before the bad ones were not written either.
    assert (Concern.all_objects.count(), AuditEntry.objects.count()) == before


def test_header_scope_and_role_are_checked():
    w = make_world()
    with pytest.raises(ImportRefused, match="error"):
        import_history(
            acting_user=w.officer,
            kind="concern",
            source=io.StringIO("young_person_ref,category,colour\nX,bullying,red\n"),
        )
    other = make_school()
    with pytest.raises(ImportRefused) as refused:
        import_history(
            acting_user=w.officer,
            kind="young_person",
            source=io.StringIO(PEOPLE.format(urn=other.urn)),
        )
    assert "not one of yours" in "\n".join(refused.value.errors)
    with pytest.raises(PermissionDenied):
        import_history(acting_user=w.dsl, kind="search", source=io.StringIO("x\n"))
    # A reference already loaded is refused, not duplicated.
    _load_people(w)
    with pytest.raises(ImportRefused, match="error"):
        _load_people(w)
    assert YoungPerson.objects.filter(source_ref="OLD-1").count() == 1


def test_incidents_searches_referrals_derive_as_the_services_do(tmp_path):
    w = make_world()
    _load_people(w)
    (tmp_path / "i.csv").write_text(
        "young_person_ref,occurred_at,reported_by,category,description,on_school_premises,outcome,outcome_at\n"
        "OLD-2,2024-03-01T11:00,school,assault,A fight.,yes,arrest,2024-03-01T12:00\n"
        "OLD-3,2024-03-02T11:00,school,assault,Another.,no,words_of_advice,2024-03-02T12:00\n",
        encoding="utf-8",
    )
    call_command("import-history", "incident", str(tmp_path / "i.csv"), user=w.officer.username)
    arrest = Incident.objects.get(young_person__source_ref="OLD-2")
    assert arrest.sergeant_review_required and arrest.school == w.school
    assert (arrest.child_ethnicity, arrest.child_sen, arrest.child_age) == (
        "asian_indian",
        "sen_support",
        13,
    )
    s = io.StringIO(
        "young_person_ref,searched_at,reason,grounds,power,location,extent,searched_by_name,outcome,parent_told_at\n"
        "OLD-1,2024-03-01T11:00,drugs,Smell.,education_act,school,possessions,PC Old,nothing,2024-03-03T11:00\n"
    )
    import_history(acting_user=w.officer, kind="search", source=s)
    assert Search.objects.get().parent_notice_flag  # told two days later
    strip = io.StringIO(
        "young_person_ref,searched_at,reason,grounds,power,location,extent,searched_by_name,outcome\n"
        "OLD-1,2024-03-01T11:00,drugs,Smell.,misuse_of_drugs,school,more_than_outer,PC Old,nothing\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_history(acting_user=w.officer, kind="search", source=strip)
    assert "appropriate_adult_name" in "\n".join(refused.value.errors)
    r = io.StringIO(
        "young_person_ref,service,reason,made_on,due_date,consent,consent_override_reason\n"
        "OLD-3,early_help,Needs support.,2024-03-01,2024-03-15,not_sought,Risk of harm if parents knew.\n"
    )
    import_history(acting_user=w.officer, kind="referral", source=r)
    ref = Referral.objects.get()
    assert ref.consent_override_by == w.officer and ref.reason == "Needs support."


def test_the_fast_writer_stores_what_the_orm_stores():
    """`core.bulk` skips Model.__init__ and get_db_prep_save: a record written through it must
    read back equal, field for field, to the same record saved by the ORM (encrypted text
    encrypted, times in UTC, dates, flags, numbers and links as they were)."""
    import datetime as dt

    from django.db.models import Case, When

    from saferschools.core.bulk import Blueprint, RowWriter

    w = make_world()
    _load_people(w)
    child = YoungPerson.objects.get(source_ref="OLD-1")
    searched = dt.datetime(2024, 3, 1, 11, 5, 7, 123456, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    values = {
        "young_person_id": child.pk,
        "school_id": w.school.pk,
        "created_by_id": w.officer.pk,
        "searched_at": searched,
        "created_at": searched,
        "updated_at": searched,
        "review_date": dt.date(2031, 3, 1),
        "reason": "drugs",
        "grounds": "Smelt of cannabis — ‘strongly’.",
        "power": "education_act",
        "location": "school",
        "extent": "possessions",
        "searched_by_name": "PC Fast",
        "searched_by_is_police": False,
        "outcome": "nothing",
        "others_present": "",
        "parent_told_at": searched + dt.timedelta(hours=30),
        "child_age": 13,
        "child_sex": "female",
    }
    fast = Blueprint(Search).new(values)
    fast.derive()
    RowWriter(Search).insert([fast])
    slow = Search(**values)
    slow.derive()
    slow.save()
    a, b = (
        {f.attname: getattr(o, f.attname) for f in Search._meta.concrete_fields}
        for o in Search.all_objects.filter(pk__in=[fast.pk, slow.pk]).order_by(
            Case(When(pk=fast.pk, then=0), default=1)
        )
    )
    assert a.pop("id") == fast.pk and b.pop("id") == slow.pk
    assert a == b
    assert a["grounds"] == values["grounds"] and a["parent_notice_flag"] is True
    assert Search.all_objects.get(pk=fast.pk).searched_at == searched
    # Stored encrypted, as the ORM stores it.
    assert "cannabis" not in _raw("casework_search", "grounds", fast.pk)
