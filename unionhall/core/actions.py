"""The action page, once: a POST runs one service, a refusal is shown, a success is said and the browser
moves on.

Every domain's pages repeat the same few lines around a service call; they live here so that each view
says only what differs (which service, what it says, where it goes next):

    form = NoteForm(request.POST or None)
    done = actions.submit(request, form, lambda d: services.case_note_add(actor=user, case=case, note=d["note"]),
                          success="办理进展已记录。", to=case_url)
    return done or _action_page(request, case, "记录办理进展", form)

- `submit`: a form's action page. Only a POST with a valid form runs the service; a refusal goes onto the
  form (`apply_domain_error`) and the caller shows the page again (None).
- `press`: a single button (a POST with nothing to type): a refusal becomes an error message, and either
  way the browser goes to `to`.

Only refusals (`ValidationError`, `Conflict` by default) are caught: `NotFound` and `PermissionDenied` go
on to the middleware's 404 / 403 page, as they always did. Core imports no app.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from unionhall.core.errors import Conflict, DomainError, NotFound, PermissionDenied, ValidationError
from unionhall.core.forms import apply_domain_error

REFUSALS: tuple[type[DomainError], ...] = (ValidationError, Conflict)
# For pages that tell every refusal but 404 and 403 (answers of their own): `refusals=EVERY, unless=ANSWERS`.
EVERY: tuple[type[DomainError], ...] = (DomainError,)
ANSWERS: tuple[type[DomainError], ...] = (NotFound, PermissionDenied)

# Text or a URL given as is, or made from what the service returned.
Said = str | Callable[[Any], str]


def _made(value: Said, result: Any) -> str:
    return value(result) if callable(value) else value


def renamed(error: DomainError, names: Mapping[str, str] | Callable[[str], str]) -> DomainError:
    """The refusal with its field errors under the form's names (a service says `monthly_income_fen`, the
    form's field is `monthly_income`; names that meet are merged)."""
    if not error.field_errors:
        return error
    rename = names if callable(names) else (lambda k: names.get(k, k))
    fields: dict[str, list[str]] = {}
    for name, messages_ in error.field_errors.items():
        fields.setdefault(rename(name), []).extend(messages_)
    return ValidationError(error.message, field_errors=fields)


def succeeded(request: HttpRequest, result: Any, *, success: Said, to: Said) -> HttpResponse:
    """Say the success and go on (`to`: a URL or a view name without arguments)."""
    messages.success(request, _made(success, result))
    return redirect(_made(to, result))


def submit(
    request: HttpRequest,
    form: forms.Form,
    run: Callable[[dict[str, Any]], Any],
    *,
    success: Said = "",
    to: Said = "",
    done: Callable[[Any], HttpResponse] | None = None,
    refusals: tuple[type[DomainError], ...] = REFUSALS,
    rename: Mapping[str, str] | Callable[[str], str] | None = None,
    conflict_to: str | None = None,
    unless: tuple[type[DomainError], ...] = (),
) -> HttpResponse | None:
    """Run the service with the form's cleaned data on a valid POST. Returns the response to a success
    (`done(result)`, else `success` said and a redirect to `to`), or None: the caller shows the form again,
    with the refusal on it. `conflict_to`: a `Conflict` (the row is no longer in a state for this) is an
    error message and a redirect there instead (a workflow step: the form cannot fix it). `unless`: as
    for `press`."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = run(form.cleaned_data)
    except refusals as error:
        if isinstance(error, unless):
            raise
        if conflict_to is not None and isinstance(error, Conflict):
            messages.error(request, error.message)
            return redirect(conflict_to)
        apply_domain_error(form, renamed(error, rename) if rename else error)
        return None
    if done is not None:
        return done(result)
    return succeeded(request, result, success=success, to=to)


def press(
    request: HttpRequest,
    run: Callable[[], Any],
    *,
    success: Said,
    to: str,
    refusals: tuple[type[DomainError], ...] = REFUSALS,
    refused: Callable[[DomainError], str] | None = None,
    unless: tuple[type[DomainError], ...] = (),
) -> HttpResponse:
    """A single button: run the service; its refusal is an error message (`refused` words it, else its own
    message), its success is `success`; the browser goes to `to` either way. `unless`: refusals of those
    kinds go on to the error page after all (`refusals=EVERY, unless=ANSWERS`)."""
    try:
        result = run()
    except refusals as error:
        if isinstance(error, unless):
            raise
        messages.error(request, refused(error) if refused else error.message)
        return redirect(to)
    return succeeded(request, result, success=success, to=to)


def first_message(error: DomainError) -> str:
    """The refusal in one line: its first field error, else its message."""
    return next(iter(error.field_errors.values()))[0] if error.field_errors else error.message
