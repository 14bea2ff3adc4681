"""A small SaferSchools site in its own folder, driven from outside by the worker tests.

    python -m saferschools.core.tests.worker_site seed   # migrate, a small force, an adopted plan
    python -m saferschools.core.tests.worker_site run    # a plan, a roster and a report as jobs

Run with SAFERSCHOOLS_VAR_DIR pointing at the folder (its SQLite database and, by default, its
queue) and CELERY_BROKER_URL for Redis or RabbitMQ. `run` starts the jobs as the inspector,
waits for a worker to finish them (up to WORKER_TEST_TIMEOUT seconds) and prints their status
as JSON. Nothing here runs a job itself: a separate `saferschools worker` process must.
"""

from __future__ import annotations

import json
import os
import sys
import time


def seed() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from saferschools.accounts.choices import Role
    from saferschools.accounts.models import User
    from saferschools.allocation import services
    from saferschools.allocation.tests.conftest import build_small_force

    if User.objects.filter(role=Role.INSPECTOR).exists():
        return
    force = build_small_force()
    inspector = force.users[Role.INSPECTOR]
    inspector.username = "inspector"
    inspector.save(update_fields=["username"])
    plan = services.plan_create(constables=6, sergeants=2, acting_user=inspector)
    services.plan_adopt(plan=plan, acting_user=inspector)
    # The roster: the rostering tests' small division (three constables, two sergeants) with
    # the rules that have known optima.
    from saferschools.rostering.tests.conftest import simple_rules
    from saferschools.testing.builders import make_district, make_officer, make_school, name_officer
    from saferschools.workforce.choices import Rank

    district = make_district("Riverside", division="Test North")
    schools = [make_school(district, name="Riverside Academy"), make_school(district)]
    ps1 = make_officer(Rank.SERGEANT, division=district.division, last_name="Sarge")
    ps2 = make_officer(Rank.SERGEANT, division=district.division, last_name="Second")
    pcs = [
        make_officer(district=district, division=district.division, sergeant=ps, last_name=n)
        for ps, n in ((ps1, "Alpha"), (ps1, "Bravo"), (ps2, "Charlie"))
    ]
    name_officer(schools[0], pcs[0])
    name_officer(schools[1], pcs[1])
    simple_rules()


def run() -> None:
    from saferschools.accounts.models import User
    from saferschools.core.jobs.models import Job
    from saferschools.core.jobs.selectors import job_status
    from saferschools.core.jobs.services import job_start
    from saferschools.estate.models import Division
    from saferschools.oversight.periods import Month

    inspector = User.objects.get(username="inspector")
    jobs = [
        job_start(
            kind="allocation.plan",
            acting_user=inspector,
            # (the roster's little district has no crime or deprivation figures)
            params={
                "constables": 7,
                "sergeants": 2,
                "time_limit_s": 5,
                "weights": "crime=0,deprivation=0,schools=1,pupils=1",
            },
        ),
        job_start(
            kind="rostering.generate",
            acting_user=inspector,
            params={
                "start": "2026-06-08",
                "weeks": 1,
                "time_limit_s": 10,
                "division_id": Division.objects.get(name="Test North").pk,
            },
        ),
        job_start(
            kind="oversight.report",
            acting_user=inspector,
            params={"month": Month.current().shift(-1).key},
        ),
    ]
    deadline = time.monotonic() + float(os.environ.get("WORKER_TEST_TIMEOUT", "120"))
    ids = [j.pk for j in jobs]
    while time.monotonic() < deadline:
        if all(j.is_finished for j in Job.objects.filter(pk__in=ids)):
            break
        time.sleep(0.5)
    print(
        json.dumps(
            [job_status(j) for j in Job.objects.filter(pk__in=ids).order_by("pk")], default=str
        )
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    {"seed": seed, "run": run}[sys.argv[1]]()
