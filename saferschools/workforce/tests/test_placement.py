"""The workforce's own services for placing officers and replacing the named officers, which
allocation calls when a plan is adopted."""

import datetime as dt

from saferschools.testing.builders import make_district, make_officer, make_school
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import NamedOfficerPeriod, Officer, SchoolAssignment
from saferschools.workforce.services import officers_place, school_assignments_replace


def test_a_constable_takes_the_districts_division_and_a_released_one_has_none(db):
    north = make_district("Northam", division="North")
    south = make_district("Southam", division="South")
    sergeant = make_officer(Rank.SERGEANT, division=north.division)
    placed, released = make_officer(district=north), make_officer(district=north)
    officers_place(
        constables=[(placed, south, None)],
        sergeants=[(sergeant, south.division)],
        release=[released],
    )
    placed.refresh_from_db(), released.refresh_from_db(), sergeant.refresh_from_db()
    assert (placed.district, placed.division) == (south, south.division)
    assert (released.district, released.division, released.sergeant) == (None, None, None)
    assert sergeant.division == south.division
    assert Officer.objects.filter(division=north.division).count() == 0


def test_replacing_the_named_officers_changes_only_what_changed_and_keeps_the_history(db):
    a, b = make_officer(), make_officer()
    kept, moved, dropped, new = (make_school() for _ in range(4))
    d1, d2 = dt.date(2026, 1, 5), dt.date(2026, 3, 2)
    school_assignments_replace(named={kept: a, moved: a, dropped: b}, on=d1)
    out = school_assignments_replace(named={kept: a, moved: b, new: b}, on=d2)
    assert out.created == 1 and out.removed == 1
    assert [(s, old, now) for s, old, now in out.changed] == [(moved, a, b)]
    assert out.officers_touched == {a.pk, b.pk}
    since = dict(SchoolAssignment.objects.values_list("establishment", "since"))
    assert since == {kept.pk: d1, moved.pk: d2, new.pk: d2}
    assert NamedOfficerPeriod.objects.get(establishment=moved, end__isnull=False).end == (
        d2 - dt.timedelta(days=1)
    )
    assert not NamedOfficerPeriod.objects.filter(establishment=dropped, end=None).exists()
