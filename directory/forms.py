import datetime as dt
import functools
import re

from django import forms
from django.conf import settings
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, Panel

from core.timetable import TIME_FIELDS, RegularTime, format_time

from .compare import RemoteTimesComparison, WhereAndWhenComparison
from .entry import is_night, night_words
from .widgets import VenueMapWidget

POINT_RE = re.compile(r"^SRID=\d+;POINT\s?\((-?[0-9.]+)\s(-?[0-9.]+)\)$")


def point_text(latitude: float, longitude: float) -> str:
    return f"SRID=4326;POINT({longitude} {latitude})"


class VenueForm(WagtailAdminModelForm):
    """The venue form: a map to click on, kept in step with the latitude and longitude boxes.

    The map is the easy way; the two number boxes work without it (keyboard, screen reader).
    Whichever was changed wins.
    """

    location = forms.CharField(
        required=False,
        label="Map",
        help_text="Click on the map or drag the pin to where the entrance is.",
        widget=VenueMapWidget(zoom=15, hide_latlng=True),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Either the map or the two boxes may supply the position; clean() insists on one of them.
        self.fields["latitude"].required = False
        self.fields["longitude"].required = False
        if self.instance.pk and self.instance.latitude is not None:
            self.initial["location"] = point_text(self.instance.latitude, self.instance.longitude)
        else:
            centre = settings.MAP_DEFAULT_CENTRE
            self.initial["location"] = point_text(centre["lat"], centre["lng"])

    def clean(self):
        cleaned = super().clean()
        typed = {"latitude", "longitude"} & set(self.changed_data)
        if "location" in self.changed_data and not typed:
            match = POINT_RE.match(cleaned.get("location") or "")
            if match:
                cleaned["longitude"], cleaned["latitude"] = float(match.group(1)), float(match.group(2))
        if cleaned.get("latitude") is None or cleaned.get("longitude") is None:
            self._place_from_postcode(cleaned)
        if cleaned.get("latitude") is None or cleaned.get("longitude") is None:
            self.add_error(
                "latitude", "Show where the venue is: click on the map, or type its latitude and longitude."
            )
        return cleaned

    def _place_from_postcode(self, cleaned: dict) -> None:
        """Without a position, use the postcode's, if the place lookup knows it exactly."""
        from search.places import postcode_position

        position = postcode_position(cleaned.get("postcode") or "")
        if position:
            cleaned["latitude"], cleaned["longitude"] = position


# -- schedule rows: times read back in words, and night times confirmed ---------------------------

NIGHT_CONFIRM_LABEL = "Yes, this really is in the middle of the night"


class NightTimesMixin:
    """A time before 6am is almost always a missing "pm". It is kept only when the editor ticks
    the confirmation box, which the form shows (NightConfirmationPanel) once such a time is typed."""

    night_time_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A night time saved before stays confirmed; the editor need not tick it on every save.
        if self.instance.pk and self.night_times():
            self.initial["night_confirmed"] = True

    def night_times(self) -> list[str]:
        """The names of the time fields (as typed, once checked, or else as saved) in the night."""
        if hasattr(self, "_night_times"):
            return self._night_times
        values = {name: getattr(self.instance, name, None) for name in self.night_time_fields}
        return [name for name in self.night_time_fields if is_night(values[name])]

    def clean(self):
        cleaned = super().clean()
        # Kept aside: add_error() takes a field out of cleaned_data, and the panels ask again later.
        self.checked_values = dict(cleaned)
        self._night_times = [name for name in self.night_time_fields if is_night(cleaned.get(name))]
        if self._night_times and not cleaned.get("night_confirmed"):
            for name in self._night_times:
                value = cleaned[name]
                self.add_error(
                    name,
                    f"We read this as {night_words(value)}. If you meant the afternoon or evening, add "
                    f"pm, for example {format_time(dt.time(value.hour % 12 + 12, value.minute))}. "
                    f"If it is right, tick “{NIGHT_CONFIRM_LABEL}” and save again.",
                )
        return cleaned


def night_confirm_field() -> forms.BooleanField:
    return forms.BooleanField(
        required=False,
        label=NIGHT_CONFIRM_LABEL,
        help_text="Only tick this if people really come between midnight and 6am.",
    )


# A regular time that finishes at or before its start goes on past midnight (the finish time's help
# says so), but not for longer than this: "3:30pm to 2pm" is two times the wrong way round.
LONGEST_OVERNIGHT = dt.timedelta(hours=12)


class ScheduleForm(NightTimesMixin, WagtailAdminModelForm):
    """One regular time (a row under 'When' or 'Phone or online help')."""

    night_time_fields = ("opens_at", "closes_at")
    night_confirmed = night_confirm_field()

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        # A finish at the start time is the model's to refuse (VenueSchedule.clean), for imports too.
        if opens and closes and closes < opens:
            start = dt.datetime.combine(dt.date.min, opens)
            finish = dt.datetime.combine(dt.date.min + dt.timedelta(days=1), closes)
            if finish - start > LONGEST_OVERNIGHT:
                self.add_error(
                    "closes_at",
                    f"This is before it starts, at {format_time(opens)}. Did you mean "
                    f"{format_time(closes)} to {format_time(opens)}? A finish before the start is only "
                    "for a session that goes on past midnight, such as 8pm to 1am.",
                )
        return cleaned

    def read_back(self) -> str:
        """The row in words, as it would be saved ("Every Tuesday, 2pm to 3:30pm")."""
        data = getattr(self, "checked_values", None)
        if data is None:
            values = {name: getattr(self.instance, name, None) for name in TIME_FIELDS}
        else:
            values = {name: data.get(name) for name in TIME_FIELDS}
        if not all(values[name] for name in ("day", "repeat", "opens_at", "closes_at")):
            return ""
        return RegularTime(**values).describe()


class KeepsOrderFormSet(BaseChildFormSet):
    """Rows saved in the order the form shows them, every one of them.

    django-modelcluster gives a row its place (sort_order) only when that row was changed; untouched
    rows keep whatever they had. Rows saved without a place (the demo loader's) then sorted before or
    after the edited one depending on the database, so editing one venue of a listing moved it.
    """

    def save(self, commit=True):
        saved = super().save(commit=False)
        places = {id(form.instance): place for place, form in enumerate(self.ordered_forms)}
        places_by_pk = {
            form.instance.pk: place for place, form in enumerate(self.ordered_forms) if form.instance.pk
        }
        manager = getattr(self.instance, self.rel_name)
        rows = manager.get_object_list()
        for row in rows:
            place = places.get(id(row), places_by_pk.get(row.pk))
            if place is not None:
                row.sort_order = place
        rows.sort(key=lambda row: len(rows) if row.sort_order is None else row.sort_order)
        if commit:
            manager.commit()
        return saved


class OrderedInlinePanel(InlinePanel):
    """An InlinePanel whose rows all keep the order shown (KeepsOrderFormSet).

    With a `comparison_class`, the moderation compare view describes its changes in words
    (directory/compare.py) instead of listing each row's fields."""

    comparison_class = None

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = KeepsOrderFormSet
        return options

    class BoundPanel(InlinePanel.BoundPanel):
        def get_comparison(self):
            if self.panel.comparison_class is None:
                return super().get_comparison()
            return [functools.partial(self.panel.comparison_class, label=self.heading)]


class WhereAndWhenPanel(OrderedInlinePanel):
    comparison_class = WhereAndWhenComparison


class ScheduleInlinePanel(OrderedInlinePanel):
    """An InlinePanel of schedule rows, each with ScheduleForm (Wagtail gives child rows no form class
    of their own otherwise)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = ScheduleForm
        return options


class RemoteTimesPanel(ScheduleInlinePanel):
    comparison_class = RemoteTimesComparison


class NightConfirmationPanel(FieldPanel):
    """The night-time tick box: shown only once a night time is typed or saved, so that it is there
    when it is needed and not in the way of every other row."""

    def __init__(self, field_name="night_confirmed", **kwargs):
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return super().is_shown() and bool(self.form.night_times())


class ReadBackPanel(Panel):
    """The row read back in words: as saved (or as typed, when the form comes back with a message),
    and kept up to date by static/js/read-back.js while the editor types."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/admin/read_back.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["words"] = self.form.read_back() if hasattr(self.form, "read_back") else ""
            return context
