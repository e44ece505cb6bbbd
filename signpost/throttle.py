"""Limits on guessing passwords: signing in to the admin and to staff mode, and password reset emails.

Wrong passwords are counted per account (the username typed) and per network address; once either
limit is used up, sign-in is refused for the rest of the window, even with the right password, and the
person is told how long to wait and how to reset their password. Password reset requests are counted
per email address typed and per network address, whether or not an account has that address (so the
answer never says which addresses have accounts). The limits are in signpost/ratelimit.py.
"""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from . import ratelimit
from .ratelimit import (
    PASSWORD_RESET_PER_ACCOUNT,
    PASSWORD_RESET_PER_ADDRESS,
    SIGN_IN_FAILURES_PER_ACCOUNT,
    SIGN_IN_FAILURES_PER_ADDRESS,
    client_address,
)

SIGN_IN_URL_NAMES = ("wagtailadmin_login", "assisted_digital:staff_login")
PASSWORD_RESET_URL_NAME = "wagtailadmin_password_reset"  # noqa: S105 - a URL name


def sign_in_attempts(username: str, address: str) -> list:
    return [(SIGN_IN_FAILURES_PER_ACCOUNT, username), (SIGN_IN_FAILURES_PER_ADDRESS, address)]


@receiver(user_login_failed, dispatch_uid="signpost-count-sign-in-failures")
def count_sign_in_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    ratelimit.take_all(sign_in_attempts(credentials.get("username", ""), client_address(request)))


def too_many(
    request, heading: str, explanation: str, limits, back_text: str, offer_reset: bool = False
) -> HttpResponse:
    seconds = ratelimit.retry_after(*limits)
    context = {
        "heading": heading,
        "explanation": explanation,
        "wait": ratelimit.wait_words(seconds),
        "reset_url": reverse(PASSWORD_RESET_URL_NAME) if offer_reset else "",
        "back_url": request.path,
        "back_text": back_text,
    }
    response = render(request, "signpost/too_many_tries.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


class SignInThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._paths = None

    def paths(self) -> tuple[set[str], str]:
        if self._paths is None:
            self._paths = ({reverse(name) for name in SIGN_IN_URL_NAMES}, reverse(PASSWORD_RESET_URL_NAME))
        return self._paths

    def __call__(self, request):
        if request.method == "POST":
            sign_in_paths, reset_path = self.paths()
            address = client_address(request)
            if request.path in sign_in_paths:
                attempts = sign_in_attempts(request.POST.get("username", ""), address)
                if ratelimit.any_used_up(attempts):
                    return too_many(
                        request,
                        "Too many tries to sign in",
                        "The password was wrong too many times, so signing in is paused for a while "
                        "to keep the account safe.",
                        [limit for limit, _ in attempts],
                        "the sign-in page",
                        offer_reset=True,
                    )
            elif request.path == reset_path:
                attempts = [
                    (PASSWORD_RESET_PER_ACCOUNT, request.POST.get("email", "")),
                    (PASSWORD_RESET_PER_ADDRESS, address),
                ]
                if not ratelimit.take_all(attempts):
                    return too_many(
                        request,
                        "Too many password reset requests",
                        "We have already sent several password reset emails. Look in your inbox and your "
                        "junk or spam folder for the latest one.",
                        [limit for limit, _ in attempts],
                        "the password reset page",
                    )
        return self.get_response(request)
