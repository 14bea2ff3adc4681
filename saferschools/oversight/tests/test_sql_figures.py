"""The figures aggregated in the database equal today's figures computed in Python
(`python_figures.py`, the implementation before issue 17) on the same records: the hand-count
fixtures of `test_aggregation.py` and `test_indicators.py`, the seeded demo casework, and the
edges where SQL and Python could part (month boundaries in local time, anonymised, deleted and
unlinked children, schools outside the programme)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from saferschools.casework.models import Incident, YoungPerson

from .. import figures as F
from ..periods import Month, Window
from . import python_figures as P
from .helpers import World, at
from .test_aggregation import IN, MONTH, WINDOW
from .test_aggregation import _world as disproportionality_world

pytestmark = pytest.mark.django_db


def _same_disproportionality(window: Window, schools: list[int] | None = None) -> None:
    sql = F.disproportionality(window, schools=schools)
    py = P.disproportionality(window, schools=schools)
    assert sql.children_known == py.children_known
    assert sql.unlinked_events == py.unlinked_events
    for c, (_, groups, _) in F.CHARACTERISTICS.items():
        assert {g: sql.population[c][g] for g in groups} == {g: py.population[c][g] for g in groups}
        for a in F.ACTIONS:
            assert {g: sql.actions[a][c][g] for g in groups} == {
                g: py.actions[a][c][g] for g in groups
            }, (a, c)
        assert sql.search_outcomes[c] == py.search_outcomes[c]
        assert sql.outcome_share[c] == py.outcome_share[c]


def _same_indicators(months: list[Month]) -> None:
    sql = F.indicators(months)
    py = P.indicators(months)
    assert sql.keys() == py.keys()
    for m in months:
        a = {r.school_id: r for r in sql[m]}
        b = {r.school_id: r for r in py[m]}
        assert a.keys() == b.keys()
        for k in a:
            ra, rb = a[k], b[k]
            assert sorted(ra.response_hours) == pytest.approx(sorted(rb.response_hours))
            ra.response_hours, rb.response_hours = [], []
            assert ra == rb, (m, k)


def test_disproportionality_hand_count_world():
    w = disproportionality_world()
    # Anonymised, deleted and unlinked children and events.
    yp = YoungPerson.objects.filter(ethnicity="black_african", searches__isnull=False).first()
    YoungPerson.all_objects.filter(pk=yp.pk).update(anonymised_at=IN)
    gone = w.child(ethnicity="asian_indian", sex="female", sen="ehcp")
    w.incident(gone, IN, "arrest")
    YoungPerson.all_objects.filter(pk=gone.pk).update(deleted_at=timezone.now())
    orphan = w.child(ethnicity="mixed_white_black_caribbean", fsm="not_known")
    w.incident(orphan, IN, "community_resolution")
    Incident.all_objects.filter(young_person=orphan).update(young_person=None)
    for k, outcome in enumerate(["arrest", "charge", "words_of_advice", "nfa", "pending"]):
        kid = w.child(ethnicity="other_arab", sex="female" if k % 2 else "male")
        w.incident(kid, IN, outcome, premises=bool(k % 2))
        w.search(kid, IN, outcome="arrest" if k == 0 else "nothing", strip=k == 1)
        w.referral(kid, dt.date(2025, 2, 1), "prevent" if k < 2 else "early_help")
    _same_disproportionality(WINDOW)
    _same_disproportionality(WINDOW, schools=[w.schools[1].pk])
    _same_disproportionality(Window.trailing(MONTH.shift(-12), 12))
    assert F.outcomes_by_school(WINDOW) == P.outcomes_by_school(WINDOW)


def test_indicators_at_local_month_boundaries():
    """A record at 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): July for both."""
    w = World(3)
    a, b, c = w.schools
    june, july = Month(2025, 6), Month(2025, 7)
    late = timezone.make_aware(dt.datetime(2025, 6, 30, 23, 30), dt.UTC)
    early = timezone.make_aware(dt.datetime(2025, 5, 31, 23, 15), dt.UTC)  # 1 June local
    yp = w.child(school=a)
    for when in (late, early, at(dt.date(2025, 6, 15)), at(dt.date(2025, 4, 2))):
        w.concern(yp, when)
    w.referral(yp, dt.date(2025, 6, 30), responded=dt.date(2025, 7, 1))
    w.referral(w.child(school=b), dt.date(2025, 6, 1))
    for day in (dt.date(2025, 6, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1)):
        w.contact(c, day)
        w.session(b, day, attendance=day.day)
    for received, hours in ((late, 5), (early, 100), (at(dt.date(2025, 6, 9)), None)):
        w.request(a, received, answered_after_hours=hours)
    _same_indicators([june])
    _same_indicators(july.trailing(12))
    rows = {r.school_id: r for r in F.indicators([june, july])[july]}
    assert rows[a.pk].concerns == 1 and rows[a.pk].requests == 1


def test_demo_casework_figures_equal():
    from saferschools.demo.casework import demo_casework_seed

    World(4)
    demo_casework_seed(seed=3, children_per_school=6)
    month = Month.current().shift(-1)
    _same_indicators(month.trailing(12))
    _same_disproportionality(Window.trailing(month, 12))
    assert F.outcomes_by_school(Window.trailing(month, 12)) == P.outcomes_by_school(
        Window.trailing(month, 12)
    )
