"""The GIAS upload form: one question, a CSV file, checked before anything is queued."""

from __future__ import annotations

import filetype
from crispy_forms_gds.layout import Field
from django import forms

from hubs.gias import check_header_bytes
from sendhub.forms import GDSForm

MAX_MEGABYTES = 100
# The whole national extract is about 60MB; this leaves room for it to grow.
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
# Enough for the header row of the extract (about 5,000 characters) and a little more.
HEAD_BYTES = 64 * 1024


class GiasUploadForm(GDSForm):
    submit_label = "Upload and import"

    file = forms.FileField(
        label="Upload the GIAS establishment extract",
        help_text=f"A CSV file like edubasealldata20261101.csv, up to {MAX_MEGABYTES}MB",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.set_layout(Field("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {MAX_MEGABYTES}MB")
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        upload.seek(0)
        # By its content, not its name: a spreadsheet renamed .csv is still a spreadsheet.
        if filetype.guess(head) is not None:
            raise forms.ValidationError("The selected file must be a CSV")
        problem = check_header_bytes(head)
        if problem:
            raise forms.ValidationError(problem.replace("The file ", "The selected file ", 1))
        return upload
