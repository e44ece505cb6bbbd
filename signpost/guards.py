"""Checks made on every request before any view (or database) sees it.

- NUL and other control characters in the address, a query parameter or a form field are refused with
  a plain message (400). PostgreSQL cannot store NUL at all, and no resident types the others; tab,
  line feed and carriage return are allowed in form fields (a pasted address has line breaks).
- The open data API and the JSON endpoints are limited per network address (429 with Retry-After),
  so a handful of scrapers cannot slow the site down for residents. Limits in signpost/ratelimit.py.
"""

import re

from django.http import JsonResponse
from django.shortcuts import render

from . import ratelimit

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTERS_IN_ADDRESSES = re.compile(r"[\x00-\x1f\x7f]")
API_PREFIXES = ("/api/", "/open-data/")
BAD_CHARACTERS = "What was sent has characters in it that we cannot read (control characters such as NUL)."


def has_control_characters(request) -> bool:
    if CONTROL_CHARACTERS_IN_ADDRESSES.search(request.path):
        return True
    for key, values in request.GET.lists():
        if CONTROL_CHARACTERS_IN_ADDRESSES.search(key) or any(
            CONTROL_CHARACTERS_IN_ADDRESSES.search(value) for value in values
        ):
            return True
    if request.method == "POST":
        for key, values in request.POST.lists():
            if CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values):
                return True
    return False


def limit_for(path: str) -> ratelimit.Limit | None:
    if path.startswith(API_PREFIXES):
        return ratelimit.API_PER_ADDRESS
    if path.endswith(".json"):
        return ratelimit.JSON_PER_ADDRESS
    return None


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = limit_for(request.path)
        if has_control_characters(request):
            if limit:  # the APIs answer in JSON, errors included
                return JsonResponse({"error": BAD_CHARACTERS}, status=400)
            return render(request, "signpost/bad_characters.html", status=400)
        if limit and not ratelimit.take(limit, ratelimit.client_address(request)):
            seconds = ratelimit.retry_after(limit)
            response = JsonResponse(
                {"error": f"Too many requests from your address. Try again in {seconds} seconds."},
                status=429,
            )
            response["Retry-After"] = str(seconds)
            return response
        return self.get_response(request)
