"""Checking published links: concurrently, with a bounded number of connections, a
per-request time limit and a size cap. Imports nothing from Django.

    results = check_links([Job("https://…", year=2568, needs_year=True)], concurrency=8)

Each result records the HTTP status, the redirect chain and final URL, the content type,
the bytes read, the time taken and when; `problems` names what is wrong:

  broken       the final response is an HTTP error (4xx/5xx)
  unreachable  no response (DNS, refused connection, TLS, a redirect loop or too many redirects)
  blocked      the address is private, loopback or link-local (the checker runs on the server and
               does not probe the internal network unless allow_private is set)
  timeout      no complete response within the time limit
  moved        the link redirects elsewhere: update it to the final URL
  too_large    the body is larger than the size cap (only the first part was read)
  no_year      an HTML/text page that does not mention the fiscal year (Buddhist era, in
               Arabic or Thai digits) although the item needs current-year data

`ok` is True when the link delivers content (a 2xx final response); a link can be ok and
still carry a warning (moved, too_large, no_year).
"""
from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import httpx

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
TEXT_TYPES = ("text/html", "text/plain", "application/xhtml+xml")
REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = "Prongsai-linkcheck/1 (+OIT disclosure check)"
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.S | re.I)


@dataclass
class Job:
    url: str
    year: int | None = None
    needs_year: bool = False
    key: object = None  # the caller's reference (e.g. a disclosure id); returned untouched


@dataclass
class Result:
    url: str
    key: object = None
    ok: bool = False
    status: int | None = None
    final_url: str = ""
    redirects: list[dict] = field(default_factory=list)
    content_type: str = ""
    size: int | None = None
    elapsed_ms: int | None = None
    mentions_year: bool | None = None
    problems: list[str] = field(default_factory=list)
    error: str = ""
    checked_at: datetime | None = None

    @property
    def problem(self) -> str:
        return ", ".join(self.problems)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["checked_at"] = self.checked_at.isoformat() if self.checked_at else None
        return data


def year_forms(year: int) -> tuple[str, str]:
    """The Buddhist-era year in Arabic and Thai digits: ('2568', '๒๕๖๘')."""
    text = str(year)
    return text, text.translate(THAI_DIGITS)


def page_text(body: bytes, charset: str | None) -> str:
    """The visible text of an HTML/text body (tags, scripts and styles removed)."""
    text = None
    for encoding in filter(None, (charset, "utf-8", "cp874")):
        try:
            text = body.decode(encoding)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    if text is None:
        text = body.decode("utf-8", errors="replace")
    return _TAGS.sub(" ", text)


def mentions(text: str, year: int) -> bool:
    return any(form in text for form in year_forms(year))


class Blocked(Exception):
    pass


async def _guard(url: str) -> None:
    """Refuse a URL whose host is or resolves to a non-public address."""
    host = urlsplit(url).hostname or ""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return  # let the request fail as unreachable
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise Blocked(f"{host} is a non-public address ({address})")


async def _fetch(client: httpx.AsyncClient, job: Job, result: Result, max_bytes: int, max_redirects: int,
                 allow_private: bool = False) -> None:
    url = job.url
    seen = {url}
    while True:
        if not allow_private:
            await _guard(url)
        request = client.build_request("GET", url)
        response = await client.send(request, stream=True)
        try:
            if response.status_code in REDIRECTS and "location" in response.headers:
                target = urljoin(url, response.headers["location"])
                result.redirects.append({"url": url, "status": response.status_code, "location": target})
                if len(result.redirects) > max_redirects:
                    result.problems.append("unreachable")
                    result.error = f"more than {max_redirects} redirects"
                    return
                if target in seen:
                    result.problems.append("unreachable")
                    result.error = "redirect loop"
                    return
                seen.add(target)
                url = target
                continue
            result.status = response.status_code
            result.final_url = url
            result.content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            declared = response.headers.get("content-length")
            body = bytearray()
            too_large = False
            if declared and declared.isdigit() and int(declared) > max_bytes:
                too_large = True
                result.size = int(declared)
            else:
                async for chunk in response.aiter_bytes():
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        too_large = True
                        break
                result.size = len(body)
            if too_large:
                result.problems.append("too_large")
            if response.is_error:
                result.problems.append("broken")
                return
            if response.status_code in REDIRECTS:  # a redirect without a Location: it leads nowhere
                result.problems.append("unreachable")
                result.error = f"{response.status_code} redirect without a Location header"
                return
            result.ok = response.is_success
            if result.redirects:
                result.problems.append("moved")
            if job.year and result.ok and result.content_type in TEXT_TYPES and body:
                result.mentions_year = mentions(page_text(bytes(body[:max_bytes]), response.charset_encoding), job.year)
                if job.needs_year and not result.mentions_year:
                    result.problems.append("no_year")
            return
        finally:
            await response.aclose()


async def _check(client, semaphore, job: Job, timeout: float, max_bytes: int, max_redirects: int,
                 allow_private: bool) -> Result:
    result = Result(job.url, job.key)
    async with semaphore:
        result.checked_at = datetime.now(timezone.utc)
        started = time.monotonic()
        try:
            if not job.url.lower().startswith(("http://", "https://")):
                raise httpx.UnsupportedProtocol("only http and https links are checked")
            await asyncio.wait_for(_fetch(client, job, result, max_bytes, max_redirects, allow_private), timeout)
        except (asyncio.TimeoutError, httpx.TimeoutException):
            result.ok = False
            result.problems = [p for p in result.problems if p == "moved"] + ["timeout"]
            result.error = f"no complete answer within {timeout:g} s"
        except Blocked as exc:
            result.ok = False
            result.problems.append("blocked")
            result.error = str(exc)[:500]
        except httpx.HTTPError as exc:
            result.ok = False
            result.problems.append("unreachable")
            result.error = f"{type(exc).__name__}: {exc}"[:500]
        result.elapsed_ms = round((time.monotonic() - started) * 1000)
    return result


async def check_links_async(
    jobs: list[Job], *, concurrency: int = 8, timeout: float = 10.0, max_bytes: int = 5 * 1024 * 1024,
    max_redirects: int = 10, allow_private: bool = False, transport: httpx.AsyncBaseTransport | None = None,
) -> list[Result]:
    semaphore = asyncio.Semaphore(max(1, concurrency))
    limits = httpx.Limits(max_connections=max(1, concurrency), max_keepalive_connections=max(1, concurrency))
    async with httpx.AsyncClient(
        limits=limits, timeout=httpx.Timeout(timeout), follow_redirects=False, transport=transport,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}, trust_env=False,
    ) as client:
        return list(await asyncio.gather(*(_check(client, semaphore, j, timeout, max_bytes, max_redirects, allow_private) for j in jobs)))


def check_links(jobs: list[Job], **options) -> list[Result]:
    """Check every job's URL; results in the order of the jobs."""
    if not jobs:
        return []
    return asyncio.run(check_links_async(jobs, **options))
