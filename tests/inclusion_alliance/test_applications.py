"""Coordinators approve or turn down applications in the admin; approval makes exactly one page, one
group and one login, with the right permissions, and deciding twice changes nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from wagtail.models import GroupPagePermission

from directory.models import OrganisationPage
from inclusion_alliance.choices import ApplicationStatus
from inclusion_alliance.membership import ApplicationError, approve_application
from inclusion_alliance.models import Membership, MembershipApplication
from tests.inclusion_alliance.factories import MembershipApplicationFactory, UserFactory

User = get_user_model()


@pytest.fixture
def pending(alliance):
    return MembershipApplicationFactory(
        organisation_name="Heaton Moor Library Friends", contact_name="Pat Kowalski"
    )


def approve(client, application, **data):
    return client.post(f"/admin/alliance/applications/approve/{application.pk}/", data)


def counts():
    return (
        OrganisationPage.objects.count(),
        Group.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


def set_password_link(message) -> str:
    return re.search(r"http://testserver(/admin/password_reset/confirm/\S+/)", message.body).group(1)


def test_coordinators_see_the_application_with_approve_and_turn_down(coordinator_client, pending):
    listing = coordinator_client.get("/admin/alliance/applications/")
    assert "Heaton Moor Library Friends" in listing.content.decode()
    page = coordinator_client.get(f"/admin/alliance/applications/inspect/{pending.pk}/").content.decode()
    assert f"/admin/alliance/applications/approve/{pending.pk}/" in page
    assert f"/admin/alliance/applications/reject/{pending.pk}/" in page
    form = coordinator_client.get(f"/admin/alliance/applications/approve/{pending.pk}/")
    assert "make a login for Pat Kowalski" in form.content.decode()


def test_approving_makes_exactly_one_page_one_group_and_one_login(coordinator_client, pending, alliance):
    pages, groups, users, memberships = counts()

    response = approve(coordinator_client, pending)

    assert response.status_code == 302
    assert counts() == (pages + 1, groups + 1, users + 1, memberships + 1)
    pending.refresh_from_db()
    assert pending.status == ApplicationStatus.APPROVED
    page = pending.organisation
    assert page.get_parent().pk == alliance.pk
    assert page.title == "Heaton Moor Library Friends" and not page.live
    assert page.summary == pending.summary
    user = pending.user
    assert user.email == pending.contact_email and user.username == pending.contact_email
    assert (user.first_name, user.last_name) == ("Pat", "Kowalski")
    assert not user.has_usable_password()
    membership = Membership.objects.get(organisation=page)
    assert list(user.groups.all()) == [membership.group]
    assert not membership.trusted
    permissions = GroupPagePermission.objects.filter(group=membership.group)
    assert {(p.page_id, p.permission.codename) for p in permissions} == {
        (page.pk, "add_page"),
        (page.pk, "change_page"),
    }
    assert membership.group.permissions.filter(codename="access_admin").exists()


def test_the_new_editor_is_emailed_a_link_that_sets_their_password(coordinator_client, pending):
    mail.outbox.clear()
    approve(coordinator_client, pending)

    (message,) = mail.outbox
    assert message.to == [pending.contact_email]
    assert "Heaton Moor Library Friends" in message.subject
    link = set_password_link(message)
    browser = Client()
    form = browser.get(link, follow=True)
    assert form.status_code == 200
    response = browser.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new password 9", "new_password2": "a long new password 9"},
    )
    assert response.status_code == 302
    assert browser.login(username=pending.contact_email, password="a long new password 9")
    assert browser.get(link, follow=True).context["validlink"] is False  # used once only


def test_the_new_editor_can_edit_their_page_and_nobody_elses(client, coordinator, pending, member_b):
    approve_application(pending, by=coordinator)
    pending.refresh_from_db()
    client.force_login(pending.user)
    assert client.get(f"/admin/pages/{pending.organisation.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{member_b.listing.pk}/edit/").status_code in (302, 403)


def test_approving_twice_changes_nothing_the_second_time(coordinator_client, pending):
    approve(coordinator_client, pending)
    state, sent = counts(), len(mail.outbox)

    response = approve(coordinator_client, pending)
    again = coordinator_client.get(f"/admin/alliance/applications/approve/{pending.pk}/", follow=True)

    assert response.status_code == 302
    assert counts() == state
    assert len(mail.outbox) == sent
    assert "already approved" in again.content.decode()


def test_approving_in_code_twice_raises_and_changes_nothing(coordinator, pending):
    approve_application(pending, by=coordinator)
    state = counts()
    with pytest.raises(ApplicationError, match="already approved"):
        approve_application(pending, by=coordinator)
    assert counts() == state


def test_a_trusted_approval_lets_the_group_publish(coordinator_client, pending):
    approve(coordinator_client, pending, trusted="on")
    pending.refresh_from_db()
    membership = Membership.objects.get(organisation=pending.organisation)
    assert membership.trusted
    assert GroupPagePermission.objects.filter(
        group=membership.group, page=pending.organisation, permission__codename="publish_page"
    ).exists()


def test_a_contact_who_already_has_a_login_keeps_it(coordinator_client, alliance):
    existing = UserFactory(username="sam", email="sam@edgeley-hub.example")
    application = MembershipApplicationFactory(contact_email="SAM@edgeley-hub.example")
    users = User.objects.count()
    mail.outbox.clear()

    approve(coordinator_client, application)

    assert User.objects.count() == users
    application.refresh_from_db()
    assert application.user == existing
    assert existing.groups.filter(alliance_membership__organisation=application.organisation).exists()
    assert existing.has_usable_password()
    (message,) = mail.outbox
    assert "password_reset" not in message.body
    assert "/admin/login/" in message.body


def test_two_groups_with_the_same_name_get_separate_pages_and_groups(coordinator, alliance):
    first = MembershipApplicationFactory(organisation_name="Tech Friends")
    second = MembershipApplicationFactory(organisation_name="Tech Friends")
    one = approve_application(first, by=coordinator).membership
    two = approve_application(second, by=coordinator).membership
    assert one.organisation.slug != two.organisation.slug
    assert one.group != two.group


def test_approval_needs_an_organisation_index(admin_user, home_page):
    application = MembershipApplicationFactory()
    with pytest.raises(ApplicationError, match="no organisations page"):
        approve_application(application, by=admin_user)
    application.refresh_from_db()
    assert application.is_pending


def test_turning_down_needs_a_reason(coordinator_client, pending):
    response = coordinator_client.post(f"/admin/alliance/applications/reject/{pending.pk}/", {"reason": "  "})
    assert response.status_code == 200
    assert "Give the reason. It is sent to the applicant." in response.content.decode()
    pending.refresh_from_db()
    assert pending.is_pending
    assert not mail.outbox


def test_turning_down_emails_the_reason_politely(coordinator_client, pending):
    reason = "We can only list groups that work in Stockport. Please get in touch if that changes."
    response = coordinator_client.post(
        f"/admin/alliance/applications/reject/{pending.pk}/", {"reason": reason}
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ApplicationStatus.REJECTED
    assert pending.rejection_reason == reason
    (message,) = mail.outbox
    assert message.to == [pending.contact_email]
    assert reason in message.body
    assert message.body.startswith(f"Dear {pending.contact_name},")
    assert not OrganisationPage.objects.filter(title=pending.organisation_name).exists()


def test_a_turned_down_application_cannot_then_be_approved(coordinator_client, pending):
    coordinator_client.post(f"/admin/alliance/applications/reject/{pending.pk}/", {"reason": "Not in area."})
    state = counts()
    approve(coordinator_client, pending)
    assert counts() == state
    pending.refresh_from_db()
    assert pending.status == ApplicationStatus.REJECTED


def test_the_set_password_email_can_be_sent_again(coordinator_client, pending):
    approve(coordinator_client, pending)
    mail.outbox.clear()
    response = coordinator_client.post(f"/admin/alliance/applications/resend-welcome/{pending.pk}/")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert set_password_link(message)


def test_editors_cannot_approve_applications(editor_a_client, pending):
    state = counts()
    response = approve(editor_a_client, pending)
    assert response.status_code in (302, 403)
    assert counts() == state
    assert MembershipApplication.objects.get(pk=pending.pk).is_pending


def test_an_approval_whose_email_fails_says_so_and_the_email_can_be_sent_later(
    coordinator_client, pending, mail_server_down, settings
):
    response = approve(coordinator_client, pending)
    page = coordinator_client.get(response["Location"])
    assert "We could not send the email" in page.content.decode()
    pending.refresh_from_db()
    assert pending.status == ApplicationStatus.APPROVED

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    coordinator_client.post(f"/admin/alliance/applications/resend-welcome/{pending.pk}/")
    (message,) = mail.outbox
    assert set_password_link(message)
