"""The queue's worker as a separate process: on the embedded default (a SQLite file as the
broker, nothing else running), on Redis and on RabbitMQ. A plan, a roster and a report each run
as a job on the worker and their results are stored on the job. Every process the test starts
is stopped (its whole process group) when the test ends, whatever happens."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from .outside import site_command, site_env, worker

pytestmark = pytest.mark.worker

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")  # jobs' own db (3)
AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


def _reachable(url: str) -> bool:
    from urllib.parse import urlparse

    u = urlparse(url)
    try:
        with socket.create_connection((u.hostname or "127.0.0.1", u.port or 0), timeout=1):
            return True
    except OSError:
        return False


def _run_with_worker(folder: Path, broker: str | None) -> list[dict]:
    env = site_env(folder, broker)
    with worker(env, folder):
        out = site_command("run", env, timeout=240)
    return json.loads(out.strip().splitlines()[-1])


def _check(jobs: list[dict]) -> None:
    by_kind = {j["kind"]: j for j in jobs}
    assert set(by_kind) == {"allocation.plan", "rostering.generate", "oversight.report"}
    for j in jobs:
        assert j["state"] == "succeeded", (
            f"{j['kind']}: {j['state']} {j['error']} {(j['result'] or {}).get('problems')}"
        )
        assert j["percent"] == 100 and j["seconds"] is not None
    plan = by_kind["allocation.plan"]["result"]
    assert plan["plan_id"] and plan["status"] in ("OPTIMAL", "FEASIBLE")
    roster = by_kind["rostering.generate"]
    assert roster["result"]["roster_id"] and roster["result"]["status"] in ("OPTIMAL", "FEASIBLE")
    assert roster["result_url"] == f"/roster/{roster['result']['roster_id']}/"
    assert any("[1/" in line for line in roster["log"]), "the engine's progress reached the job"
    report = by_kind["oversight.report"]["result"]
    assert set(report["files"]) == {"report.html", "report.pdf", "report.csv"}


def test_embedded_default_runs_jobs_on_a_separate_worker(outside_site):
    site = outside_site
    jobs = _run_with_worker(site, None)  # no CELERY_BROKER_URL: the SQLite file under var/
    _check(jobs)
    assert (site / "queue.sqlite3").exists()
    report = next(j for j in jobs if j["kind"] == "oversight.report")
    assert (site / "jobs" / str(report["id"]) / "report.pdf").stat().st_size > 1000


def test_redis_worker_runs_jobs(outside_site):
    site = outside_site
    if not _reachable(REDIS_URL):
        pytest.skip(f"no Redis at {REDIS_URL} (.ci/run starts one)")
    _check(_run_with_worker(site, REDIS_URL))


def test_rabbitmq_worker_runs_jobs(outside_site):
    site = outside_site
    if not _reachable(AMQP_URL):
        pytest.skip(f"no RabbitMQ at {AMQP_URL} (.ci/run starts one)")
    _check(_run_with_worker(site, AMQP_URL))
