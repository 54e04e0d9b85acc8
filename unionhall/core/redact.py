"""What an audit row may say about a person: masked forms only (PRODUCT.md §4).

The trail is read by the system admin and reviewers, whose roles see no personal data; the row still says
exactly who did what to which object (actor, action, object type and id, org stay in clear). Services write
their `changes` freely: `core.audit.record` passes them through `redact_changes`, and `PendingEvent.target`
labels objects through `audit_label()` (a model's masked label) and `redact_text`. One place, so a new
service cannot forget it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from unionhall.core import pii


def _mask_phone(plain: str) -> str:
    return pii.mask_phone(plain) if len(plain) >= 11 else "*" * len(plain)


def _hidden(plain: str) -> str:
    return "***" if plain else ""


# Keys that always hold personal data, whatever the action.
ALWAYS: dict[str, Callable[[str], str]] = {
    "id_number": pii.mask_id_number,
    "phone": _mask_phone,
    "mobile": _mask_phone,
    "contact_phone": _mask_phone,
    "bank_account": pii.mask_account,
    "card": pii.mask_account,
    "card_number": pii.mask_account,
    "person_name": pii.mask_name,
    "payee_name": pii.mask_name,
    "contact_name": pii.mask_name,
    "applicant_name": pii.mask_name,
    "hukou_address": _hidden,
    # the roster's search box: a name, phone or ID number typed to find someone
    "q": pii.mask_name,
}
# Keys that name a person only when the action is about a person (an org unit's `name` stays in clear).
PERSONAL_ENTITIES = {
    "person",
    "member",
    "hardship_file",
    "hardship_application",
    "household_member",
    "join_application",
    "worker",
    "case",
    "case_request",
    "disbursement",
}
ABOUT_A_PERSON: dict[str, Callable[[str], str]] = {"name": pii.mask_name, "address": _hidden}
# Codes that look like numbers but name no person: kept exact so the trail can be matched with them.
EXACT = {"uscc", "sha256", "signature", "bank_ref", "merchant_ref", "no", "nos", "code"}

# Numbers a person can be found by, wherever they appear in free text: ID numbers, mobile phones, card and
# bank account numbers. Letters or digits around them mean a code of something else (a hash, a USCC).
_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
_ACCOUNT = re.compile(r"(?<![0-9A-Za-z])\d{12,19}(?![0-9A-Za-z])")


def redact_text(text: str) -> str:
    text = _ID.sub(lambda m: pii.mask_id_number(m.group()), text)
    text = _PHONE.sub(lambda m: pii.mask_phone(m.group()), text)
    return _ACCOUNT.sub(lambda m: pii.mask_account(m.group()), text)


def redact_changes(action: str, changes: Any) -> Any:
    """`changes` with personal values masked, by key and, as a net, by what the text looks like."""
    personal = action.split(".", 1)[0] in PERSONAL_ENTITIES
    return _redact(changes, None, personal)


def _redact(value: Any, masker: Callable[[str], str] | None, personal: bool, exact: bool = False) -> Any:
    if isinstance(value, dict):
        return {key: _redact(item, _masker(str(key), personal), personal, key in EXACT) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(item, masker, personal, exact) for item in value]
    if isinstance(value, str):
        if masker is not None:
            return masker(value)
        return value if exact else redact_text(value)
    return value


def _masker(key: str, personal: bool) -> Callable[[str], str] | None:
    if key in ALWAYS:
        return ALWAYS[key]
    if personal:
        return ABOUT_A_PERSON.get(key)
    return None
