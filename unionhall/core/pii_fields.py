"""Model fields stored as `pii` ciphertexts and read back as plain values.

The database sees only ciphertext (a text column), so it cannot filter, order or sum by these fields: a
lookup on one compares against a fresh ciphertext and matches nothing. Code that computes with the value
does it in Python on rows already narrowed by the scope rule, or reads a coarse derived column stored beside
it (an archive's computed hardship category). `manage.py rotate_keys` finds these fields by their class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models

from unionhall.core import pii


class EncryptedTextField(models.TextField):
    """Free text with personal details (a household's hardship, an illness); '' stays '' in clear."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return pii.decrypt(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return pii.encrypt(value) if value else value


class EncryptedIntegerField(models.TextField):
    """An amount (an income in fen) kept as ciphertext of its decimal digits, read back as an int."""

    if TYPE_CHECKING:  # what django-stubs' plugin reads as the attribute's type on a model
        _pyi_private_set_type: int  # type: ignore[assignment]
        _pyi_private_get_type: int  # type: ignore[assignment]

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, int):
            return value
        return int(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return int(pii.decrypt(value)) if value else value

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return None if value is None else ""
        return pii.encrypt(str(int(value)))

    def formfield(self, **kwargs: Any) -> Any:
        return forms.IntegerField(**kwargs)


ENCRYPTED_FIELDS = (EncryptedTextField, EncryptedIntegerField)
