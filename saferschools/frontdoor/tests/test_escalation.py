"""An unanswered public message past its target goes to the officer's sergeant, once."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from saferschools.core.models import Notification
from saferschools.engagement.services import school_request_message
from saferschools.frontdoor.services import public_message_send, public_messages_escalate_overdue

from .helpers import build, start_cover

pytestmark = pytest.mark.django_db


def send(w, django_capture_on_commit_callbacks, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        return public_message_send(
            school=w.school,
            sender="parent",
            message="Worried about my son.",
            reply_email="parent@example.com",
            **kw,
        )


def overdue(w):
    return Notification.objects.filter(recipient=w.sergeant_user, topic="frontdoor.message_overdue")


def test_overdue_message_escalates_to_the_sergeant_once(django_capture_on_commit_callbacks):
    w = build(with_child=False)
    msg = send(w, django_capture_on_commit_callbacks)
    due = msg.request.due_at
    with django_capture_on_commit_callbacks(execute=True):
        assert public_messages_escalate_overdue(now=due - dt.timedelta(minutes=1)) == []
    assert not overdue(w).exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = public_messages_escalate_overdue(now=due + dt.timedelta(minutes=1))
    assert [m.pk for m in done] == [msg.pk]
    note = overdue(w).get()
    assert msg.request.reference in note.subject and note.kind == "alert"
    assert "Worried" not in note.subject + note.body  # the sender's words stay in the record
    msg.refresh_from_db()
    assert msg.escalated_at is not None and msg.escalated_to == w.sergeant_user
    with django_capture_on_commit_callbacks(execute=True):
        assert public_messages_escalate_overdue(now=due + dt.timedelta(days=3)) == []
    assert overdue(w).count() == 1


def test_answered_messages_are_not_escalated(django_capture_on_commit_callbacks):
    w = build(with_child=False)
    msg = send(w, django_capture_on_commit_callbacks)
    school_request_message(acting_user=w.officer_user, school_request=msg.request, body="Hi.")
    later = timezone.now() + dt.timedelta(days=10)
    assert public_messages_escalate_overdue(now=later) == []


def test_covered_message_escalates_to_the_cover_officers_sergeant(
    django_capture_on_commit_callbacks,
):
    from saferschools.accounts.choices import Role
    from saferschools.testing.builders import make_officer, make_user
    from saferschools.workforce.choices import Rank

    w = build(with_child=False)
    other_sgt = make_officer(Rank.SERGEANT)
    other_sgt_user = make_user(Role.SERGEANT, officer=other_sgt)
    w.cover.sergeant = other_sgt
    w.cover.save()
    start_cover(w)
    msg = send(w, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        public_messages_escalate_overdue(now=msg.request.due_at + dt.timedelta(hours=1))
    assert Notification.objects.filter(
        recipient=other_sgt_user, topic="frontdoor.message_overdue"
    ).exists()
    assert not overdue(w).exists()


def test_command(django_capture_on_commit_callbacks):
    w = build(with_child=False)
    msg = send(w, django_capture_on_commit_callbacks)
    type(msg.request).all_objects.filter(pk=msg.request.pk).update(
        received_at=timezone.now() - dt.timedelta(days=4)
    )
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("escalate-overdue", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"escalated": [msg.request.reference]}
    out = StringIO()
    call_command("escalate-overdue", stdout=out)
    assert "0 overdue" in out.getvalue()
    assert overdue(w).count() == 1
