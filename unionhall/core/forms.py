"""What every form of the house shares: amounts typed in yuan, phone numbers, and a service's refusal placed
on the form.

Forms parse what was typed; the services decide whether it is allowed and valid. A refusal (a DomainError
with field errors) goes back onto the form with `apply_domain_error`, so the user sees it at the field.
"""

from __future__ import annotations

import dataclasses
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


class PhoneField(forms.CharField):
    """A phone number as typed on a phone: the numeric keypad and the browser's autofill; the services
    normalise and check it (core/normalize.py), so the form only bounds its length."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"})
        )
        super().__init__(**kwargs)


class PeriodForm(forms.Form):
    """A form with a period of two dates: `period` names its start and end fields and the refusal put on the
    end when it comes before the start (either may be left empty)."""

    period: tuple[str, str, str]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last, refusal = self.period
        start, end = data.get(first), data.get(last)
        if start and end and start > end:
            self.add_error(last, refusal)
        return data


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put a service's field errors next to their fields; anything else above the form."""
    placed = False
    for field, messages in error.field_errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


def add_further_errors(
    form: forms.Form, field_errors: dict[str, list[str]], rename: dict[str, str] | None = None
) -> None:
    """Add a service's check (all its field errors, found without writing) to what the form already said,
    so one submit reports every error at once.

    A field the form already refused keeps its own message (the check saw no parsed value there, or saw the
    same fault); a name that is no field of the form (after `rename`, e.g. the service's "monthly_income_fen"
    → the form's "monthly_income") goes above the form, once.
    """
    rename = rename or {}
    form.errors  # noqa: B018 - cleans the form first: add_error needs cleaned_data
    for name, messages in field_errors.items():
        field = rename.get(name, name)
        if field in form.fields:
            if field not in form.errors:
                for message in messages:
                    form.add_error(field, message)
            continue
        for message in messages:
            if message not in form.non_field_errors():
                form.add_error(None, message)


class Sectioned:
    """A long form shown in parts: `sections` names each part's heading and its fields, in order; the shared
    template (includes/form_fields.html) renders each as a fieldset with a legend. A field no section names
    comes after them, without a heading."""

    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def section_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        form: Any = self
        named = [name for _, names in self.sections for name in names]
        parts = [
            (heading, [form[name] for name in names if name in form.fields and not form[name].is_hidden])
            for heading, names in self.sections
        ]
        rest = [form[name] for name in form.fields if name not in named and not form[name].is_hidden]
        return [(h, fields) for h, fields in parts if fields] + ([("", rest)] if rest else [])


def error_items(form: forms.Form) -> list[dict[str, str]]:
    """The summary of a refused submit, in the order the page shows it: what is said above the form, then
    each field's messages with the id its link targets (the widget's, or the group's for checkboxes)."""
    if not form.is_bound or not form.errors:
        return []
    items = [{"target": "", "label": "", "message": str(m)} for m in form.non_field_errors()]
    fields = (
        [f for _, part in form.section_fields() for f in part]
        if isinstance(form, Sectioned) and form.sections
        else [f for f in form if not f.is_hidden]
    )
    for field in [*(f for f in form if f.is_hidden), *fields]:
        target = "" if field.is_hidden else field.auto_id
        items += [{"target": target, "label": str(field.label), "message": str(m)} for m in field.errors]
    return items


def dataclass_from[T](cls: type[T], cleaned: dict[str, Any]) -> T:
    """A service's input dataclass from a form's cleaned data, field by field by name (a form field the
    dataclass lacks is left out; a dataclass field the form lacks keeps its default)."""
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    return cls(**{name: cleaned[name] for name in names if name in cleaned})
