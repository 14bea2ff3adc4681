"""The demo casework seeder: synthetic, idempotent, with a strip search and its adult."""

from __future__ import annotations

import pytest

from saferschools.accounts.choices import Role
from saferschools.casework.models import Concern, Search, YoungPerson
from saferschools.casework.tests.helpers import make_world
from saferschools.core.models import Notification
from saferschools.demo.casework import demo_casework_seed
from saferschools.testing.builders import make_user

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_synthetic(django_capture_on_commit_callbacks):
    w = make_world()
    make_world()
    make_user(Role.INSPECTOR)
    with django_capture_on_commit_callbacks(execute=True):
        summary = demo_casework_seed(children_per_school=6)
    assert "children: 12" in summary
    assert YoungPerson.objects.filter(is_synthetic=True).count() == 12
    assert Concern.objects.exists()
    strip = Search.objects.get(extent="more_than_outer")
    assert strip.appropriate_adult_name and strip.referrals.filter(automatic=True).exists()
    assert demo_casework_seed() == "Demo casework already present."
    assert YoungPerson.objects.count() == 12
    assert not Notification.objects.filter(recipient=w.dsl).exists()
