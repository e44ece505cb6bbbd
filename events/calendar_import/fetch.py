"""Fetching a group's calendar feed: carefully, because the address is typed in by a volunteer and the
server at the other end is not ours.

- Only http:// and https:// addresses; `webcal://` (what Google and Outlook offer to "subscribe") is
  read as https://.
- A time limit for each wait on the network (`TIMEOUT_SECONDS`) and for the whole fetch
  (`DEADLINE_SECONDS`), so a server that sends one byte a second cannot hold the scheduler up.
- At most `MAX_BYTES`, read in chunks: a calendar bigger than that is refused, not cut short.
- At most `MAX_REDIRECTS` redirects, so a redirect loop ends with a message.
- Addresses on this machine or the council's private network are refused (unless the
  CALENDAR_IMPORT_ALLOW_PRIVATE_ADDRESSES setting says otherwise, which the tests' local server
  needs), so a feed address cannot be used to make the server fetch its own internal pages. Each
  redirect's address is checked too, and so is the address each connection actually reached.
- What comes back must be iCalendar text (it must start with BEGIN:VCALENDAR).

Every failure raises FeedProblem with a message a volunteer can act on; the importer then changes
nothing.
"""

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

TIMEOUT_SECONDS = 10
DEADLINE_SECONDS = 30
MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
USER_AGENT = "Signpost calendar import"


class FeedProblem(Exception):
    """Why a feed could not be read, in words for the group's editors."""


def limits() -> dict:
    """The limits, which tests may lower through the CALENDAR_IMPORT_LIMITS setting."""
    defaults = {
        "timeout": TIMEOUT_SECONDS,
        "deadline": DEADLINE_SECONDS,
        "max_bytes": MAX_BYTES,
        "max_redirects": MAX_REDIRECTS,
    }
    return defaults | getattr(settings, "CALENDAR_IMPORT_LIMITS", {})


def normalise_url(url: str) -> str:
    """The address to fetch: `webcal://` becomes https://; anything but http(s) is refused."""
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("webcal", "webcals"):
        return urllib.parse.urlunsplit(parts._replace(scheme="https"))
    if scheme not in ("http", "https") or not parts.hostname:
        raise FeedProblem("The calendar address must start with https://, http:// or webcal://.")
    return url


def private_addresses_allowed() -> bool:
    return getattr(settings, "CALENDAR_IMPORT_ALLOW_PRIVATE_ADDRESSES", False)


def not_public(host: str) -> FeedProblem:
    return FeedProblem(f"{host} is not on the public internet, so we cannot fetch a calendar from it.")


def is_public(address: str) -> bool:
    return ipaddress.ip_address(address.split("%")[0]).is_global


def check_host(url: str) -> None:
    """Refuse an address whose host is this machine or a private network, with a clear message before
    connecting. (The connection checks again whom it reached: CheckedHTTPConnection.)"""
    if private_addresses_allowed():
        return
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        raise FeedProblem(f"We could not find the website {host}. Check the address.") from None
    if not all(is_public(address) for address in addresses):
        raise not_public(host)


class PeerCheckMixin:
    """After connecting, refuse a private peer: the name may resolve differently now than when
    check_host looked it up (DNS rebinding). Skipped behind a configured proxy, which is then the peer
    and is the server's own infrastructure."""

    def connect(self):
        super().connect()
        if private_addresses_allowed() or urllib.request.getproxies():
            return
        if not is_public(self.sock.getpeername()[0]):
            self.sock.close()
            raise not_public(self.host)


class CheckedHTTPConnection(PeerCheckMixin, http.client.HTTPConnection):
    pass


class CheckedHTTPSConnection(PeerCheckMixin, http.client.HTTPSConnection):
    pass


class CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(CheckedHTTPConnection, req)


class CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(CheckedHTTPSConnection, req, context=self._context)


class LimitedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most `max_redirects` redirects, checking each new address, and says so clearly."""

    def __init__(self, max_redirects: int):
        super().__init__()
        self.max_redirects = max_redirects
        self.count = 0

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.count += 1
        if self.count > self.max_redirects:
            raise FeedProblem(
                f"The calendar address sent us on more than {self.max_redirects} times (a redirect loop?). "
                "Check the address, or copy it again from your calendar."
            )
        newurl = normalise_url(newurl)
        check_host(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    # urllib's own loop check would stop earlier with a message in its own words.
    max_repeats = 1000
    max_redirections = 1000


def read_limited(response, max_bytes: int, deadline: float) -> bytes:
    """The body, in chunks, refusing more than `max_bytes` or past `deadline` (time.monotonic())."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise too_big(max_bytes)
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise too_slow()
        # read1: what has arrived (up to a chunk), so a slow trickle still reaches the deadline check.
        chunk = response.read1(CHUNK_BYTES)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise too_big(max_bytes)
        chunks.append(chunk)


def too_big(max_bytes: int) -> FeedProblem:
    megabytes = max_bytes / (1024 * 1024)
    size = f"{megabytes:g} MB" if megabytes >= 1 else f"{max_bytes // 1024} KB"
    return FeedProblem(
        f"The calendar is bigger than {size}, which is more than we can bring in. "
        "Publish a calendar with only your group's coming events."
    )


def too_slow() -> FeedProblem:
    return FeedProblem(
        "The calendar's website took too long to answer. Nothing was changed; we will try again next time."
    )


def fetch_calendar(url: str) -> bytes:
    """The feed's bytes, checked to be iCalendar. Raises FeedProblem for anything else."""
    settings_limits = limits()
    url = normalise_url(url)
    check_host(url)
    opener = urllib.request.build_opener(
        CheckedHTTPHandler, CheckedHTTPSHandler, LimitedRedirects(settings_limits["max_redirects"])
    )
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked by normalise_url
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    )
    deadline = time.monotonic() + settings_limits["deadline"]
    try:
        with opener.open(request, timeout=settings_limits["timeout"]) as response:
            body = read_limited(response, settings_limits["max_bytes"], deadline)
    except FeedProblem:
        raise
    except urllib.error.HTTPError as error:
        raise FeedProblem(http_error_words(error.code)) from None
    except TimeoutError:
        raise too_slow() from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            raise too_slow() from None
        raise FeedProblem(f"We could not fetch the calendar: {reason}.") from None
    check_is_icalendar(body)
    return body


def http_error_words(code: int) -> str:
    if code in (401, 403):
        return (
            "The calendar is private (its website answered 'not allowed'). Use the public or secret "
            "iCal address, not the address of the calendar's web page."
        )
    if code == 404:
        return "There is no calendar at that address (its website answered 'not found'). Check the address."
    return f"The calendar's website answered with an error ({code}). We will try again next time."


def check_is_icalendar(body: bytes) -> None:
    """Refuse a web page, an empty answer or anything else that is not an iCalendar file."""
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if not start.startswith(b"BEGIN:VCALENDAR"):
        looks_like_html = b"<html" in body[:1000].lower() or b"<!doctype" in body[:1000].lower()
        what = "a web page" if looks_like_html else "not a calendar file"
        raise FeedProblem(
            f"The address gives {what}, not a calendar in iCal format. In your calendar's settings, "
            "copy the address that ends .ics (Google: 'Public address in iCal format')."
        )
