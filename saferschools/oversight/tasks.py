"""Oversight's background job: the monthly report as HTML, PDF and CSV (a minute or more for
the PDF on a busy machine), written under var/jobs/<job>/ and downloaded from the job page."""

from __future__ import annotations

import dataclasses
from typing import Any

from saferschools.core.jobs import JobError, JobOutcome, job_kind
from saferschools.core.jobs.files import job_output_dir
from saferschools.core.jobs.registry import system_only
from saferschools.core.progress import JobProgress, check_stop

from .permissions import may_report


def _may_start(user: Any) -> bool:
    # The server's command line (`saferschools job run`) acts as the system.
    return system_only(user) or may_report(user)


@job_kind("oversight.report", title="Monthly oversight report", may_start=_may_start)
def report_job(
    progress: JobProgress, *, acting_user: Any, month: str, public: bool = False, job_id: int = 0
) -> JobOutcome:
    from saferschools.accounts.audit import audit_record
    from saferschools.accounts.choices import Action

    from .periods import Month
    from .render import write_report
    from .report import SECTION_KEYS, build_report

    try:
        m = Month.parse(month)
    except ValueError as exc:
        raise JobError(str(exc)) from exc
    # Section by section, so the job's page says what it is counting (the figures are the
    # GROUP BYs of oversight/aggregates.py; at a million concerns each takes seconds).
    parts = []
    for i, key in enumerate(SECTION_KEYS):
        check_stop(progress)
        progress.on_progress(
            0.05 + 0.55 * i / len(SECTION_KEYS),
            f"Counting the figures for {m.key}: {key.replace('_', ' ')}.",
        )
        parts.append(build_report(m, public=bool(public), sections=[key]))
    report = dataclasses.replace(parts[0], sections=[s for p in parts for s in p.sections])
    check_stop(progress)
    share = {"html": 0.65, "pdf": 0.7, "csv": 0.95}
    out = job_output_dir(job_id)
    paths = write_report(
        report,
        out,
        on_step=lambda fmt: progress.on_progress(share[fmt], f"Writing the {fmt.upper()}."),
    )
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
