"""The Django admin's roster form reads as a roster does: what it covers and its state first,
the solver's figures after (the abstract `SolveOutcome`'s fields would otherwise lead)."""

from __future__ import annotations

from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.testing.builders import make_user
from saferschools.testing.rostering import make_roster


def test_the_roster_form_leads_with_what_it_covers(client, db):
    client.force_login(make_user(Role.SYSADMIN, is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:rostering_roster_change", args=[make_roster([]).pk]))
    assert page.status_code == 200
    html = page.content.decode()
    order = [html.index(f'name="{name}"') for name in ("scope", "status", "solve_status")]
    assert order == sorted(order)
    assert [h for h in ("Covers", "State", "Solver") if f">{h}</h2>" in html] == [
        "Covers",
        "State",
        "Solver",
    ]
