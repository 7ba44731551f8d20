"""Every link a page shows its reader leads somewhere that reader may go: each role follows the
links of the pages it can reach, from the home page on, and meets no 403 and no server error."""
import re
from html import unescape

import pytest

from .test_access_walk import world  # noqa: F401 — the same small world of agencies, plans and people

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"')
# downloads made on request (documents, exports) and pages outside the app's own navigation
SKIP = ("/admin/", "/static/", "/i18n/", "/api/", "/documents/analysis/", "/documents/plan/",
        "/documents/progress/", "/documents/central/", ".xlsx", ".pdf", ".docx", ".csv", ".json", "/logout")
LIMIT = 150  # pages per role, enough for the small world


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coordinator", "unit_staff", "director", "central", "assessor", "auditor"])
def test_no_link_shown_to_a_role_is_refused_to_it(client, world, who):  # noqa: F811
    _home, _other, _rnd, people, _objects = world
    client.force_login(people[who])
    seen, queue, refused, found_on = set(), ["/"], [], {}
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (403, 500):
            refused.append(f"{url} ({response.status_code}), linked from {found_on.get(url)}")
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = unescape(href)
            if href.startswith("/") and not href.startswith("//") and not any(s in href for s in SKIP):
                found_on.setdefault(href, url)
                queue.append(href)
    assert not refused, "\n".join(refused)
    assert len(seen) > 10  # the walk went somewhere
