"""Money is integer fen everywhere inside; yuan strings only at the edges (forms, API, exports)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from unionhall.core.errors import ValidationError

# The largest single amount the platform accepts: ten million yuan, far above any assistance payment,
# far below where a 64-bit fen column could overflow when summed.
MAX_FEN = 10_000_000_00


def parse_yuan(text: str | int | Decimal, *, field: str = "amount", allow_zero: bool = False) -> int:
    """'1,234.5' or '1234.50' → 123450 fen. More than two decimals, negatives and junk are refused in Chinese."""
    raw = str(text).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(field_errors={field: ["请输入金额，例如 1200 或 1200.50。"]}) from None
    if not value.is_finite():
        raise ValidationError(field_errors={field: ["请输入金额，例如 1200 或 1200.50。"]})
    if value.copy_abs() > MAX_FEN:  # far past the limit, and past what quantize can hold (it would raise)
        raise ValidationError(
            field_errors={field: ["金额必须大于零。" if value < 0 else "金额超出上限（1000 万元）。"]}
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(field_errors={field: ["金额最多保留两位小数（到分）。"]})
    fen = int(value * 100)
    if fen < 0 or (fen == 0 and not allow_zero):
        raise ValidationError(field_errors={field: ["金额必须大于零。"]})
    if fen > MAX_FEN:
        raise ValidationError(field_errors={field: ["金额超出上限（1000 万元）。"]})
    return fen


def parse_optional_yuan(value: str | int | None, *, field: str) -> int:
    """An amount that may be left blank (→ 0): yuan as typed, or whole fen when the caller already holds an
    int (the API's `…_fen` fields). Negative or malformed amounts are refused at `field` in Chinese."""
    if isinstance(value, int):
        if value < 0:
            raise ValidationError(field_errors={field: ["金额不能为负数。"]})
        if value > MAX_FEN:
            raise ValidationError(field_errors={field: ["金额超出上限（1000 万元）。"]})
        return value
    if value is None or not value.strip():
        return 0
    return parse_yuan(value, field=field, allow_zero=True)


def yuan(fen: int) -> str:
    """123450 → '1234.50': the API's decimal string, exact, no thousands separator."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole}.{cents:02d}"


def yuan_display(fen: int) -> str:
    """123450 → '1,234.50' for pages."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def fen_of(amount: Decimal) -> int:
    """A Decimal yuan amount (from a rate × a base) rounded half-up to the fen."""
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
