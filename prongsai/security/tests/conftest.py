"""Shared fixtures for the cross-app security tests."""
import pytest
from django.core.cache import cache

from prongsai.surveys.tests.conftest import full_answers, open_round  # noqa: F401  (fixture re-export)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit and lockout counters live in the cache: each test starts from none."""
    cache.clear()
    yield
    cache.clear()
