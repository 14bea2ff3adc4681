import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_public_report_cache():
    """The public report is cached for ten minutes; each test starts from its own data."""
    cache.clear()
    yield
    cache.clear()
