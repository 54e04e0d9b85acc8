"""Card numbers and verification codes.

A card number is 16 digits: a fixed issuer prefix, eleven random digits and a Luhn check digit, so a
mistyped digit at the counter is caught before any lookup. The 6-digit verification code comes from
`secrets`; it is kept as a keyed hash (to check, in constant time) and encrypted (to show the holder).
"""

from __future__ import annotations

import hmac
import secrets
import unicodedata

from unionhall.core import pii

PREFIX = "6288"  # UnionHall's issuer prefix: every card number starts with it
NUMBER_LENGTH = 16
CODE_LENGTH = 6


def luhn_check_digit(body: str) -> str:
    """The digit that makes `body + digit` pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # the digit next to the check digit is doubled
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return len(number) >= 2 and number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def new_number() -> str:
    body = PREFIX + "".join(secrets.choice("0123456789") for _ in range(NUMBER_LENGTH - len(PREFIX) - 1))
    return body + luhn_check_digit(body)


SEPARATORS = frozenset(" -\t\r\n\u2010\u2011\u2012\u2013\u2014")


def normalize_number(text: str) -> str:
    """What a cashier types or a scanner sends: full-width digits (a Chinese input method) become ASCII,
    spaces, dashes and the scanner's line end between groups of digits are dropped."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", str(text)) if ch not in SEPARATORS)


def looks_like_number(number: str) -> bool:
    """A well-formed card number (after `normalize_number`): 16 digits with the issuer prefix and Luhn digit."""
    return len(number) == NUMBER_LENGTH and number.startswith(PREFIX) and luhn_valid(number)


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))


def hash_code(code: str) -> str:
    return pii.blind_index(f"card-code:{code}")


def code_matches(code: str, stored_hash: str) -> bool:
    """Constant-time comparison of the keyed hashes."""
    return hmac.compare_digest(hash_code(str(code).strip()), stored_hash)


def encrypt_code(code: str) -> str:
    return pii.encrypt(code)


def reveal_code(code_enc: str) -> str:
    return pii.decrypt(code_enc)


def mask_number(number: str) -> str:
    """6288123456781234 → **** 1234: enough for a receipt, not enough to use the card."""
    return f"**** {number[-4:]}"


def surname_only(name: str) -> str:
    """王小明 → 王**: what a merchant may see of the holder."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)
