"""The monthly report as a background job from the web: the button queues it, the job page
follows its progress section by section, and its files are the report (issue 17)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from saferschools.core.jobs.models import Job

from ..periods import Month
from .helpers import World, at

pytestmark = pytest.mark.django_db

LAST = Month.current().shift(-1)


def test_the_report_runs_as_a_job_with_progress_and_its_files(client, settings, tmp_path):
    settings.SAFERSCHOOLS_VAR_DIR = tmp_path  # the job's files go under var/jobs/<id>/
    w = World(2)
    day = LAST.start + dt.timedelta(days=3)
    for k in range(6):
        yp = w.child(first="Ottoline", last=f"Marchbanks{k}", school=w.schools[k % 2])
        w.concern(yp, at(day))
        w.search(yp, at(day), outcome="nothing")
    client.force_login(w.coordinator)
    response = client.post(f"/oversight/report/{LAST.key}/job")
    job = Job.objects.get(kind="oversight.report")
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.state == "succeeded", job.error  # the test queue runs it at once
    lines = " ".join(str(line) for line in job.log)
    for words in ("performance", "disproportionality", "Writing the PDF", "Writing the CSV"):
        assert words in lines
    assert job.progress == 1 and job.result["month"] == LAST.key, job.result
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "report.pdf" in page
    pdf = client.get(f"/jobs/{job.pk}/files/report.pdf")
    assert b"".join(pdf.streaming_content)[:4] == b"%PDF"
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get(f"/jobs/{job.pk}/files/report.csv").streaming_content).decode()
            )
        )
    )
    assert rows
    # The same figures as the report page (built in one piece, not section by section).
    from ..report import build_report, report_csv

    whole = list(csv.DictReader(io.StringIO(report_csv(build_report(LAST, public=False)))))
    assert [r["value"] for r in rows] == [r["value"] for r in whole]
