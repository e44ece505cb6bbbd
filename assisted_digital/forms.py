from django import forms

from directory.models import Venue


class EmailShortlistForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We use it once to send the list, then forget it. We do not keep it or share it.",
        error_messages={
            "required": "Enter the email address to send the list to.",
            "invalid": "Enter an email address in the right format, like name@example.com.",
            "max_length": "That email address is too long. Check it and try again.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class StaffVenueForm(forms.Form):
    venue = forms.ModelChoiceField(
        label="Where are you working?",
        queryset=Venue.objects.order_by("name"),
        empty_label="Choose a venue",
        help_text="Referrals you record are counted for this venue.",
        error_messages={
            "required": "Choose the venue you are working at.",
            "invalid_choice": "Choose a venue from the list.",
        },
    )
