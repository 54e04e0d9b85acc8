"""What every form of the house shares: amounts typed in yuan, and a service's refusal placed on the form.

Forms parse what was typed; the services decide whether it is allowed and valid. A refusal (a DomainError
with field errors) goes back onto the form with `apply_domain_error`, so the user sees it at the field.
"""

from __future__ import annotations

from typing import Any

from django import forms

from unionhall.core.errors import DomainError
from unionhall.core.money import parse_yuan, yuan

# A date typed with the browser's date picker, shown back as ISO (what <input type="date"> takes).
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class YuanField(forms.Field):
    """An amount typed in yuan ("1200", "1,200.50"), cleaned to integer fen; blank is None.

    An edit form's initial value in fen shows back in yuan. Money is fen everywhere behind the form
    (core/money.py), so no float ever holds an amount.
    """

    def __init__(self, **kwargs: Any):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 20, "placeholder": "例如 1200.00"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        try:
            return parse_yuan(text)
        except DomainError as error:
            raise forms.ValidationError(
                [m for ms in error.field_errors.values() for m in ms] or [error.message]
            ) from None

    def prepare_value(self, value: Any) -> Any:
        return yuan(value) if isinstance(value, int) and not isinstance(value, bool) else value


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put a service's field errors next to their fields; anything else above the form."""
    placed = False
    for field, messages in error.field_errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)
