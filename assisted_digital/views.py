"""The shortlist: add, remove, see, print and email. Every action is a plain form: no JavaScript needed."""

import logging
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMultiAlternatives
from django.http import Http404, HttpResponseForbidden, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.querystrings import safe_next
from signpost import ratelimit

from . import signals
from .forms import EmailShortlistForm
from .handout import handout_items
from .permissions import in_staff_mode
from .shortlist import MAX_ITEMS, Shortlist, shortlistable_page

logger = logging.getLogger("signpost")


def see_other(url: str) -> HttpResponseRedirect:
    """Redirect after a POST with 303 See Other, so reloading the page does not send the form again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def same_site_only(view):
    """Adding to or taking off a shortlist without a CSRF token, so that the pages showing the buttons
    are the same for every visitor and can be cached (caching/middleware.py). What a token would stop,
    another site posting to ours, browsers tell us in Sec-Fetch-Site and Origin; a request naming
    another site is refused. The worst such a request could do is change a visitor's shortlist."""

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        fetch_site = request.headers.get("Sec-Fetch-Site")
        origin = request.headers.get("Origin")
        if fetch_site is not None and fetch_site not in ("same-origin", "none"):
            return HttpResponseForbidden("Please use the buttons on this website to change your shortlist.")
        if fetch_site is None and origin and urlsplit(origin).netloc != request.get_host():
            return HttpResponseForbidden("Please use the buttons on this website to change your shortlist.")
        return view(request, *args, **kwargs)

    return checked


def keep_until_browser_closes(request) -> None:
    """On a shared computer (a library PC) the next person must not find the last person's list."""
    if not request.user.is_authenticated:
        request.session.set_expiry(0)


@same_site_only
@require_POST
def add(request):
    shortlist_url = reverse("assisted_digital:shortlist")
    page = shortlistable_page(request.POST.get("page"))
    if page is None:
        messages.error(request, "We couldn't add that to your shortlist: it is no longer listed.")
        return see_other(safe_next(request, shortlist_url))
    shortlist = Shortlist(request.session)
    if page.pk in shortlist:
        messages.info(request, f"{page.title} is already on your shortlist.")
    elif shortlist.is_full:
        messages.warning(
            request,
            f"Your shortlist is full: it can hold {MAX_ITEMS} things. Take something off it first.",
        )
    else:
        shortlist.add(page.pk)
        keep_until_browser_closes(request)
        messages.success(request, f"Added {page.title} to your shortlist.")
    return see_other(safe_next(request, page.get_url(request) or shortlist_url))


@same_site_only
@require_POST
def remove(request):
    shortlist = Shortlist(request.session)
    try:
        page_id = int(request.POST.get("page", ""))
    except ValueError:
        page_id = None
    if page_id is not None and shortlist.remove(page_id):
        page = shortlistable_page(page_id)
        name = page.title if page else "That item"
        messages.success(request, f"{name} is off your shortlist.")
    else:
        messages.info(request, "That was not on your shortlist.")
    return see_other(safe_next(request, reverse("assisted_digital:shortlist")))


@require_POST
def clear(request):
    Shortlist(request.session).clear()
    messages.success(request, "Your shortlist is empty now.")
    return see_other(safe_next(request, reverse("assisted_digital:shortlist")))


def _resolved(request):
    resolved = Shortlist(request.session).resolve()
    if resolved.dropped:
        messages.info(request, resolved.dropped_message)
    return resolved.pages


@never_cache  # a visitor's own list: never kept in a shared cache
@require_GET
def shortlist(request):
    pages = _resolved(request)
    context = {
        "items": handout_items(pages, request),
        "email_form": EmailShortlistForm(),
        "max_items": MAX_ITEMS,
    }
    if in_staff_mode(request):
        from .staff import staff_tools  # staff mode's views build on these ones

        context.update(staff_tools(request))
    return TemplateResponse(request, "assisted_digital/shortlist.html", context)


def _handout_context(request, items, *, single: bool) -> dict:
    return {
        "items": items,
        "single": single,
        "printed_on": timezone.localdate(),
        "autoprint": request.GET.get("print") == "1",
        "back_url": safe_next(request, reverse("assisted_digital:shortlist")),
    }


@never_cache  # a visitor's own list: never kept in a shared cache
@require_GET
def shortlist_print(request):
    items = handout_items(_resolved(request), request)
    signals.handout_printed.send(sender=None)
    return TemplateResponse(
        request, "assisted_digital/handout.html", _handout_context(request, items, single=False)
    )


@never_cache  # a visitor's own list: never kept in a shared cache
@require_GET
def handout(request, page_id: int):
    """A handout for one listing or event: staff print it in one click from a search result."""
    page = shortlistable_page(page_id)
    if page is None:
        raise Http404("No such listing")
    items = handout_items([page], request)
    signals.handout_printed.send(sender=None)
    return TemplateResponse(
        request, "assisted_digital/handout.html", _handout_context(request, items, single=True)
    )


@sensitive_variables("address")
def send_shortlist(request, items, address: str) -> bool:
    site_settings = _site_settings(request)
    context = {"items": items, "site_settings": site_settings, "sent_on": timezone.localdate()}
    subject = f"Your list of help to get online from {site_settings.area_name} digital help"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("assisted_digital/email/shortlist.txt", context, request=request),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    )
    message.attach_alternative(
        render_to_string("assisted_digital/email/shortlist.html", context, request=request), "text/html"
    )
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any mail failure gets the same plain message
        # The error text can name the recipient, so only its kind is logged.
        logger.warning("Could not send a shortlist email: %s", type(error).__name__)
        return False
    return True


def _site_settings(request):
    from home.models import SiteSettings

    return SiteSettings.for_request(request)


def may_send(request) -> bool:
    """Take one of this visitor's emails for the hour (per session and per address), atomically: twelve
    presses at once send exactly as many emails as the limit allows. A send that fails still counts."""
    if not request.session.session_key:
        request.session.save()
    return ratelimit.take_all(
        [
            (ratelimit.SHORTLIST_EMAIL_PER_SESSION, request.session.session_key),
            (ratelimit.SHORTLIST_EMAIL_PER_ADDRESS, ratelimit.client_address(request)),
        ]
    )


@sensitive_post_parameters("email")
@require_http_methods(["GET", "POST"])
def email(request):
    shortlist_url = reverse("assisted_digital:shortlist")
    pages = _resolved(request)
    if not pages:
        messages.info(request, "Your shortlist is empty, so there is nothing to send yet.")
        return see_other(shortlist_url)
    form = EmailShortlistForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not may_send(request):
            form.add_error(
                "email",
                "You have sent a lot of emails in a short time. Wait an hour and try again, "
                "or print the list instead.",
            )
            status = 429
        elif send_shortlist(request, handout_items(pages, request), form.cleaned_data["email"]):
            signals.shortlist_emailed.send(sender=None)
            messages.success(
                request,
                "We have sent your list. It should arrive in a few minutes: "
                "if you cannot see it, look in your junk or spam folder.",
            )
            return see_other(shortlist_url)
        else:
            form.add_error(
                "email", "We could not send the email just now. Try again later, or print the list."
            )
            status = 503
    elif request.method == "POST":
        status = 400
    return TemplateResponse(
        request,
        "assisted_digital/email.html",
        {"form": form, "items": handout_items(pages, request)},
        status=status,
    )
