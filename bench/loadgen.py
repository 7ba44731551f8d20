"""A small open-model HTTP load generator for the intake benchmark (asyncio on uvloop).

    python bench/loadgen.py --port 8765 --plan plan.json --rate 300 --duration 60 --out result.json

The plan (written by bench/intake.py) lists questionnaires to send: each a path, a form body
with its one-time token, and its CSRF cookie. Requests start on a fixed schedule (rate per
second, open model: a slow server does not slow the schedule down), each on its own loopback
connection. Latency is measured from the scheduled start, so queueing in the generator counts
against the server (no coordinated omission). A submission is acknowledged when the server
answers 302 to the thank-you page; anything else (an error status, a reset connection, a
timeout) is not. The result keeps each submission's scheduled second and latency (`timeline`), so
a slow tail can be placed in the run.

It shares the server's 2 cores, so it runs on uvloop: the same minute took the generator 7.1–8.4 s
of CPU against 9.8–12.1 s on asyncio's own loop (docs/scale.md).

--flow full fetches the questionnaire page first (GET, reading the one-time token and the CSRF
cookie from it) and then posts it: the whole respondent journey, two requests per submission.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from urllib.parse import quote

import uvloop

TOKEN_RE = re.compile(rb'name="token" value="([^"]+)"')
CSRF_INPUT_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE_RE = re.compile(rb"csrftoken=([^;]+)")


async def http(host: str, port: int, request: bytes, timeout: float) -> tuple[int, bytes, bytes]:
    """One request on its own connection: status, raw headers, body."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    try:
        writer.write(request)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status = int(head.split(b" ", 2)[1])
        match = re.search(rb"\r\ncontent-length: *(\d+)", head, re.I)
        body = await asyncio.wait_for(reader.readexactly(int(match.group(1))), timeout) if match else b""
        return status, head, body
    finally:
        writer.close()


def post_bytes(host: str, path: str, body: str, csrf: str) -> bytes:
    data = body.encode()
    return (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(data)}\r\n"
            f"Cookie: csrftoken={csrf}\r\nReferer: http://{host}{path}\r\n\r\n").encode() + data


async def submit(args, item: dict, scheduled: float, sem: asyncio.Semaphore, result: dict) -> None:
    host = f"{args.host}:{args.port}"
    async with sem:
        try:
            body, csrf = item["body"], item["csrf"]
            if args.flow == "full":
                get = (f"GET {item['path']}?{item['query']} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").encode()
                status, head, page = await http(args.host, args.port, get, args.timeout)
                token, cookie = TOKEN_RE.search(page), CSRF_COOKIE_RE.search(head)
                form_csrf = CSRF_INPUT_RE.search(page)
                if status != 200 or not token or not cookie or not form_csrf:
                    raise ValueError(f"form GET {status}")
                body = re.sub(r"(^|&)token=[^&]*", lambda m: f"{m.group(1)}token={quote(token.group(1).decode())}", body)
                body = re.sub(r"(^|&)csrfmiddlewaretoken=[^&]*",
                              lambda m: f"{m.group(1)}csrfmiddlewaretoken={form_csrf.group(1).decode()}", body)
                csrf = cookie.group(1).decode()
            status, head, _ = await http(args.host, args.port, post_bytes(host, item["path"], body, csrf), args.timeout)
            key = "acknowledged" if status == 302 and b"/thanks/" in head else f"status {status}"
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
            key = f"error {type(exc).__name__}"
    latency = time.perf_counter() - scheduled
    result["timeline"].append((round(scheduled - result["start"], 4), round(latency, 4)))
    result["outcomes"][key] = result["outcomes"].get(key, 0) + 1
    if key == "acknowledged":
        result["latencies"].append(latency)
        result["acknowledged_rounds"][item["round"]] = result["acknowledged_rounds"].get(item["round"], 0) + 1
    else:
        result["failed_latencies"].append(latency)


async def run(args) -> dict:
    plan = json.load(open(args.plan))
    total = min(len(plan), int(args.rate * args.duration))
    result = {"outcomes": {}, "latencies": [], "failed_latencies": [], "acknowledged_rounds": {}, "planned": total}
    sem = asyncio.Semaphore(args.connections)
    tasks = []
    start = time.perf_counter() + 0.2
    result["start"], result["timeline"] = start, []
    lag = 0.0
    for i in range(total):
        scheduled = start + i / args.rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        else:
            lag = max(lag, -delay)
        tasks.append(asyncio.create_task(submit(args, plan[i], scheduled, sem, result)))
    sent_at = time.perf_counter()
    await asyncio.gather(*tasks)
    result["send_seconds"] = sent_at - start
    result["wall_seconds"] = time.perf_counter() - start
    result["schedule_lag_max"] = lag
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--connections", type=int, default=512, help="most requests in flight at once")
    parser.add_argument("--timeout", type=float, default=10, help="seconds a submission may take before it counts as failed")
    parser.add_argument("--flow", choices=["post", "full"], default="post")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    result = uvloop.run(run(args))
    with open(args.out, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
