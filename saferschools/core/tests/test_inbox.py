"""The inbox: reading it changes nothing; a message is marked read by a POST, and only the
recipient's own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.core.models import Notification
from saferschools.testing.builders import make_user, verified_login

pytestmark = pytest.mark.django_db


def _note(user, subject):  # noqa: ANN001, ANN202
    return Notification.objects.create(recipient=user, subject=subject)


def test_opening_the_inbox_leaves_messages_unread(client):
    user = make_user(Role.SCHOOLS_OFFICER)
    note = _note(user, "A pupil was searched")
    verified_login(client, user)
    page = client.get(reverse("core:inbox"))
    assert page.status_code == 200 and "A pupil was searched" in page.content.decode()
    client.get(reverse("core:inbox"))
    note.refresh_from_db()
    assert note.read_at is None
    assert client.get(reverse("core:inbox_read")).status_code == 405  # a GET never marks


def test_marking_one_message_read_then_all(client):
    user, other = make_user(Role.SCHOOLS_OFFICER), make_user(Role.SERGEANT)
    first, second = _note(user, "First"), _note(user, "Second")
    theirs = _note(other, "Someone else's")
    verified_login(client, user)
    response = client.post(reverse("core:inbox_read"), {"notification": first.pk})
    assert response.status_code == 302 and response["Location"] == reverse("core:inbox")
    first.refresh_from_db(), second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    client.post(reverse("core:inbox_read"), {"notification": theirs.pk})  # not the user's
    client.post(reverse("core:inbox_read"))
    second.refresh_from_db(), theirs.refresh_from_db()
    assert second.read_at is not None and theirs.read_at is None
