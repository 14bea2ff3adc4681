"""Test fixtures shared by every app.

The real Kent & Medway extracts in ../shared/data are loaded once into the test database
when they are present; tests that need them ask for `kent_area` (skipped without them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings


def shared_data_dir() -> Path:
    return Path(settings.SHARED_DATA_DIR)


def has_shared_data() -> bool:
    return (shared_data_dir() / "gias").is_dir()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not has_shared_data():
        pytest.skip(f"real public extracts not found at {shared_data_dir()}")
    return shared_data_dir()


@pytest.fixture
def kent_area(db, shared_data):  # noqa: ANN001
    """The real Kent & Medway area in the test database (reloaded if a test flushed it)."""
    from saferschools.estate.models import Establishment
    from saferschools.estate.services import area_load

    if not Establishment.objects.filter(la_name__in=["Kent", "Medway"]).exists():
        area_load(data_dir=shared_data)
    return shared_data


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):  # noqa: ANN001
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    yield p
    context.close()


@pytest.fixture
def phone_page(browser):  # noqa: ANN001
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    p = context.new_page()
    yield p
    context.close()
