"""The estate's background job: load an area (or all of England) from the public extracts.
Each file is its own transaction, so cancelling keeps the files already loaded."""

from __future__ import annotations

from typing import Any

from saferschools.core.jobs import JobError, JobOutcome, job_kind
from saferschools.core.progress import JobProgress, check_stop

#: the importer's steps (force areas, IoD, centroids, census, GIAS, crime, stop and search)
STEPS = 7


def _may_import(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) or getattr(user, "is_staff", False))


@job_kind("estate.load_area", title="Load an area from the public data", may_start=_may_import)
def load_area_job(
    progress: JobProgress,
    *,
    acting_user: Any,
    data_dir: str,
    la_names: list[str] | None = None,
    england: bool = False,
) -> JobOutcome:
    from .services import AreaError, area_load

    labels: list[str] = []

    def progress_for(label: str) -> Any:
        labels.append(label)
        k = len(labels) - 1

        def report(rows: int, done: int, total: int) -> None:
            check_stop(progress)
            part = done / total if total else 1.0
            progress.on_progress(
                min(0.99, (k + part) / STEPS), f"{label}: {rows:,} rows ({100 * part:.0f}%)"
            )

        return report

    summaries: list[str] = []
    try:
        area_load(
            data_dir=data_dir,
            la_names=set(la_names) if la_names else None,
            england=bool(england),
            progress_for=progress_for,
            on_summary=lambda s: summaries.append(s.as_text()),
        )
    except AreaError as exc:
        raise JobError(str(exc)) from exc
    return JobOutcome(
        summary=f"Loaded {len(summaries)} file(s) from {data_dir}.",
        url="/",
        data={"files": [], "summaries": summaries},
    )
