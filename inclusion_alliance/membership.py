"""Deciding applications to join the Alliance.

Approving one makes, in one transaction: a draft organisation page under the organisation index, the
organisation's editor group (permissions on that page's subtree) and a login for the contact (or finds
the login they already have), then emails them a link to choose a password. Deciding an application
twice changes nothing: the second attempt finds it already decided.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.log_actions import log

from directory.models import OrganisationIndexPage, OrganisationPage

from . import emails
from .choices import ApplicationStatus
from .models import ORGANISATION_DETAILS, Membership, MembershipApplication
from .moderation import ensure_alliance_setup
from .permissions import setup_organisation_group


class ApplicationError(Exception):
    """Why an application cannot be decided now, in words for the coordinator."""


@dataclass
class Approval:
    membership: Membership
    user: object
    new_account: bool
    emailed: bool


def _lock_pending(application) -> MembershipApplication:
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_pending:
        status = application.get_status_display().lower()
        when = f" on {timezone.localtime(application.decided_at):%-d %B %Y}" if application.decided_at else ""
        raise ApplicationError(f"This application was already {status}{when}.")
    return application


def _unique_child_slug(parent, title: str) -> str:
    base = slugify(title)[:70] or "organisation"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _unique_username(email: str) -> str:
    User = get_user_model()
    base = email[:140]
    username, number = base, 2
    while User.objects.filter(username__iexact=username).exists():
        username, number = f"{base}-{number}", number + 1
    return username


def find_or_create_user(application) -> tuple[object, bool]:
    """The contact's login: an existing one with their email address, or a new one with no usable
    password (they choose one from the link in their welcome email). Their username is their email."""
    User = get_user_model()
    email = application.contact_email.strip().lower()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None:
        return user, False
    first, _, last = application.contact_name.strip().partition(" ")
    user = User(username=_unique_username(email), email=email, first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    user.save()
    return user, True


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n") if part.strip())


def approve_application(application, *, by, trusted: bool = False) -> Approval:
    with transaction.atomic():
        application = _lock_pending(application)
        index = OrganisationIndexPage.objects.order_by("path").first()
        if index is None:
            raise ApplicationError("There is no organisations page to add the new member to. Make one first.")
        ensure_alliance_setup()
        user, new_account = find_or_create_user(application)

        page = OrganisationPage(
            title=application.organisation_name,
            slug=_unique_child_slug(index, application.organisation_name),
            summary=application.summary[:300],
            description=_paragraphs(application.help_offered),
            **{name: getattr(application, name) for name in ORGANISATION_DETAILS},
            live=False,
            owner=user,
        )
        index.add_child(instance=page)
        page.save_revision(user=by)
        log(instance=page, action="wagtail.create", user=by)

        group = setup_organisation_group(page, trusted=trusted)
        user.groups.add(group)

        application.status = ApplicationStatus.APPROVED
        application.decided_at = timezone.now()
        application.decided_by = by
        application.organisation = page
        application.user = user
        application.save()
        membership = group.alliance_membership

    emailed = emails.application_approved(application, user, new_account=new_account)
    return Approval(membership=membership, user=user, new_account=new_account, emailed=emailed)


def reject_application(application, *, by, reason: str) -> MembershipApplication:
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Give the reason. It is sent to the applicant.")
    with transaction.atomic():
        application = _lock_pending(application)
        application.status = ApplicationStatus.REJECTED
        application.rejection_reason = reason
        application.decided_at = timezone.now()
        application.decided_by = by
        application.save()
    emails.application_rejected(application)
    return application


def can_resend_welcome(application) -> bool:
    """Whether the contact still needs the set-password email: approved, and no password chosen yet."""
    user = application.user
    return (
        application.status == ApplicationStatus.APPROVED
        and user is not None
        and not user.has_usable_password()
    )


def resend_welcome(application) -> bool:
    """Send the set-password email again (the link lasts a few days). False if there was nothing to send
    or it could not be sent."""
    if not can_resend_welcome(application):
        return False
    return emails.application_approved(application, application.user, new_account=True)
