"""A roster started from the web page runs on the worker, a separate process: the page comes
back at once with the job's page, which polls a small JSON status (no request waits on the
solve), shows progress, and then the result with a link to the draft roster."""

from __future__ import annotations

import re

import pytest

from saferschools.testing.builders import PASSWORD

from .outside import SAFERSCHOOLS, free_port, site_env, started, wait_for_port, worker

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def _fill_start(page, iso: str) -> None:
    """The roster form's first day: one date field, or the GOV.UK day/month/year pattern."""
    if page.locator("input[name=start]").count():
        page.fill("input[name=start]", iso)
        return
    year, month, day = iso.split("-")
    parts = page.locator("input[name^=start]")
    for i, value in enumerate((day, month, year)):
        parts.nth(i).fill(value)


def test_a_roster_started_on_the_web_shows_progress_then_its_result(outside_site, page):
    folder = outside_site
    # The test settings' sign-in (no second factor), the embedded queue in the site's folder.
    env = site_env(
        folder,
        f"sqla+sqlite:///{folder / 'browser-queue.sqlite3'}",
        settings_module="config.settings.test",
    )
    port = free_port()
    server = [SAFERSCHOOLS, "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"]
    with started(server, env, folder / "web.log"), worker(env, folder):
        wait_for_port(port, timeout=90)
        base = f"http://127.0.0.1:{port}"
        polls: list[str] = []
        page.on("request", lambda r: polls.append(r.url) if "status.json" in r.url else None)
        page.set_default_timeout(60_000)
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "inspector")
        page.fill("#id_password", PASSWORD)
        page.click("button:has-text('Sign in')")
        page.wait_for_load_state()

        page.goto(f"{base}/roster/")
        _fill_start(page, "2026-06-08")
        page.fill("input[name=weeks]", "1")
        page.select_option("select[name=division]", label="Test North")
        page.fill("input[name=time_limit]", "10")
        page.click("button:has-text('Make draft roster')")
        page.wait_for_url(re.compile(r"/jobs/\d+/$"))

        # The job's page came back before the work was done: it is waiting or running.
        first = page.locator("[data-job-state]").inner_text()
        assert first in ("Waiting to start", "Running"), first
        assert page.locator("button:has-text('Cancel this job')").count() == 1
        # It polls its status and reloads itself when the roster is made.
        page.wait_for_selector("#job-result-link", timeout=150_000)
        assert polls, "the page never asked for the job's status"
        assert page.locator("[data-job-state]").inner_text() == "Finished"
        text = page.locator("main").inner_text()
        assert "Draft roster" in text and "Solver status" in text
        assert page.locator("#job-progress").get_attribute("value") == "100"
        page.click("#job-result-link")
        page.wait_for_url(re.compile(r"/roster/\d+/$"))
        assert "Independent check" in page.content()
