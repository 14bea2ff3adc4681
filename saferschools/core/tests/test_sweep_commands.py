"""The sweep commands (run by cron or beat) report what they did in words, or as JSON."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("command", "key", "sentence"),
    [
        ("alerts-overdue", "alerted", "0 overdue referral(s) alerted."),
        ("encompass-escalate", "escalated", "0 unacknowledged notification(s) escalated."),
        ("escalate-overdue", "escalated", "0 overdue public message(s) escalated."),
    ],
)
def test_a_sweep_with_nothing_due_says_so(command: str, key: str, sentence: str) -> None:
    out = StringIO()
    call_command(command, stdout=out)
    assert out.getvalue().strip() == sentence
    out = StringIO()
    call_command(command, "--json", stdout=out)
    assert json.loads(out.getvalue()) == {key: []}
