"""Oversight's background job: the monthly report as HTML, PDF and CSV (a minute or more for
the PDF on a busy machine), written under var/jobs/<job>/ and downloaded from the job page."""

from __future__ import annotations

from typing import Any

from saferschools.core.jobs import JobError, JobOutcome, job_kind
from saferschools.core.jobs.files import job_output_dir
from saferschools.core.progress import JobProgress, check_stop

from .permissions import may_report


@job_kind("oversight.report", title="Monthly oversight report", may_start=may_report)
def report_job(
    progress: JobProgress, *, acting_user: Any, month: str, public: bool = False, job_id: int = 0
) -> JobOutcome:
    from saferschools.accounts.audit import audit_record
    from saferschools.accounts.choices import Action

    from .periods import Month
    from .render import write_report
    from .report import build_report

    try:
        m = Month.parse(month)
    except ValueError as exc:
        raise JobError(str(exc)) from exc
    progress.on_progress(0.05, f"Counting the figures for {m.key}.")
    report = build_report(m, public=bool(public))
    check_stop(progress)
    progress.on_progress(0.5, "Writing the HTML, PDF and CSV.")
    out = job_output_dir(job_id)
    paths = write_report(report, out)
    version = "public" if public else "force"
    audit_record(
        user=acting_user,
        username="" if acting_user else "system",
        action=Action.DISCLOSE if public else Action.EXPORT,
        record_type="oversight.Report",
        record_id=f"{m.key}:{version}",
        purpose="Monthly oversight report (background job)",
        details={"files": sorted(p.name for p in paths.values())},
    )
    return JobOutcome(
        summary=f"{report.title}: {len(report.tables)} tables, {len(report.charts)} charts.",
        url=f"/jobs/{job_id}/files/report.pdf" if job_id else "",
        data={"files": sorted(p.name for p in paths.values()), "month": m.key},
    )
