import pytest

from prongsai.scoring.tests.fixture import FIXTURE_PATH


@pytest.fixture
def laksi_round(db):
    """The Lak Si 2567 published report, imported."""
    from prongsai.surveys.published import import_published_report

    return import_published_report(FIXTURE_PATH)
