from core.forms import BasePageForm
from directory.forms import NightTimesMixin, night_confirm_field

from .recurrence import bank_holiday, long_date


class EventPageForm(NightTimesMixin, BasePageForm):
    """The event editor. The rule itself is checked by EventPage.clean(); this checks that each
    cancelled date is a date the event would otherwise run on, which needs the rule and the rows.
    A start or finish before 6am must be confirmed (NightTimesMixin)."""

    night_time_fields = ("start_time", "end_time")
    night_confirmed = night_confirm_field()

    def is_valid(self):
        return super().is_valid() and self._cancelled_dates_are_sessions()

    def _cancelled_dates_are_sessions(self) -> bool:
        formset = self.formsets.get("cancelled_dates")
        if formset is None:
            return True
        rule = self.instance.recurrence
        seen = set()
        valid = True
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            day = data.get("date")
            if day is None or data.get("DELETE"):
                continue
            message = ""
            if day in seen:
                message = "This date is in the list twice."
            elif not rule.occurs_on(day):
                message = (
                    f"There is no session on {long_date(day)}, so there is nothing to cancel. "
                    f"The sessions are: {rule.describe_pattern()}."
                )
            elif rule.skip_bank_holidays and bank_holiday(day):
                message = (
                    f"{long_date(day)} is a bank holiday ({bank_holiday(day)}), which is already skipped."
                )
            seen.add(day)
            if message:
                form.add_error("date", message)
                valid = False
        return valid
