"""Every page names its icon, and the /favicon.ico browsers ask for anyway leads to it (no 404s in the logs)."""
import pytest


@pytest.mark.django_db
def test_pages_name_the_icon_and_favicon_ico_leads_to_it(client):
    page = client.get("/people/login/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("prongsai/favicon.svg")
