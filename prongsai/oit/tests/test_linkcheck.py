"""The link checker against a local web site: good page, 404, redirect chain, hanging server, huge file."""
import time

from prongsai.oit.linkcheck import Job, check_links, mentions, year_forms

FAST = {"timeout": 3.0, "max_bytes": 256 * 1024, "concurrency": 4, "allow_private": True}  # the site is on 127.0.0.1


def check(site, path, timeout=None, **job):
    return check_links([Job(site.url(path), **job)], **{**FAST, "timeout": timeout or FAST["timeout"]})[0]


def test_year_forms():
    assert year_forms(2568) == ("2568", "๒๕๖๘")
    assert mentions("ปีงบประมาณ ๒๕๖๘", 2568) and not mentions("ปีงบประมาณ ๒๕๖๗", 2568)


def test_good_page(site):
    r = check(site, "/good", year=2568, needs_year=True)
    assert r.ok and r.status == 200 and r.problems == []
    assert r.final_url == site.url("/good") and r.redirects == []
    assert r.content_type == "text/html" and r.size == len(site_good_bytes())
    assert r.mentions_year is True and r.elapsed_ms is not None and r.checked_at is not None


def site_good_bytes():
    from .conftest import GOOD

    return GOOD.encode()


def test_year_in_arabic_digits_and_thai_encoding(site):
    r = check(site, "/year-arabic", year=2568, needs_year=True)
    assert r.ok and r.mentions_year is True and r.problems == []


def test_page_without_the_year(site):
    r = check(site, "/no-year", year=2568, needs_year=True)
    assert r.ok and r.mentions_year is False and r.problems == ["no_year"]  # a year inside <script> does not count
    r = check(site, "/no-year", year=2568, needs_year=False)
    assert r.ok and r.mentions_year is False and r.problems == []


def test_pdf_is_not_parsed(site):
    r = check(site, "/report.pdf", year=2568, needs_year=True)
    assert r.ok and r.content_type == "application/pdf" and r.mentions_year is None and r.problems == []


def test_404_is_broken(site):
    r = check(site, "/missing")
    assert not r.ok and r.status == 404 and r.problems == ["broken"]


def test_redirect_chain_is_recorded_and_flagged_moved(site):
    r = check(site, "/old", year=2568, needs_year=True)
    assert r.ok and r.status == 200 and r.problems == ["moved"]
    assert r.final_url == site.url("/good")
    assert [(h["url"], h["status"]) for h in r.redirects] == [(site.url("/old"), 301), (site.url("/older"), 302)]


def test_redirect_loop(site):
    r = check(site, "/loop")
    assert not r.ok and r.problems == ["unreachable"] and "loop" in r.error


def test_a_redirect_without_a_location_is_unreachable_not_a_nameless_failure(site):
    r = check(site, "/nowhere")  # a tester got ok: false with problem null
    assert not r.ok and r.problems == ["unreachable"] and r.error == "302 redirect without a Location header"


def test_hanging_server_times_out(site):
    started = time.monotonic()
    r = check(site, "/hang", timeout=0.5)
    assert time.monotonic() - started < 2
    assert not r.ok and r.status is None and r.problems == ["timeout"]


def test_huge_file_is_capped(site):
    r = check(site, "/huge")
    assert r.ok and r.problems == ["too_large"]
    assert FAST["max_bytes"] < r.size < FAST["max_bytes"] + 2 * 65536
    r = check(site, "/huge-declared")
    assert r.ok and r.problems == ["too_large"] and r.size == 10 ** 9


def test_unreachable_and_bad_scheme():
    r = check_links([Job("http://127.0.0.1:9/"), Job("ftp://example.org/x")], timeout=1.0, allow_private=True)
    assert [x.problems for x in r] == [["unreachable"], ["unreachable"]]
    assert not any(x.ok for x in r)


def test_many_links_concurrently_and_bounded(site):
    jobs = [Job(site.url("/hang"), key=n) for n in range(8)] + [Job(site.url("/good"), key="good")]
    started = time.monotonic()
    results = check_links(jobs, timeout=1.0, concurrency=8, allow_private=True)
    at_once = time.monotonic() - started
    assert at_once < 1.9  # eight hanging links together take one time limit (1 s), not eight
    assert [r.key for r in results] == [*range(8), "good"]
    assert results[-1].ok and all(r.problems == ["timeout"] for r in results[:8])
    started = time.monotonic()
    check_links(jobs, timeout=1.0, concurrency=4, allow_private=True)
    assert time.monotonic() - started > 1.9  # four at a time: two rounds of waiting


def test_private_addresses_are_refused_by_default(site):
    r = check_links([Job(site.url("/good")), Job("http://[::1]:9/"), Job("http://10.1.2.3/")], timeout=1.0)
    assert [x.problems for x in r] == [["blocked"]] * 3
    assert not any(x.ok for x in r) and site.hits == []  # nothing was requested
