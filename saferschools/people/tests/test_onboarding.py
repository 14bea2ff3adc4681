"""Bulk on-boarding: the same CSV twice changes nothing; a bad row changes nothing and is
named; a dry run lists without writing; the export imports back unchanged; the command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry, User
from saferschools.accounts.services import role_changes_pending_for
from saferschools.people.models import SchoolStaffPost
from saferschools.people.onboarding import people_export_csv, people_import
from saferschools.people.services import person_decide
from saferschools.testing.builders import make_district, make_school, make_user
from saferschools.workforce.models import Officer

pytestmark = pytest.mark.django_db

HEADER = "username,first_name,last_name,email,role,collar_number,rank,district,team,school_urn,position,active\n"


@pytest.fixture
def area():
    district = make_district("Folkestone and Hythe")
    other = make_district("Thanet")
    school = make_school(district, name="Harbour Academy", urn=118000)
    admin = make_user(Role.SYSADMIN)
    return district, other, school, admin


def approve_all() -> int:
    """The second person (an inspector) approves every grant the administrator's import asked
    for."""
    inspector = User.objects.filter(role=Role.INSPECTOR, username="second").first() or make_user(
        Role.INSPECTOR, username="second"
    )
    pending = list(role_changes_pending_for(inspector))
    for change in pending:
        person_decide(change=change, approve=True, acting_user=inspector)
    return len(pending)


def _csv(district, school) -> str:
    return (
        HEADER
        + "\n".join(
            [
                f"psmith,Pat,Smith,pat.smith@kent.police.uk,sergeant,S101,PS,{district.code},,,,yes",
                f"ajones,Ali,Jones,ali.jones@kent.police.uk,schools_officer,4521,PC,{district.name},S101,,,",
                f"bkhan,Bea,Khan,bea.khan@kent.police.uk,Schools officer,4522,,{district.code},S101,,,yes",
                f"head1,Hana,Head,head@harbour.sch.uk,headteacher,,,,,{school.urn},,yes",
                f"dsl2,Dee,Deputy,deputy@harbour.sch.uk,dsl,,,,,{school.urn},deputy_dsl,yes",
            ]
        )
        + "\n"
    )


def _state() -> list[tuple]:
    users = sorted(
        User.objects.values_list(
            "username", "first_name", "last_name", "email", "role", "school_id", "is_active"
        )
    )
    officers = sorted(
        Officer.objects.values_list(
            "collar_number", "rank", "district_id", "sergeant__collar_number", "user__username"
        )
    )
    posts = sorted(SchoolStaffPost.objects.values_list("user__username", "position"))
    return [*users, *officers, *posts]


def test_import_creates_links_and_a_second_import_changes_nothing(area):
    district, _, school, admin = area
    text = _csv(district, school)
    first = people_import(data=text.encode(), acting_user=admin)
    assert first.problems == []
    assert (first.created, first.updated, first.applied) == (5, 0, True)
    # Every one of them sees children: a second person must approve each grant.
    assert first.waiting == 5 and "second person" in first.summary()
    assert not User.objects.get(username="ajones").is_active
    import_again = people_import(data=text.encode(), acting_user=admin)
    assert (import_again.created, import_again.updated, import_again.unchanged) == (0, 0, 5)
    assert approve_all() == 5
    pc = Officer.objects.get(collar_number="4521")
    assert pc.user.username == "ajones" and pc.district == district
    assert pc.sergeant.collar_number == "S101" and pc.sergeant.user.username == "psmith"
    assert Officer.objects.get(collar_number="4522").rank == "PC"  # from the role
    deputy = User.objects.get(username="dsl2")
    assert deputy.role == Role.DSL and deputy.school == school
    assert deputy.school_post.position == "deputy_dsl"
    assert User.objects.get(username="ajones").has_usable_password() is False
    assert User.objects.get(username="ajones").is_active

    before, entries = _state(), AuditEntry.objects.count()
    second = people_import(data=text.encode(), acting_user=admin)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 5)
    assert second.applied is False
    assert _state() == before
    assert AuditEntry.objects.count() == entries  # not even an "import" entry


def test_a_bad_row_changes_nothing_and_is_named_by_line(area):
    district, _, school, admin = area
    people_import(data=_csv(district, school).encode(), acting_user=admin)
    approve_all()
    before, entries = _state(), AuditEntry.objects.count()
    edited = (
        _csv(district, school).replace("Ali,Jones", "Alison,Jones")  # a good change on line 3
        + "newpc,New,Person,new@kent.police.uk,schools_officer,4600,PC,Nowhereshire,,,,yes\n"
    )
    result = people_import(data=edited.encode(), acting_user=admin)
    assert result.applied is False
    assert [(p.line, p.column) for p in result.problems] == [(7, "district")]
    assert "Nowhereshire" in result.problems[0].message
    assert "line 7" in result.summary()
    assert _state() == before  # the good change on line 3 was not made either
    assert not User.objects.filter(username="newpc").exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("x,A,B,a@b.uk,wizard,,,,,,,", "role", "not a role"),
        ("x,A,B,not-an-email,dsl,,,,,118000,,", "email", "e-mail"),
        ("x,A,B,a@b.uk,headteacher,,,,,999999,,", "school_urn", "No school"),
        ("x,A,B,a@b.uk,schools_officer,77,XX,,,,,", "rank", "not a rank"),
        ("x,A,B,a@b.uk,schools_officer,77,,,S999,,,", "team", "sergeant"),
        ("x,A,B,a@b.uk,sysadmin,,,,,,,", "role", "administrator"),
        ("x,A,B,a@b.uk,dsl,,,,,118000,,maybe", "active", "yes or no"),
        ("ajones,A,B,a@b.uk,schools_officer,,,,,,,", "username", "also on line 3"),
    ],
)
def test_each_kind_of_bad_row_is_explained(area, row, column, words):
    district, _, school, admin = area
    result = people_import(data=(_csv(district, school) + row + "\n").encode(), acting_user=admin)
    assert result.problems, "the row should have been refused"
    problem = result.problems[0]
    assert (problem.line, problem.column) == (7, column)
    assert words in problem.message
    assert User.objects.count() == 1  # only the administrator: nothing half-done
    assert not Officer.objects.exists()


def test_unknown_and_missing_columns_and_encoding(area):
    *_, admin = area
    assert (
        "Unknown column"
        in people_import(data=b"username,first_name,last_name,role,shoe_size\n", acting_user=admin)
        .problems[0]
        .message
    )
    assert (
        "Missing column"
        in people_import(data=b"username,first_name\n", acting_user=admin).problems[0].message
    )
    assert (
        "UTF-8"
        in people_import(
            data="username,first_name,last_name,role\nx,Zo\xeb,B,dsl\n".encode("cp1252"),
            acting_user=admin,
        )
        .problems[0]
        .message
    )


def test_dry_run_lists_changes_and_writes_nothing(area):
    district, other, school, admin = area
    people_import(data=_csv(district, school).encode(), acting_user=admin)
    approve_all()
    moved = (
        _csv(district, school)
        .replace(f"4522,,{district.code}", f"4522,,{other.code}")
        .replace(
            "dsl2,Dee,Deputy,deputy@harbour.sch.uk,dsl,,,,,118000,deputy_dsl,yes",
            "dsl2,Dee,Deputy,deputy@harbour.sch.uk,dsl,,,,,118000,deputy_dsl,no",
        )
    )
    before = _state()
    result = people_import(data=moved.encode(), acting_user=admin, dry_run=True)
    assert result.applied is False and result.updated == 2
    changes = {r.username: r.changes for r in result.rows if r.action == "update"}
    assert changes == {"bkhan": ["district: Thanet"], "dsl2": ["deactivated"]}
    assert _state() == before
    applied = people_import(data=moved.encode(), acting_user=admin)
    assert applied.updated == 2 and applied.waiting == 0  # taking access away never waits
    assert Officer.objects.get(collar_number="4522").district == other
    assert User.objects.get(username="dsl2").is_active is False


def test_export_has_the_import_columns_and_imports_back_unchanged(area):
    district, _, school, admin = area
    people_import(data=_csv(district, school).encode(), acting_user=admin)
    approve_all()
    exported = people_export_csv(
        User.objects.exclude(role=Role.SYSADMIN)
        .order_by("username")
        .select_related("officer__district", "officer__sergeant", "school", "school_post")
    )
    assert exported.splitlines()[0] + "\n" == HEADER
    assert "ajones,Ali,Jones,ali.jones@kent.police.uk,schools_officer,4521,PC," in exported
    again = people_import(data=exported.encode(), acting_user=admin)
    assert again.problems == []
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)  # and the inspector


def test_command_dry_run_json_and_exit_status(area, tmp_path):
    district, _, school, admin = area
    path = tmp_path / "people.csv"
    path.write_text(_csv(district, school))
    out = io.StringIO()
    call_command(
        "people-import", str(path), "--as", admin.username, "--dry-run", "--json", stdout=out
    )
    doc = json.loads(out.getvalue())
    assert doc["created"] == 5 and doc["applied"] is False and doc["problems"] == []
    assert not User.objects.filter(username="ajones").exists()
    call_command("people-import", str(path), "--as", admin.username, stdout=io.StringIO())
    assert User.objects.filter(username="ajones").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "x,A,B,a@b.uk,wizard,,,,,,,\n")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "people-import", str(bad), "--as", admin.username, stdout=io.StringIO(), stderr=err
        )
    assert exit_info.value.code == 1
    assert "line 2, column role" in err.getvalue()
    out = io.StringIO()
    call_command("people-export", "--json", stdout=out)
    assert {r["username"] for r in json.loads(out.getvalue())} >= {"ajones", "head1"}


def test_import_page_checks_then_imports_and_names_a_bad_line(area, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from saferschools.testing.builders import verified_login

    district, _, school, admin = area
    verified_login(client, admin)
    url = "/people/import/"
    upload = SimpleUploadedFile("people.csv", _csv(district, school).encode(), "text/csv")
    checked = client.post(url, {"file": upload, "dry_run": "on"})
    page = checked.content.decode()
    assert "5 people would be created" in page and "Import these changes" in page
    assert not User.objects.filter(username="ajones").exists()
    done = client.post(url, {"confirm": "1"}).content.decode()
    assert "5 people were created" in done and "second person" in done
    assert User.objects.filter(username="ajones").exists()
    bad = SimpleUploadedFile("bad.csv", (HEADER + "x,A,B,a@b.uk,wizard,,,,,,,\n").encode())
    refused = client.post(url, {"file": bad}).content.decode()
    assert "Nothing was changed" in refused and "Line 2, column role" in refused
