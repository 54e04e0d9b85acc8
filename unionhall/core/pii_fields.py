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


class SealedIdNumber(models.Model):
    """A resident ID number as every record that takes one keeps it, never in clear: the ciphertext
    (`…_enc`, which `rotate_keys` re-encrypts), a keyed hash for exact lookup (`pii.blind_index`) and a
    masked copy for lists. A model may redeclare `id_number_hash` (a person's is unique)."""

    id_number_enc = models.TextField("身份证号（密文）")
    id_number_hash = models.CharField(max_length=64, db_index=True)
    id_number_masked = models.CharField("身份证号", max_length=18)

    class Meta:
        abstract = True

    ID_NUMBER_COLUMNS: tuple[str, ...] = ("id_number_enc", "id_number_hash", "id_number_masked")

    @classmethod
    def sealed_id_number(cls, id_number: str, digest: str = "") -> tuple[str, ...]:
        """The values of ID_NUMBER_COLUMNS for `id_number`, in that order: what set_id_number sets, and what a
        bulk write (a roster commit, the demo city) puts in those columns. `digest`: the keyed hash, when the
        caller has already computed it."""
        return (pii.encrypt(id_number), digest or pii.blind_index(id_number), pii.mask_id_number(id_number))

    def set_id_number(self, id_number: str) -> None:
        for column, value in zip(self.ID_NUMBER_COLUMNS, self.sealed_id_number(id_number), strict=True):
            setattr(self, column, value)

    def reveal_id_number(self) -> str:
        """Only services that check the unmask permission (or need the number to act) and log it call this."""
        return pii.decrypt(self.id_number_enc)


class SealedBankAccount(models.Model):
    """A bank account to pay into, kept like an ID number but optional and without an index (nobody looks a
    record up by its account): the ciphertext and the masked copy lists show."""

    bank_account_enc = models.TextField("银行卡号（密文）", blank=True)
    bank_account_masked = models.CharField("银行卡号", max_length=32, blank=True)

    class Meta:
        abstract = True

    def set_bank_account(self, account: str) -> None:
        account = "".join(account.split())
        self.bank_account_enc = pii.seal(account)
        self.bank_account_masked = pii.mask_account(account)

    def reveal_bank_account(self) -> str:
        """Only services that check the permission to see it and log the view may call this."""
        return pii.unseal(self.bank_account_enc)
