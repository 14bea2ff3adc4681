"""Processes started by the worker and browser tests: a seeded site in its own folder, a
`saferschools worker`, a web server. Each runs in its own process group and is stopped whole
(SIGTERM, then SIGKILL), so no stray worker survives a test run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings

PYTHON = sys.executable
SAFERSCHOOLS = str(Path(sys.executable).parent / "saferschools")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def site_env(
    folder: Path, broker: str | None, *, settings_module: str = "config.settings.local"
) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "CELERY_", "DATABASE_URL", "PYTEST"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        SAFERSCHOOLS_VAR_DIR=str(folder),
        CELERY_QUEUE=f"saferschools-test-{uuid.uuid4().hex[:8]}",
        CELERY_TASK_ALWAYS_EAGER="0",
        WORKER_TEST_TIMEOUT="150",
        PYTHONPATH=str(settings.BASE_DIR),
    )
    if broker:
        env["CELERY_BROKER_URL"] = broker
    return env


def site_command(cmd: str, env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(
        [PYTHON, "-m", "saferschools.core.tests.worker_site", cmd],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the process and everything in its group (a worker's pool)."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


@contextmanager
def started(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("w") as out:
        proc = subprocess.Popen(
            args,
            env=env,
            cwd=settings.BASE_DIR,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped whole
        )
        try:
            yield proc
        finally:
            stop(proc)


def worker(env: dict[str, str], folder: Path) -> contextmanager:  # type: ignore[type-arg]
    return started(
        [SAFERSCHOOLS, "worker", "--no-beat", "--concurrency", "2"],
        env,
        folder / f"worker-{env['CELERY_QUEUE']}.log",
    )


def wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"nothing listening on {port} after {timeout:.0f} s")
