"""Every email the Alliance sends, through Django's email backend.

Each message goes to one person (nobody sees anyone else's address). Subjects and bodies are plain
text templates in templates/inclusion_alliance/emails/.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import Site

from .permissions import coordinators

logger = logging.getLogger("signpost")


def default_site_name() -> str:
    """The default site's name (Settings > Sites), as emails sign off with."""
    site = Site.objects.filter(is_default_site=True).first()
    return (site and site.site_name) or settings.WAGTAIL_SITE_NAME


def council_address() -> str:
    """Where residents and applicants write back to: the site's contact email (Site settings)."""
    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).contact_email if site else ""


def admin_url(name: str, *args) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def set_password_url(user) -> str:
    """A one-use link to choose a password, from Django's password-reset token machinery.

    It stops working once the password is set, and after PASSWORD_RESET_TIMEOUT (3 days by default)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return admin_url("wagtailadmin_password_reset_confirm", uid, token)


def send(template: str, addresses, context: dict, *, reply_to: str = "") -> int:
    """Render `emails/<template>_subject.txt` and `emails/<template>.txt` and send one message to each
    address. Returns how many were sent."""
    addresses = list(dict.fromkeys(address for address in addresses if address))
    if not addresses:
        return 0
    context = {"site_name": default_site_name(), "admin_home": admin_url("wagtailadmin_home"), **context}
    subject = " ".join(render_to_string(f"inclusion_alliance/emails/{template}_subject.txt", context).split())
    body = render_to_string(f"inclusion_alliance/emails/{template}.txt", context)
    messages = [
        EmailMessage(subject, body, to=[address], reply_to=[reply_to] if reply_to else None)
        for address in addresses
    ]
    try:
        return get_connection().send_messages(messages) or 0
    except (OSError, smtplib.SMTPException):
        # The record (application, report) is already saved and shows in the admin; a mail server
        # being down must not turn a resident's form into an error page.
        logger.exception("Could not send the '%s' email to %s address(es)", template, len(messages))
        return 0


def coordinator_addresses() -> list[str]:
    return list(coordinators().values_list("email", flat=True))


# -- applications ------------------------------------------------------------------------------------


def application_received(application) -> None:
    """Tell the coordinators there is an application to review, and the applicant that it arrived."""
    context = {
        "application": application,
        "review_url": admin_url("alliance_applications:inspect", application.pk),
    }
    send("application_to_coordinators", coordinator_addresses(), context, reply_to=application.contact_email)
    send("application_received", [application.contact_email], context, reply_to=council_address())


def application_approved(application, user, *, new_account: bool) -> bool:
    context = {
        "application": application,
        "user": user,
        "organisation": application.organisation,
        "new_account": new_account,
        "set_password_url": set_password_url(user) if new_account else "",
        "login_url": admin_url("wagtailadmin_login"),
        "edit_url": admin_url("wagtailadmin_pages:edit", application.organisation.pk),
    }
    return send("application_approved", [user.email], context, reply_to=council_address()) == 1


def application_rejected(application) -> None:
    send(
        "application_rejected",
        [application.contact_email],
        {"application": application},
        reply_to=council_address(),
    )


# -- problem reports ----------------------------------------------------------------------------------


def problem_reported(report, editors) -> None:
    context = {
        "report": report,
        "page": report.page.specific,
        "report_url": admin_url("alliance_problem_reports:inspect", report.pk),
        "edit_url": admin_url("wagtailadmin_pages:edit", report.page.pk),
    }
    send("problem_report", [user.email for user in editors] + coordinator_addresses(), context)


# -- review reminders --------------------------------------------------------------------------------


def review_reminder(stage: str, listings, editors) -> list[str]:
    """One email to each editor about their organisation's listings at this stage. Returns the addresses
    (none if nothing could be sent, so the reminder is tried again the next day)."""
    from .freshness import CONFIRM_URL_NAME

    rows = [
        {
            "listing": listing,
            "edit_url": admin_url("wagtailadmin_pages:edit", listing.pk),
            "confirm_url": admin_url(CONFIRM_URL_NAME, listing.pk),
        }
        for listing in listings
    ]
    addresses = [user.email for user in editors]
    sent = send(f"reminder_{stage}", addresses, {"rows": rows, "count": len(rows)})
    if sent != len(set(addresses)):
        logger.warning("Review reminder: sent %s of %s emails", sent, len(set(addresses)))
    return addresses if sent else []


def group_asked_to_check(report, editors, *, by) -> int:
    """A coordinator's "Ask the group" about a problem report: to the group's editors, replies to the
    coordinator. Returns how many were sent."""
    context = {
        "report": report,
        "page": report.page.specific,
        "coordinator": by,
        "edit_url": admin_url("wagtailadmin_pages:edit", report.page.pk),
        "report_url": admin_url("alliance_problem_reports:inspect", report.pk),
    }
    return send("ask_the_group", [user.email for user in editors], context, reply_to=by.email)
