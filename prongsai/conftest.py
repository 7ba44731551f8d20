import pytest


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Tests talk plain HTTP to the test client and the live server; production redirects to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False

from prongsai.scoring.tests.fixture import FIXTURE_PATH


@pytest.fixture
def laksi_round(db):
    """The Lak Si 2567 published report, imported."""
    from prongsai.surveys.published import import_published_report

    return import_published_report(FIXTURE_PATH)
