"""What identifies a person is encrypted at rest: public requesters' names and contact
details, and search filters kept in the audit log (issue 12, item 9)."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from saferschools.accounts.audit import seal_pending, unseal
from saferschools.accounts.models import AuditEntry
from saferschools.casework.tests.helpers import make_child, make_world
from saferschools.engagement.models import SchoolRequest
from saferschools.frontdoor import services as frontdoor
from saferschools.testing.builders import verified_login

NAME, EMAIL, PHONE = "Bernadette Okonkwo-Smith", "b.okonkwo@example.org", "07700 900123"


def _raw(table: str, columns: str = "*") -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {columns} FROM {table}")
        return repr(cur.fetchall())


def test_a_public_requesters_name_and_contact_details_are_encrypted_at_rest(client, db):
    w = make_world()
    msg = frontdoor.public_message_send(
        school=w.school,
        sender="parent",
        message="My son is being followed home",
        reply_email=EMAIL,
        reply_phone=PHONE,
        name=NAME,
    )
    stored = _raw("engagement_schoolrequest")
    for value in (NAME, EMAIL, PHONE, "Okonkwo", "example.org", "900123"):
        assert value not in stored, value
    request = SchoolRequest.objects.get(pk=msg.request_id)
    assert (request.requester_name, request.requester_email, request.requester_phone) == (
        NAME,
        EMAIL,
        PHONE,
    )
    verified_login(client, w.officer)
    page = client.get(reverse("engagement:request_detail", args=[request.pk])).content.decode()
    assert NAME in page or EMAIL in page  # the officer who answers still sees who to reply to


def test_search_filters_are_sealed_in_the_audit_log(client, db):
    w = make_world()
    make_child(w, first="Tallulah", last="Featherstonehaugh")
    verified_login(client, w.officer)
    client.get(reverse("casework:young_person_list"), {"q": "Featherstonehaugh"})
    client.get("/api/casework/young-people/", {"q": "Featherstonehaugh"})
    assert "Featherstonehaugh" not in _raw("accounts_pendingauditentry", "details")
    seal_pending()
    assert "Featherstonehaugh" not in _raw("accounts_auditentry", "details")
    searches = [
        unseal(e.details["filters"])
        for e in AuditEntry.objects.filter(record_id="list", record_type="casework.YoungPerson")
    ]
    assert searches == [{"q": "Featherstonehaugh"}, {"q": "Featherstonehaugh"}]
