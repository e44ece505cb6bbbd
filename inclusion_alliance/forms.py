import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from directory.models import HelpTopic

from .choices import ProblemKind
from .models import APPLICATION_FIELDS, MembershipApplication, ProblemReport
from .spam import HoneypotMixin

PHONE_CHARACTERS = re.compile(r"^[0-9+() \-]+$")


def validate_phone(value: str) -> None:
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARACTERS.match(value) or not 10 <= len(digits) <= 15:
        raise ValidationError("Enter a phone number like 0161 496 0000 or +44 161 496 0000.")


# Django's own wording ("Ensure this value has at most 300 characters (it has 301).") is written for
# developers; residents and volunteers get these instead.
PLAIN_ERROR_MESSAGES = {
    "max_length": "Keep this to %(limit_value)d characters or fewer. You have typed %(show_value)d.",
    "invalid_choice": "Choose one of the options.",
    "invalid_pk_value": "Choose one of the options.",
    "invalid_list": "Choose from the options shown.",
    "list": "Choose from the options shown.",
}


def _django_default_messages(field) -> dict:
    messages = {}
    for cls in reversed(type(field).__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    return messages


class PlainErrorsMixin(forms.BaseForm):
    """Puts PLAIN_ERROR_MESSAGES in place of Django's defaults on every field; a message a field sets
    itself is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            defaults = _django_default_messages(field)
            for code, message in PLAIN_ERROR_MESSAGES.items():
                if field.error_messages.get(code) == defaults.get(code):
                    field.error_messages[code] = message


class JoinForm(PlainErrorsMixin, HoneypotMixin, forms.ModelForm):
    """The public "Join the Alliance" form. `consent_text` is the statement shown with the tick box."""

    website = forms.URLField(
        required=False,
        assume_scheme="https",
        label="Website (optional)",
        error_messages={"invalid": "Enter a web address like www.example.org.uk."},
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=HelpTopic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What can you help people with? (optional)",
        help_text="Tick all that apply.",
    )
    consent = forms.BooleanField(
        label="I agree",
        error_messages={"required": "Tick the box to say you agree, so that we can keep your details."},
    )

    class Meta:
        model = MembershipApplication
        fields = list(APPLICATION_FIELDS)
        labels = {
            "organisation_name": "Your group's name",
            "summary": "What does your group do?",
            "help_offered": "What help with phones, tablets, computers or the internet do you give?",
            "area": "Where do you help people? (optional)",
            "email": "Email address for residents (optional)",
            "phone": "Phone number for residents (optional)",
            "charity_number": "Charity number (optional)",
            "company_number": "Company number (optional)",
            "contact_name": "Your full name",
            "contact_role": "Your role in the group (optional)",
            "contact_email": "Your email address",
            "contact_phone": "Your phone number (optional)",
        }
        help_texts = {
            "organisation_name": "",
            "summary": "One or two sentences. We will show this on your group's page.",
            "help_offered": "For example: a drop-in every Tuesday morning at the library to help with email "
            "and the NHS App.",
            "area": "Towns, neighbourhoods or buildings, for example 'Reddish and Heaton Chapel'.",
            "email": "",
            "phone": "",
            "charity_number": "For example 1234567.",
            "company_number": "For example 01234567.",
            "contact_name": "You will keep your group's pages up to date.",
            "contact_role": "For example 'Volunteer coordinator'.",
            "contact_email": "We will send your login for this website here if your group is approved.",
            "contact_phone": "In case we need to talk to you about your application.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "help_offered": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "organisation_name": {"required": "Enter your group's name."},
            "summary": {"required": "Say in a sentence or two what your group does."},
            "help_offered": {"required": "Tell us what help your group gives."},
            "email": {"invalid": "Enter an email address like name@example.com."},
            "contact_name": {"required": "Enter your full name."},
            "contact_email": {
                "required": "Enter your email address, so we can tell you what we decide.",
                "invalid": "Enter an email address like name@example.com.",
            },
        }

    def __init__(self, *args, consent_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text
        self.fields["consent"].help_text = consent_text
        self.fields["phone"].validators.append(validate_phone)
        self.fields["contact_phone"].validators.append(validate_phone)
        for name in ("organisation_name", "contact_name"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "organisation_name": "organization",
                "contact_name": "name",
            }[name]
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["website"].widget.attrs["autocomplete"] = "url"

    def clean_contact_email(self):
        return self.cleaned_data["contact_email"].strip().lower()

    def save(self, commit=True):
        self.instance.consent_text = self.consent_text
        return super().save(commit=commit)


class ProblemReportForm(PlainErrorsMixin, HoneypotMixin, forms.ModelForm):
    kind = forms.ChoiceField(
        choices=ProblemKind.choices,
        widget=forms.RadioSelect,
        label="What is wrong?",
        error_messages={"required": "Choose what is wrong."},
    )
    details = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Tell us more (optional)",
        help_text="For example, the right day or time, or what you found when you went there. "
        "Do not include anyone's personal details.",
    )
    contact = forms.CharField(
        required=False,
        max_length=200,
        label="Your email address or phone number (optional)",
        help_text="Only if you would like us to tell you what we did. We will not use it for anything else.",
    )

    class Meta:
        model = ProblemReport
        fields = ["kind", "details", "contact"]

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        if not contact:
            return ""
        if "@" in contact:
            try:
                validate_email(contact)
            except ValidationError:
                raise ValidationError("Enter an email address like name@example.com.") from None
            return contact.lower()
        try:
            validate_phone(contact)
        except ValidationError:
            raise ValidationError(
                "Enter an email address like name@example.com or a phone number like 0161 496 0000."
            ) from None
        return contact

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ProblemKind.OTHER and not cleaned.get("details", "").strip():
            self.add_error("details", "Tell us what is wrong.")
        return cleaned


# -- admin forms ------------------------------------------------------------------------------------


class ApproveApplicationForm(PlainErrorsMixin, forms.Form):
    trusted = forms.BooleanField(
        required=False,
        label="Trust this group to publish without approval",
        help_text="Leave empty for new groups: a coordinator then approves each change before it goes live.",
    )


class RejectApplicationForm(PlainErrorsMixin, forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
        label="Why are you turning this application down?",
        help_text="This is emailed to the applicant, so write it to them, kindly and plainly.",
        error_messages={"required": "Give the reason. It is sent to the applicant."},
    )


class ResolveReportForm(PlainErrorsMixin, forms.Form):
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        label="What was done (optional)",
        help_text="For example 'Times corrected' or 'The group says the listing is right'. Only people in "
        "the admin see this.",
    )
