import pytest


@pytest.fixture(autouse=True)
def _engine_alone(monkeypatch):
    """The engine's tests see the shipped packs only: the Django app plugs in the database's own
    frameworks (prongsai.frameworks), which these tests neither need nor may read."""
    from prongsai.scoring import packs

    monkeypatch.setattr(packs, "_site_codes", lambda: ())
    monkeypatch.setattr(packs, "_site_text", lambda code: None)
