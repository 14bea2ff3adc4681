"""Oversight pages, downloads, the API and the report command: who may see what, what is
audited, and that no child's name reaches the co-ordinator."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from saferschools.accounts.audit import seal_pending
from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry
from saferschools.casework.models import Incident
from saferschools.core.models import Notification
from saferschools.testing.builders import make_user

from ..periods import Month
from .helpers import World, at

pytestmark = pytest.mark.django_db

LAST = Month.current().shift(-1)


def _populated() -> World:
    w = World(2)
    day = LAST.start + dt.timedelta(days=4)
    for k in range(12):
        yp = w.child(
            first="Zephyrine",
            last=f"Quillfeather{k}",
            school=w.schools[k % 2],
            ethnicity=["white_british", "black_african"][k % 2],
        )
        w.search(yp, at(day), outcome="nothing" if k % 3 else "police")
        w.concern(yp, at(day))
    return w


def _last_audit(who: str) -> tuple[str, str, str]:
    """The newest audit entry's action, record and ``who`` (its role or its username)."""
    entry = AuditEntry.objects.order_by("-seq").first()
    return (entry.action, entry.record_id, getattr(entry, who))


@pytest.mark.parametrize(
    "url",
    [
        "/oversight/",
        f"/oversight/indicators/{LAST.key}/",
        "/oversight/fairness/",
        f"/oversight/disproportionality/{LAST.key}/",
        f"/oversight/stop-search/{LAST.key}/",
        "/oversight/reviews/",
        f"/oversight/report/{LAST.key}/",
        f"/oversight/public/{LAST.key}/",
    ],
)
def test_coordinator_pages_show_no_child(client, url):
    w = _populated()
    client.force_login(w.coordinator)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zephyrine" not in html and "Quillfeather" not in html
    assert "2011-05-01" not in html and "1 May 2011" not in html


def test_force_report_needs_an_oversight_role_public_report_needs_none(client):
    _populated()
    url = f"/oversight/report/{LAST.key}/"
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(make_user(Role.SCHOOLS_OFFICER))
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(f"/oversight/public/{LAST.key}/").status_code == 200
    # A month not yet ended is not published.
    assert client.get(f"/oversight/public/{Month.current().key}/").status_code == 404
    assert client.get(f"/oversight/public/{Month.current().shift(2).key}/").status_code == 404


def test_downloads_and_views_are_audited(client):
    w = _populated()
    client.force_login(w.coordinator)
    before = AuditEntry.objects.count()
    client.get(f"/oversight/report/{LAST.key}/")
    seal_pending()  # the view waits in the pending table until sealed (the job, every minute)
    pdf = client.get(f"/oversight/report/{LAST.key}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    got = client.get(f"/oversight/report/{LAST.key}/report.csv")
    rows = list(csv.DictReader(io.StringIO(got.content.decode())))
    assert rows and {"table", "row", "column", "value", "status"} <= set(rows[0])
    entries = list(AuditEntry.objects.order_by("seq")[before:])
    assert [(e.action, e.record_type, e.record_id, e.details.get("format")) for e in entries] == [
        ("view", "oversight.Report", f"{LAST.key}:force", None),
        ("export", "oversight.Report", f"{LAST.key}:force", "pdf"),
        ("export", "oversight.Report", f"{LAST.key}:force", "csv"),
    ]
    assert all(e.username == w.coordinator.username for e in entries)
    client.logout()
    client.get(f"/oversight/public/{LAST.key}/report.csv")
    assert _last_audit("role") == ("disclose", f"{LAST.key}:public", "anonymous")


def test_api_report_json(client):
    w = _populated()
    assert client.get(f"/api/oversight/report/{LAST.key}/").status_code in (401, 403)
    client.force_login(w.coordinator)
    data = client.get(f"/api/oversight/report/{LAST.key}/").json()
    assert data["version"] == "force"
    cells = [
        c for s in data["sections"] for t in s["tables"] for r in t["rows"] for c in r["cells"]
    ]
    assert any(c["suppressed"] and c["value"] is None for c in cells)
    assert not [c for c in cells if c["kind"] == "count" and c["value"] in (1, 2, 3, 4)]
    client.logout()
    public = client.get(f"/api/oversight/public/{LAST.key}/").json()
    assert public["version"] == "public"
    assert "Zephyrine" not in str(public)


def test_report_command_writes_three_files(tmp_path, capsys):
    _populated()
    call_command("report", "--month", LAST.key, "--public", "--out", str(tmp_path))
    out = capsys.readouterr().out
    assert "charts" in out
    html = (tmp_path / "report.html").read_text()
    assert html.count("<svg") == html.count("</figure>") >= 10
    assert "<script" not in html and "Zephyrine" not in html
    assert (tmp_path / "report.pdf").read_bytes()[:4] == b"%PDF"
    assert (tmp_path / "report.csv").read_text().startswith("table,title,row,column")
    assert _last_audit("username") == ("disclose", f"{LAST.key}:public", "system")


def test_review_queue_lists_flagged_outcomes_overdue_after_a_day(client):
    w = World(1)
    yp = w.child()
    incident = w.incident(yp, at(timezone.localdate() - dt.timedelta(days=3)), "arrest")
    Incident.all_objects.filter(pk=incident.pk).update(
        outcome_at=timezone.now() - dt.timedelta(hours=30)
    )
    fresh = w.incident(w.child(), timezone.now() - dt.timedelta(hours=2), "charge")
    Incident.all_objects.filter(pk=fresh.pk).update(
        outcome_at=timezone.now() - dt.timedelta(hours=2)
    )
    assert Incident.objects.filter(sergeant_review_required=True).count() == 2
    client.force_login(w.sergeant)
    html = client.get("/oversight/reviews/").content.decode()
    assert f"Incident {incident.pk}" in html and f"Incident {fresh.pk}" in html
    assert html.count("Overdue</strong>") == 1
    assert yp.first_name not in html
    # The co-ordinator sees suppressed counts, not the list.
    client.force_login(w.coordinator)
    html = client.get("/oversight/reviews/").content.decode()
    assert f"Incident {incident.pk}" not in html
    assert "Awaiting review now, by policing area" in html


def test_casework_notifies_the_sergeant_of_a_flagged_outcome(django_capture_on_commit_callbacks):
    """Casework already notifies (so oversight shows the queue, and does not notify again)."""
    w = World(1)
    from saferschools.casework import services as cw

    yp = w.child()
    with django_capture_on_commit_callbacks(execute=True):
        cw.incident_create(
            acting_user=w.inspector,
            young_person=yp,
            occurred_at=timezone.now(),
            reported_by="school",
            category="assault",
            description="x",
            on_school_premises=True,
            outcome="arrest",
        )
    assert Notification.objects.filter(
        recipient=w.sergeant, topic="casework.incident_review"
    ).exists()
