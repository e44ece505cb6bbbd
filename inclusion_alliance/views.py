"""Public forms: "Join the Alliance" (served by JoinPage) and "Report a problem with this listing"."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Page

from signpost import ratelimit
from signpost.ratelimit import (
    JOIN_PER_ADDRESS,
    JOIN_PER_EMAIL,
    REPORT_PER_ADDRESS,
    REPORT_PER_CONTACT,
    client_address,
)

from . import emails
from .forms import JoinForm, ProblemReportForm
from .models import Membership

TOO_MANY = 429
# Pages that carry "Report a problem": listings and events.
REPORTABLE_PAGE_TYPES = {"directory.servicepage", "events.eventpage"}


def join_form(request, page):
    """GET shows the form; POST saves an application and says thank you, or shows the form again with
    everything the applicant typed and a message by each problem."""
    limited = False
    if request.method == "POST":
        form = JoinForm(request.POST, consent_text=page.consent_text)
        ip = client_address(request)
        if form.caught_in_honeypot():
            ratelimit.take(JOIN_PER_ADDRESS, ip)
            return redirect(page.url + page.reverse_subpage("thanks"))
        email = request.POST.get("contact_email", "")
        # Said before the form is checked, so nobody corrects mistakes only to be refused; mistakes do
        # not count. A valid application takes its place atomically, as it is saved.
        limited = ratelimit.any_used_up([(JOIN_PER_ADDRESS, ip), (JOIN_PER_EMAIL, email)])
        if not limited and form.is_valid():
            attempts = [(JOIN_PER_ADDRESS, ip), (JOIN_PER_EMAIL, form.cleaned_data["contact_email"])]
            limited = not ratelimit.take_all(attempts)
        if not limited and form.is_valid():
            with transaction.atomic():
                application = form.save()
            emails.application_received(application)
            return redirect(page.url + page.reverse_subpage("thanks"))
    else:
        form = JoinForm(consent_text=page.consent_text)
    context = page.get_context(request)
    context.update(form=form, limited=limited)
    return TemplateResponse(request, page.get_template(request), context, status=TOO_MANY if limited else 200)


def reportable_page(page_id: int):
    page = get_object_or_404(Page.objects.live().public().select_related("content_type"), pk=page_id)
    if page.content_type.app_label + "." + page.content_type.model not in REPORTABLE_PAGE_TYPES:
        raise Http404("Problems can be reported on listings and events only.")
    return page.specific


def editors_of(page):
    """The editors of the organisation the page belongs to (none if it belongs to no member)."""
    membership = (
        Membership.objects.select_related("group")
        .filter(organisation__in=Page.objects.ancestor_of(page, inclusive=True))
        .first()
    )
    return list(membership.editors()) if membership else []


def report_problem(request, page_id: int):
    page = reportable_page(page_id)
    limited = False
    if request.method == "POST":
        form = ProblemReportForm(request.POST)
        ip = client_address(request)
        thanks = reverse("inclusion_alliance:report_thanks", args=[page.pk])
        if form.caught_in_honeypot():
            ratelimit.take(REPORT_PER_ADDRESS, ip)
            return redirect(thanks)
        contact = request.POST.get("contact", "")
        limited = ratelimit.any_used_up([(REPORT_PER_ADDRESS, ip), (REPORT_PER_CONTACT, contact)])
        if not limited and form.is_valid():
            attempts = [(REPORT_PER_ADDRESS, ip), (REPORT_PER_CONTACT, form.cleaned_data.get("contact", ""))]
            limited = not ratelimit.take_all(attempts)
        if not limited and form.is_valid():
            form.instance.page = page
            with transaction.atomic():
                report = form.save()
            emails.problem_reported(report, editors_of(page))
            return redirect(thanks)
    else:
        form = ProblemReportForm()
    context = {"page": page, "listing": page, "form": form, "limited": limited}
    return TemplateResponse(
        request, "inclusion_alliance/report_form.html", context, status=TOO_MANY if limited else 200
    )


def report_thanks(request, page_id: int):
    page = reportable_page(page_id)
    return TemplateResponse(request, "inclusion_alliance/report_thanks.html", {"page": page, "listing": page})
