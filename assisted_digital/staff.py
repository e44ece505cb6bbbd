"""Staff mode: the same search, compact, with "Record a referral" and a one-click handout per result.

For signed-in members of the Referrers group only. A referral stores the listing, the staff member's
venue, one help topic and the date (see models.py for why nothing else).
"""

import secrets
import time
from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.querystrings import safe_next
from directory import vocabulary
from directory.models import HelpTopic, ServicePage
from search import views as search_views

from .forms import StaffVenueForm
from .models import Referral, ReferrerProfile
from .permissions import is_referrer
from .shortlist import Shortlist
from .views import see_other

LOGIN_URL = reverse_lazy("assisted_digital:staff_login")
# A referral pressed by mistake can be taken back for this long; after that it stands.
UNDO_SECONDS = 5 * 60
# The last referral recorded in this session, which "Undo" may take back: {"id", "title", "at"}.
LAST_REFERRAL_KEY = "last_referral"


def referrer_required(view):
    """Anonymous visitors are asked to sign in; signed-in people who are not Referrers are told why not."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), LOGIN_URL)
        if not is_referrer(request.user):
            return TemplateResponse(request, "assisted_digital/staff_forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


class StaffLoginView(auth_views.LoginView):
    template_name = "assisted_digital/staff_login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("assisted_digital:staff_find")


class StaffLogoutView(auth_views.LogoutView):
    next_page = "/"


def referral_topic(listing_topics, searched) -> str:
    """The topic a referral is counted under: the topic searched for, if the listing offers it;
    otherwise the listing's first topic in the council's order. Empty if the listing has none."""
    order = list(vocabulary.terms(HelpTopic))
    offered = sorted(listing_topics, key=lambda slug: order.index(slug) if slug in order else len(order))
    for slug in offered:
        if slug in searched:
            return slug
    return offered[0] if offered else ""


def profile_for(user) -> ReferrerProfile:
    profile, _created = ReferrerProfile.objects.select_related("venue").get_or_create(user=user)
    return profile


def staff_tools(request) -> dict:
    """What staff mode's tools need, on the staff search and on the shortlist."""
    return {
        "staff_mode": True,
        "profile": profile_for(request.user),
        "shortlist_count": len(Shortlist(request.session)),
        "undoable": undoable_referral(request),
        "staff_find_url": reverse("assisted_digital:staff_find"),
    }


@require_GET
@referrer_required
def staff_find(request):
    response = search_views.find(request)
    context = response.context_data
    searched = search_views.searched_topics(context["query"])
    for result in [*context["page_results"], *context["remote_results"]]:
        result.referral_topic = referral_topic(result.topics, searched)
        # One token per button as shown: pressing it twice sends the same token, counted once.
        result.referral_token = secrets.token_urlsafe(16)
    context.update(staff_tools(request))
    context["json_url"] = reverse("search:find") + context["json_url"]
    response.template_name = "assisted_digital/staff_find.html"
    return response


@require_POST
@referrer_required
def record_referral(request):
    back = safe_next(request, reverse("assisted_digital:staff_find"))
    profile = profile_for(request.user)
    if profile.venue is None:
        messages.error(
            request, "Choose the venue you are working at first: referrals are counted for a venue."
        )
        return see_other(reverse("assisted_digital:staff_venue") + "?next=" + back)
    try:
        listing = ServicePage.objects.live().public().get(pk=int(request.POST.get("listing", "")))
    except (ValueError, ServicePage.DoesNotExist):
        messages.error(request, "We couldn't record that referral: the listing is no longer listed.")
        return see_other(back)
    if not first_press(request.POST.get("token", "")):
        messages.info(request, f"Referral recorded once: {listing.title}. You pressed the button twice.")
        return see_other(back)
    offered = set(listing.topics.values_list("slug", flat=True))
    wanted = request.POST.get("topic", "")
    slug = referral_topic(offered, {wanted} if wanted in offered else set())
    topic = HelpTopic.objects.filter(slug=slug).first() if slug else None
    referral = Referral.objects.create(listing=listing, venue=profile.venue, topic=topic)
    request.session[LAST_REFERRAL_KEY] = {"id": referral.pk, "title": listing.title, "at": time.time()}
    about = f" for {topic.name}" if topic else ""
    messages.success(
        request,
        f"Referral recorded: {listing.title}{about}, from {profile.venue.name}. Thank you. "
        "Pressed by mistake? Use Undo at the top of the search for the next 5 minutes.",
    )
    return see_other(back)


def first_press(token: str) -> bool:
    """True the first time a referral button's token is seen. A token is kept for the undo time, so a
    double click, or the form sent again, records one referral. The cache's `add` is atomic, so two
    presses arriving together still count once. A form without a token (an old page) always counts."""
    if not token:
        return True
    return cache.add(f"referral-token:{token[:64]}", True, UNDO_SECONDS)


def undoable_referral(request) -> dict | None:
    """The referral this session recorded last, if it is recent enough to undo."""
    last = request.session.get(LAST_REFERRAL_KEY)
    if not isinstance(last, dict) or not isinstance(last.get("at"), int | float):
        return None
    if time.time() - last["at"] > UNDO_SECONDS:
        return None
    return last


@require_POST
@referrer_required
def undo_referral(request):
    """Take back the last referral this session recorded, within a few minutes: staff can correct
    a mistake at once, but cannot change the counts later."""
    back = safe_next(request, reverse("assisted_digital:staff_find"))
    last = undoable_referral(request)
    if last is None or str(last.get("id")) != request.POST.get("referral", ""):
        messages.info(request, "That referral can no longer be undone: it was more than 5 minutes ago.")
        return see_other(back)
    Referral.objects.filter(pk=last["id"]).delete()
    request.session.pop(LAST_REFERRAL_KEY, None)
    messages.success(request, f"Referral undone: {last['title']} is not counted.")
    return see_other(back)


@require_http_methods(["GET", "POST"])
@referrer_required
def staff_venue(request):
    profile = profile_for(request.user)
    back = safe_next(request, reverse("assisted_digital:staff_find"))
    form = StaffVenueForm(request.POST or None, initial={"venue": profile.venue})
    if request.method == "POST" and form.is_valid():
        profile.venue = form.cleaned_data["venue"]
        profile.save(update_fields=["venue"])
        messages.success(request, f"Your referrals will be counted for {profile.venue.name}.")
        return see_other(back)
    return TemplateResponse(
        request,
        "assisted_digital/staff_venue.html",
        {"form": form, "back_url": back},
        status=400 if form.errors else 200,
    )


@require_POST
@referrer_required
def next_visitor(request):
    """Start again for the next visitor: their shortlist must not be handed to the next person."""
    Shortlist(request.session).clear()
    messages.success(request, "Ready for the next visitor: the shortlist is empty.")
    return see_other(reverse("assisted_digital:staff_find"))
