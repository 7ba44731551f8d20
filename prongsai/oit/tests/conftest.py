"""A local web site for the link checker tests (never the internet)."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

GOOD = "<html><head><title>แผนปฏิบัติราชการ</title></head><body><h1>แผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘</h1></body></html>"
NO_YEAR = "<html><body><h1>แผนปฏิบัติราชการ</h1><script>var y = '2568';</script></body></html>"
HUGE_CHUNK = b"x" * 65536


class Site:
    def __init__(self):
        self.release = threading.Event()
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                site.hits.append(self.path)
                path = self.path
                if path == "/good":
                    self.send(200, GOOD.encode())
                elif path == "/year-arabic":
                    self.send(200, "<p>รายงานผลปี 2568</p>".encode("cp874"), "text/html; charset=windows-874")
                elif path == "/no-year":
                    self.send(200, NO_YEAR.encode())
                elif path == "/missing":
                    self.send(404, b"<h1>not found</h1>")
                elif path == "/old":
                    self.send(301, headers=[("Location", "/older")])
                elif path == "/older":
                    self.send(302, headers=[("Location", f"http://127.0.0.1:{site.port}/good")])
                elif path == "/loop":
                    self.send(302, headers=[("Location", "/loop")])
                elif path == "/nowhere":
                    self.send(302)  # a redirect without a Location header
                elif path == "/report.pdf":
                    self.send(200, b"%PDF-1.4\n% no year here\n", "application/pdf")
                elif path == "/hang":
                    site.release.wait(10)
                elif path == "/huge":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    try:
                        for _ in range(200):  # 12.8 MB unless the client stops reading
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(HUGE_CHUNK), HUGE_CHUNK))
                            if site.release.is_set():
                                break
                        self.wfile.write(b"0\r\n\r\n")
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                elif path == "/huge-declared":
                    self.send_response(200)
                    self.send_header("Content-Type", "video/mp4")
                    self.send_header("Content-Length", str(10 ** 9))
                    self.end_headers()
                else:
                    self.send(404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    s = Site()
    s.thread.start()
    yield s
    s.close()
