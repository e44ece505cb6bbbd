"""Real HTTP servers on 127.0.0.1 (an ephemeral port, one thread per request) for the tests that fetch
over HTTP: calendar feeds (tests/events/calendar_server.py) and Open Referral feeds (open_data)."""

import http.server
import threading


class QuietServer(http.server.ThreadingHTTPServer):
    """Does not wait for slow answers when shut down, nor print the client hanging up on a huge one."""

    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass


class Handler(http.server.BaseHTTPRequestHandler):
    """A request handler that logs nothing; `answer` sends a whole body of `content_type`."""

    content_type = "text/plain"

    def answer(self, status: int, body: bytes, content_type: str | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type or self.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class LoopbackServer:
    """Serves `handler` at `self.url` while it is used as a context manager."""

    def __init__(self, handler: type[Handler]):
        self.httpd = QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
