"""Spam protection for the public forms, with no third-party service: a honeypot field here, and rate
limits per address and per contact in signpost/ratelimit.py (shared by every worker, atomic).
"""

from django import forms

HONEYPOT_FIELD = "fax_number"


class HoneypotMixin(forms.Form):
    """A field people never see or hear (hidden by CSS, `aria-hidden`, out of the tab order) and
    software that fills in every box does. A form with it filled in is thrown away quietly."""

    fax_number = forms.CharField(
        required=False,
        label="Leave this box empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def caught_in_honeypot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
