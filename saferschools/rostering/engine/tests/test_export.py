from icalendar import Calendar

from saferschools.rostering.engine.export import CSV_FIELDS, csv_rows, csv_text, officer_ical

from .helpers import document, make_instance, roster


def test_ical_and_csv() -> None:
    inst = make_instance(teams={"A": 2}, sergeants=1)
    doc = document(roster(inst, {"A1": "DDDDD--", "A2": "-----EL", "G1": "DDDDD--"}))
    text = officer_ical(doc, "A2")
    cal = Calendar.from_ical(text)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 2
    assert "TZID=Europe/London" in text.replace('"', "")
    assert events[0].decoded("dtstart").isoformat() == "2025-07-12T07:00:00+01:00"
    rows = csv_rows(doc)
    assert len(rows) == 12 and set(rows[0]) == set(CSV_FIELDS)
    assert csv_text(doc).splitlines()[0] == ",".join(CSV_FIELDS)
