"""Alliance membership: applications to join, members and their editor groups, problem reports from
residents, and the record of review reminders sent."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from core import fields
from core.pages import BasePage
from directory.fields import terms

from .choices import ApplicationStatus, ProblemKind, ReminderStage, ReportStatus

DEFAULT_CONSENT = (
    "I agree that the council can keep these details to run the Digital Inclusion Alliance and contact me "
    "about it, and that my group's name, contact details and the help it offers will be shown on this "
    "website once they are approved."
)


class ApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ApplicationStatus.PENDING)


# The group's contact and registration details, which its organisation page takes as they are when
# the application is approved (both models have these fields).
ORGANISATION_DETAILS = ("website", "email", "phone", "charity_number", "company_number")

# What a group tells us when it applies: the join form asks for these, and a coordinator sees and may
# correct them before approving.
APPLICATION_FIELDS = (
    "organisation_name",
    "summary",
    "help_offered",
    "topics",
    "area",
    *ORGANISATION_DETAILS,
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
)


class MembershipApplication(models.Model):
    """A group's request to join the Alliance, made with the public "Join the Alliance" form."""

    organisation_name = models.CharField(
        "organisation name", max_length=150, help_text="The group's name, as residents know it."
    )
    summary = models.TextField(
        "what the group does",
        max_length=300,
        help_text="One or two sentences about the group. This becomes the summary on its page.",
    )
    help_offered = models.TextField(
        "help offered",
        max_length=2000,
        help_text="What digital help the group gives, where and when, in the applicant's words.",
    )
    topics = terms(
        "directory.HelpTopic", "The things the group says it can help people with.", related_name="+"
    )
    area = fields.short_text(
        "Towns, neighbourhoods or buildings where the group gives help.", "where it helps"
    )
    website = models.URLField(blank=True, help_text="The group's website, if it has one.")
    email = models.EmailField(
        "organisation email", blank=True, help_text="An email address residents can write to."
    )
    phone = models.CharField(
        "organisation phone", max_length=30, blank=True, help_text="A phone number residents can call."
    )
    charity_number = fields.charity_number("If the group is a registered charity, its charity number.")
    company_number = fields.company_number(
        "If the group is a registered company, its Companies House number."
    )
    contact_name = models.CharField(
        max_length=150, help_text="The person who will keep the group's pages up to date."
    )
    contact_role = models.CharField(
        max_length=100, blank=True, help_text="Their role in the group, for example 'Volunteer coordinator'."
    )
    contact_email = models.EmailField(
        help_text="Their email address. Their login for this website is sent here when the group is approved."
    )
    contact_phone = models.CharField(
        max_length=30, blank=True, help_text="A phone number the council can call them on."
    )
    consent_text = models.TextField(
        editable=False, help_text="The statement the applicant agreed to, exactly as it was shown to them."
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    status = fields.choice(ApplicationStatus.PENDING, editable=False, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = fields.optional_link(settings.AUTH_USER_MODEL)
    rejection_reason = models.TextField(
        blank=True, editable=False, help_text="Why the application was turned down, as sent to the applicant."
    )
    organisation = fields.optional_link(
        "directory.OrganisationPage",
        "The organisation page made when the application was approved.",
        related_name="applications",
        editable=False,
    )
    user = fields.optional_link(
        settings.AUTH_USER_MODEL,
        "The contact's login, made or found when the application was approved.",
        related_name="alliance_applications",
        editable=False,
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "membership application"

    def __str__(self):
        return self.organisation_name

    @property
    def is_pending(self) -> bool:
        return self.status == ApplicationStatus.PENDING


class Membership(models.Model):
    """An Alliance member: its organisation page and the Wagtail group whose users edit it.

    The group's page permissions sit on the organisation page, so they cover exactly its subtree.
    Saving a membership brings the group's permissions into line with `trusted`.
    """

    organisation = models.OneToOneField(
        "directory.OrganisationPage", on_delete=models.CASCADE, related_name="membership"
    )
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="alliance_membership")
    collection = fields.optional_link(
        "wagtailcore.Collection",
        "Where the group's images (logo, photos) are kept, apart from other groups'.",
    )
    trusted = fields.tick_box(
        "Tick to let this group publish its changes straight away. Leave empty so that a coordinator "
        "approves every change before residents see it."
    )
    joined_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [FieldPanel("trusted")]

    class Meta:
        ordering = ["organisation__title"]
        permissions = [("coordinate_alliance", "Can see the Alliance dashboard and coordinator reports")]

    def __str__(self):
        return self.organisation.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from .permissions import apply_group_permissions

        apply_group_permissions(self)

    def editors(self):
        """The people who edit this organisation's pages and receive its emails."""
        return self.group.user_set.filter(is_active=True).exclude(email="").order_by("pk")


class ProblemReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReportStatus.OPEN)


class ProblemReport(models.Model):
    """A resident's "Report a problem with this listing" (or event)."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="problem_reports",
        help_text="The listing or event the report is about.",
    )
    kind = fields.choice(ProblemKind, "what is wrong", help_text="What the resident said.")
    details = models.TextField(blank=True, max_length=2000, help_text="More detail, in the resident's words.")
    contact = fields.short_text("An email address or phone number, if the resident wants to hear back.")
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    status = fields.choice(ReportStatus.OPEN, editable=False, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution_note = models.TextField(
        blank=True, help_text="What was done about it. Only people in the admin see this."
    )

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "problem report"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.page.title}"

    @property
    def is_open(self) -> bool:
        return self.status == ReportStatus.OPEN


class ReviewReminder(models.Model):
    """A reminder emailed to a listing's editors. One per listing, stage and `last_checked` date, so the
    daily command sends each reminder once; confirming the listing starts a new period."""

    listing = models.ForeignKey(
        "directory.ServicePage", on_delete=models.CASCADE, related_name="review_reminders"
    )
    stage = fields.choice(ReminderStage)
    last_checked = models.DateField(help_text="The listing's 'last checked' date when the reminder was sent.")
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.TextField(blank=True, help_text="Who the reminder went to, one address a line.")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "stage", "last_checked"], name="one_reminder_per_listing_stage_and_check"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.listing.title}"


class JoinPage(RoutablePageMixin, BasePage):
    """The public "Join the Alliance" form. The council edits the words around it."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="Shown above the form: who can join and what happens next.",
    )
    consent_text = models.TextField(
        default=DEFAULT_CONSENT,
        help_text=(
            "The statement applicants must agree to. Each application keeps a copy of what it agreed to."
        ),
    )
    thank_you_text = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Shown after someone sends the form, for example how long a decision usually takes.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("consent_text"),
        FieldPanel("thank_you_text"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "join the Alliance page"

    @path("")
    def form_view(self, request):
        from .views import join_form

        return join_form(request, self)

    @path("thanks/", name="thanks")
    def thanks_view(self, request):
        return self.render(request, template="inclusion_alliance/join_page_thanks.html")
