import datetime as dt

from saferschools.testing.builders import make_officer, make_school
from saferschools.workforce.models import NamedOfficerPeriod, SchoolAssignment
from saferschools.workforce.services import named_periods_sync


def test_history_follows_each_change_of_named_officer(db):
    school = make_school()
    a, b = make_officer(), make_officer()
    d1, d2 = dt.date(2026, 1, 5), dt.date(2026, 3, 2)
    SchoolAssignment.objects.create(establishment=school, officer=a, since=d1)
    assert named_periods_sync(on=d1) == 1
    assert named_periods_sync(on=d1) == 0  # nothing changed, nothing written
    SchoolAssignment.objects.filter(establishment=school).update(officer=b, since=d2)
    named_periods_sync(on=d2)
    history = list(
        NamedOfficerPeriod.objects.filter(establishment=school).values_list(
            "officer", "start", "end"
        )
    )
    assert history == [(a.pk, d1, d2 - dt.timedelta(days=1)), (b.pk, d2, None)]
    SchoolAssignment.objects.filter(establishment=school).delete()
    named_periods_sync(on=dt.date(2026, 4, 1))
    assert not NamedOfficerPeriod.objects.filter(end=None).exists()


def test_a_change_on_the_day_a_period_began_corrects_it(db):
    school = make_school()
    a, b = make_officer(), make_officer()
    day = dt.date(2026, 2, 2)
    SchoolAssignment.objects.create(establishment=school, officer=a, since=day)
    named_periods_sync(on=day)
    SchoolAssignment.objects.filter(establishment=school).update(officer=b)
    named_periods_sync(on=day)
    assert list(NamedOfficerPeriod.objects.values_list("officer", "start", "end")) == [
        (b.pk, day, None)
    ]
