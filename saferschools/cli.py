"""The `saferschools` command line: Django's management commands behind one name.

saferschools load-area --data ../shared/data
saferschools plan --officers 70 --sergeants 6 --json plan.json
saferschools runserver
saferschools worker            # the background-job worker (Celery), with the daily schedule
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if args:
        args[0] = "saferschools"
    if len(args) > 1 and args[1] == "worker":
        return worker(args[2:])
    execute_from_command_line(args)
    return 0


def worker(extra: list[str]) -> int:
    """`saferschools worker [celery worker options]`: run jobs from the queue that
    CELERY_BROKER_URL names, with the daily schedule (beat) inside unless `--no-beat`.

    One worker with beat is what `make run` starts; in production run beat once
    (`celery -A config beat`) and as many `celery -A config worker` as you like."""
    import django

    django.setup()
    from django.conf import settings

    from config.celery import app

    if settings.CELERY_BROKER_URL.startswith("sqla+"):
        # The embedded queue has one worker: a job still marked running was cut off when the
        # last worker stopped. Say so on the job instead of leaving it "running" for ever.
        from saferschools.core.jobs.services import jobs_mark_interrupted

        jobs_mark_interrupted()
    beat = "--no-beat" not in extra
    extra = [a for a in extra if a != "--no-beat"]
    argv = ["worker", "--loglevel", "WARNING", "--concurrency", "2"]
    if beat:
        argv += ["--beat", "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME]
    app.worker_main(argv + extra)
    return 0
