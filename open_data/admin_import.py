"""Import a spreadsheet in the admin: the same importer, and the same report, as `manage.py import_listings`.

Two steps, as a coordinator would expect from any "upload and check" screen:
1. Upload a CSV (the import template's columns) or an Open Referral UK JSON file. It is read and run as a
   dry run: nothing is saved, and the page shows the report line by line.
2. Press "Import" to run it for real. The file is kept in the coordinator's session between the two
   steps, with its SHA-256, and the confirm form carries that hash: what is imported is exactly the file
   whose report was read, and a second confirm of the same upload does nothing.

All or nothing: if any row has an error nothing is saved, unless "Save the rows without errors" is
ticked. A file that cannot be read gets its plain-English message and changes nothing.
Only coordinators may import (editors add listings through the page editor, under moderation).
"""

import base64
import hashlib
import logging

from django import forms
from django.core.exceptions import PermissionDenied
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from inclusion_alliance.permissions import is_coordinator

from .importer import FileProblem, Importer, Options, read_bytes
from .importer.vocabulary import Vocabularies

logger = logging.getLogger("signpost")

SESSION_KEY = "open_data_import"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # kept in the session between the two steps
HOW_TO_SAVE = 'press "Import" below'
HOW_TO_SKIP = 'tick "Save the rows without errors" and upload it again'
HOW_TO_FIX = 'fix the rows with errors and upload the file again, or tick "Save the rows without errors"'


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet or Open Referral UK file",
        help_text="A CSV file with the columns of the import template, or an Open Referral UK JSON file. "
        "Up to 5 MB.",
        error_messages={
            "required": "Choose a file to import.",
            "empty": "The file is empty. Nothing was imported.",
        },
    )
    skip_errors = forms.BooleanField(
        label="Save the rows without errors",
        required=False,
        help_text="Leave empty to save nothing if any row has an error.",
    )
    draft = forms.BooleanField(
        label="Save as drafts",
        required=False,
        help_text="Tick to save new and changed listings as drafts to check before they are published.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("This file is larger than 5 MB. Split it into smaller files.")
        return upload


class ConfirmForm(forms.Form):
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)


def options_from(stored: dict, *, commit: bool) -> Options:
    return Options(commit=commit, skip_errors=stored["skip_errors"], draft=stored["draft"])


def run(data: bytes, name: str, options: Options):
    """The importer's report for a file's contents; FileProblem if it cannot be read."""
    units, problems = read_bytes(data, name, Vocabularies())
    return Importer(options).run(units, problems)


class ImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "open_data/admin/import.html"
    page_title = "Import listings"
    header_icon = "upload"
    form_class = UploadForm

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "sha256" in request.POST:
            return self.confirm(ConfirmForm(request.POST))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        """Step 1: a dry run of the uploaded file."""
        upload = form.cleaned_data["file"]
        data = upload.read()
        stored = {
            "name": upload.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "skip_errors": form.cleaned_data["skip_errors"],
            "draft": form.cleaned_data["draft"],
        }
        try:
            report = run(data, upload.name, options_from(stored, commit=False))
        except FileProblem as problem:
            form.add_error("file", f"{problem} Nothing was imported.")
            return self.form_invalid(form)
        can_import = not report.has_errors or stored["skip_errors"]
        if can_import:
            self.request.session[SESSION_KEY] = {**stored, "data": base64.b64encode(data).decode("ascii")}
        else:
            self.request.session.pop(SESSION_KEY, None)
        return self.render_to_response(
            self.get_context_data(
                form=UploadForm(),
                report=report,
                stored=stored,
                confirm_form=ConfirmForm(initial={"sha256": stored["sha256"]}) if can_import else None,
            )
        )

    def confirm(self, confirm_form):
        """Step 2: import the file whose dry run the coordinator has just read."""
        stored = self.request.session.get(SESSION_KEY)
        same_file = (
            confirm_form.is_valid() and stored and stored["sha256"] == confirm_form.cleaned_data["sha256"]
        )
        if not same_file:
            notice = (
                "That import has already been done, or it has expired. Upload the file again to see "
                "what it would change."
            )
            return self.render_to_response(self.get_context_data(form=UploadForm(), notice=notice))
        del self.request.session[SESSION_KEY]
        data = base64.b64decode(stored["data"])
        try:
            report = run(data, stored["name"], options_from(stored, commit=True))
        except FileProblem as problem:  # the same bytes read a moment ago; only if the taxonomy changed
            notice = f"{problem} Nothing was imported."
            return self.render_to_response(self.get_context_data(form=UploadForm(), notice=notice))
        logger.info(
            "Admin import of %s (%s) by %s: %s",
            stored["name"],
            stored["sha256"][:12],
            self.request.user.get_username(),
            report.summary(),
        )
        return self.render_to_response(
            self.get_context_data(form=UploadForm(), report=report, stored=stored, imported=True)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = context.get("report")
        if report is not None:
            blocked = report.has_errors and not report.options.skip_errors
            context["summary"] = report.summary(
                how_to_save=HOW_TO_FIX if blocked else HOW_TO_SAVE, how_to_skip=HOW_TO_SKIP
            )
            context["lines"] = [{"text": str(line), "error": line.status == "error"} for line in report.lines]
        return context
