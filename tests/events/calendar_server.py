"""A real HTTP server on 127.0.0.1 (an ephemeral port, one thread per request) serving calendar feeds
as their producers would, and the ways a feed goes wrong: slow, huge, a redirect loop, a web page."""

import pathlib
import time

from tests.loopback import Handler, LoopbackServer

FEEDS = pathlib.Path(__file__).parent / "calendar_feeds"


def feed_file(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


class CalendarServer(LoopbackServer):
    def __init__(self):
        self.files: dict[str, bytes] = {
            "/google.ics": feed_file("google.ics"),
            "/outlook.ics": feed_file("outlook.ics"),
            "/eventbrite.ics": feed_file("eventbrite.ics"),
        }
        self.requests: list[str] = []
        self.slow_seconds = 3
        server = self

        class CalendarHandler(Handler):
            content_type = "text/calendar; charset=utf-8"

            def do_GET(self):  # noqa: N802 - the name http.server calls
                server.requests.append(self.path)
                if self.path == "/slow.ics":
                    time.sleep(server.slow_seconds)
                    return self.answer(200, server.files["/google.ics"])
                if self.path == "/trickle.ics":  # answers at once, then a few bytes a second
                    self.send_response(200)
                    self.send_header("Content-Type", "text/calendar")
                    self.end_headers()
                    for _ in range(40):
                        self.wfile.write(b"BEGIN:VCALENDAR\r\n")
                        self.wfile.flush()
                        time.sleep(0.2)
                    return None
                if self.path == "/huge.ics":  # no Content-Length: the reader must count
                    self.send_response(200)
                    self.send_header("Content-Type", "text/calendar")
                    self.end_headers()
                    self.wfile.write(b"BEGIN:VCALENDAR\r\n")
                    for _ in range(3 * 1024):
                        self.wfile.write(b"X-PADDING:" + b"x" * 1000 + b"\r\n")
                    return None
                if self.path == "/huge-declared.ics":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/calendar")
                    self.send_header("Content-Length", str(50 * 1024 * 1024))
                    self.end_headers()
                    return None
                if self.path.startswith("/loop"):
                    return self.redirect("/loop-again" if self.path == "/loop" else "/loop")
                if self.path == "/moved.ics":
                    return self.redirect("/google.ics")
                if self.path == "/page.html":
                    return self.answer(
                        200, b"<!DOCTYPE html><html><body>Our calendar</body></html>", "text/html"
                    )
                if self.path == "/private.ics":
                    return self.answer(403, b"Forbidden", "text/plain")
                if self.path not in server.files:
                    return self.answer(404, b"Not found", "text/plain")
                return self.answer(200, server.files[self.path])

            def redirect(self, location):
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

        super().__init__(CalendarHandler)
