"""Core's test fixtures: one seeded site in its own folder for the tests that drive real
processes (a queue worker, a web server) from outside."""

from __future__ import annotations

import pytest

from .outside import site_command, site_env


@pytest.fixture(scope="session")
def outside_site(tmp_path_factory):
    """A small force with an adopted plan, migrated and seeded once per test run (SQLite)."""
    folder = tmp_path_factory.mktemp("outside-site")
    site_command("seed", site_env(folder, None), timeout=300)
    return folder
