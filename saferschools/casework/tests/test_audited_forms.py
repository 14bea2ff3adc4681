"""Opening an edit or close form shows the child's record, so it is a read in the audit log
with its purpose (issue 12, item 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from saferschools.accounts.audit import seal_pending
from saferschools.accounts.models import AuditEntry
from saferschools.testing.builders import verified_login

from .. import services
from .helpers import make_child, make_concern, make_world, strip_search_kwargs

pytestmark = pytest.mark.django_db


def _reads(user, record_type: str, pk: int) -> list[AuditEntry]:
    seal_pending()  # reads wait in the pending table until the job seals them into the chain
    return list(
        AuditEntry.objects.filter(
            username=user.username,
            action="view",
            outcome="allowed",
            record_type=record_type,
            record_id=str(pk),
        )
    )


def test_edit_and_close_pages_are_audited_as_reads_with_their_purpose(client):
    w = make_world()
    child = make_child(w)
    concern = make_concern(
        w,
        child,
        category="online",
        raised_by="child",
        details="Messages from an older boy",
        childs_words="He said he would tell everyone",
    )
    search = services.search_record(
        acting_user=w.officer, young_person=child, **strip_search_kwargs()
    )
    verified_login(client, w.officer)
    pages = [
        (
            "casework:young_person_edit",
            child,
            "casework.YoungPerson",
            "Correcting a young person's details",
        ),
        ("casework:concern_edit", concern, "casework.Concern", "Changing a concern"),
        ("casework:concern_close", concern, "casework.Concern", "Closing a concern"),
        ("casework:search_edit", search, "casework.Search", "Changing a search"),
    ]
    for name, obj, record_type, purpose in pages:
        before = len(_reads(w.officer, record_type, obj.pk))
        response = client.get(reverse(name, args=[obj.pk]))
        assert response.status_code == 200, name
        reads = _reads(w.officer, record_type, obj.pk)
        assert len(reads) == before + 1, name
        assert reads[-1].purpose.lower().startswith(purpose.lower()), (name, reads[-1].purpose)
    assert (
        "He said he would tell everyone"
        in client.get(reverse("casework:concern_close", args=[concern.pk])).content.decode()
    )
