"""The pages the browser tests check. Adding a page is one line in PUBLIC_PAGES: a name and either a
path (from the site's data) or a function that leaves the browser on the page to check."""

import dataclasses
import re
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from assisted_digital.models import ReferrerProfile


@dataclasses.dataclass(frozen=True)
class PageToCheck:
    name: str
    path: Callable[[dict], str] | None = None
    visit: Callable | None = None  # visit(page, url, data): for pages reached by doing something
    status: int = 200  # so a wrong path fails here rather than checking the "page not found" page

    def open(self, page, url, data) -> None:
        if self.visit:
            self.visit(page, url, data)
        else:
            response = page.goto(url(self.path(data)))
            assert response.status == self.status, f"{self.name}: {response.status} from {response.url}"

    def __str__(self):
        return self.name


def add_to_shortlist(page, url, listing) -> None:
    page.goto(url(listing.url))
    page.get_by_role("button", name=re.compile(rf"^Add to shortlist\W+{re.escape(listing.title)}$")).click()
    page.wait_for_load_state()


def visit_shortlist(page, url, data) -> None:
    add_to_shortlist(page, url, data["email"])
    add_to_shortlist(page, url, data["helpline"])
    page.goto(url("/shortlist/"))


def visit_print_view(page, url, data) -> None:
    visit_shortlist(page, url, data)
    page.get_by_role("link", name="Print your list").click()
    page.wait_for_load_state()


def visit_email_errors(page, url, data) -> None:
    visit_shortlist(page, url, data)
    page.get_by_label("Email address").fill("not an email address")
    page.get_by_role("button", name="Send the list").click()
    page.wait_for_load_state()


def visit_staff_login_errors(page, url, data) -> None:
    page.goto(url("/staff/login/"))
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def get_locked_out(page, url, path: str = "/staff/login/") -> int:
    """Sign in with the wrong password until signing in is paused, then try once more: the page that
    says so. Returns its HTTP status (429)."""
    from signpost.ratelimit import SIGN_IN_FAILURES_PER_ACCOUNT

    for _ in range(SIGN_IN_FAILURES_PER_ACCOUNT.count + 1):
        page.goto(url(path))
        page.locator("[name='username']").fill("forgetful")
        page.locator("[name='password']").fill("not-my-password")
        with page.expect_navigation() as navigation:
            page.locator("[name='password']").press("Enter")
    return navigation.value.status


def visit_locked_out(page, url, data) -> None:
    get_locked_out(page, url)


def visit_join_errors(page, url, data) -> None:
    page.goto(url(data["join"].url))
    page.get_by_role("button", name="Send your application").click()
    page.wait_for_load_state()


def visit_report_errors(page, url, data) -> None:
    page.goto(url(f"/report/{data['email'].pk}/"))
    page.get_by_role("button", name="Send your report").click()
    page.wait_for_load_state()


def sign_in(page, url, user) -> None:
    """Sign `user` in for this browser context, the way the Django test client does."""
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": url("/")}])


def make_referrer(data):
    user = get_user_model().objects.create_user("librarian", password="a-long-password-1")
    user.groups.add(Group.objects.get(name="Referrers"))
    ReferrerProfile.objects.create(user=user, venue=data["venues"]["central"])
    return user


def visit_staff_mode(page, url, data) -> None:
    sign_in(page, url, make_referrer(data))
    page.goto(url("/staff/find/?q=email&where=SK1"))


def visit_staff_shortlist(page, url, data) -> None:
    sign_in(page, url, make_referrer(data))
    add_to_shortlist(page, url, data["email"])
    page.goto(url("/shortlist/"))


def visit_staff_mode_after_a_referral(page, url, data) -> None:
    """Staff mode with "Undo the referral" showing."""
    visit_staff_mode(page, url, data)
    page.locator("ol.results > li.result").first.get_by_role(
        "button", name=re.compile("^Record a referral")
    ).click()
    page.wait_for_load_state()


PUBLIC_PAGES = [
    PageToCheck("home", lambda data: "/"),
    PageToCheck("results with a place", lambda data: "/find/?q=email&where=SK1"),
    PageToCheck("results without a place", lambda data: "/find/?q=email"),
    PageToCheck(
        "results with filters chosen", lambda data: "/find/?q=email&where=SK1&level=life&format=drop-in"
    ),
    PageToCheck("place step for a task", lambda data: "/find/where/?topic=email"),
    PageToCheck("empty results", lambda data: "/find/?q=underwater+basket+weaving&where=SK7&radius=1"),
    PageToCheck("listing", lambda data: data["email"].url),
    PageToCheck("organisation", lambda data: data["organisation"].url),
    PageToCheck("organisations index", lambda data: data["organisation"].get_parent().url),
    PageToCheck("venue", lambda data: data["venues"]["central"].get_absolute_url()),
    PageToCheck("what's on", lambda data: data["whats_on"].url),
    PageToCheck(
        "what's on this week at a place", lambda data: f"{data['whats_on'].url}?when=this_week&where=SK1"
    ),
    PageToCheck("event", lambda data: data["event"].url),
    PageToCheck(
        "venue's printable what's on sheet",
        lambda data: data["venues"]["central"].get_absolute_url() + "whats-on/",
    ),
    PageToCheck("shortlist", visit=visit_shortlist),
    PageToCheck("shortlist print view", visit=visit_print_view),
    PageToCheck("one-listing handout", lambda data: f"/handout/{data['email'].pk}/"),
    PageToCheck("shortlist email with errors", visit=visit_email_errors),
    PageToCheck("staff sign-in with errors", visit=visit_staff_login_errors),
    PageToCheck("signing in paused after too many tries", visit=visit_locked_out),
    PageToCheck("staff mode results", visit=visit_staff_mode),
    PageToCheck("staff mode after a referral", visit=visit_staff_mode_after_a_referral),
    PageToCheck("staff mode shortlist", visit=visit_staff_shortlist),
    PageToCheck("join form", lambda data: data["join"].url),
    PageToCheck("join form with errors", visit=visit_join_errors),
    PageToCheck("report form", lambda data: f"/report/{data['email'].pk}/"),
    PageToCheck("report form with errors", visit=visit_report_errors),
    PageToCheck("open data", lambda data: data["open_data"].url),
    PageToCheck("page not found", lambda data: "/no-such-page/", status=404),
]
