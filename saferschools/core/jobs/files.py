"""Files a job writes (a report's PDF, an export): kept under var/jobs/<job>/ and downloaded
from the job's page by whoever may see the job."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def job_output_dir(job_id: int) -> Path:
    root = Path(getattr(settings, "JOB_FILES_DIR", "") or Path(settings.VAR_DIR) / "jobs")
    out = root / str(int(job_id))
    out.mkdir(parents=True, exist_ok=True)
    return out
