"""The form field of an upload: the file chooser offers the kinds the upload store takes (uploads.py), which
checks them again by their content and size."""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.documents.uploads import ALLOWED_EXTENSIONS


class UploadField(forms.FileField):
    """An optional proof to upload (PDF, JPG or PNG)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}))
        super().__init__(**kwargs)
