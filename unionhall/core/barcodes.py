"""QR codes and Code 128 barcodes drawn as inline SVG on the server (no script, no image request, CSP-safe).

Code 128 is small enough to write here rather than pin a package: 107 symbols of three bars and three spaces
(the stop symbol has a fourth bar), a start symbol naming the code set, a weighted modulo-103 check symbol.
Digit runs use code set C (two digits per symbol, so a 16-digit card number is 8 symbols and stays short
enough for a phone screen); anything else printable uses code set B.
"""

from __future__ import annotations

from functools import lru_cache

import qrcode

# Widths of bar, space, bar, space, bar, space for symbols 0–106, in modules (ISO/IEC 15417, table 1).
_TABLE = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 "
    "221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 "
    "221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 "
    "212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 "
    "231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 "
    "231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 "
    "314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 "
    "112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 "
    "111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 "
    "214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 "
    "114131 311141 411131 211412 211214 211232 2331112"
)
WIDTHS = tuple(_TABLE.split())
CODE_B, CODE_C = 100, 99  # switch symbols
START_B, START_C = 104, 105
STOP = 106
QUIET = 10  # modules of white each side, so a scanner finds the start


class NotEncodable(ValueError):
    pass


def code128_values(text: str) -> list[int]:
    """The symbol values of `text`, start and check symbol included, stop symbol excluded."""
    if not text or any(not " " <= ch <= "~" for ch in text):
        raise NotEncodable("Code 128 here takes printable ASCII only.")
    values: list[int] = []
    if text.isdigit():
        pairs, rest = text[: len(text) // 2 * 2], text[len(text) // 2 * 2 :]
        values.append(START_C)
        values += [int(pairs[i : i + 2]) for i in range(0, len(pairs), 2)]
        if rest:
            values += [CODE_B, ord(rest) - 32]
    else:
        values.append(START_B)
        values += [ord(ch) - 32 for ch in text]
    check = (values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103
    return [*values, check]


def code128_modules(text: str) -> str:
    """`text` as modules, "1" for a bar and "0" for a space, quiet zones excluded."""
    out = []
    for value in [*code128_values(text), STOP]:
        for i, width in enumerate(WIDTHS[value]):
            out.append(("1" if i % 2 == 0 else "0") * int(width))
    return "".join(out)


def code128_svg(text: str, *, module: int = 2, height: int = 60) -> str:
    """An SVG of the barcode: one rect per bar, sized in modules so it scales without blurring."""
    modules = code128_modules(text)
    width = len(modules) + 2 * QUIET
    bars = []
    x = 0
    while x < len(modules):
        if modules[x] == "1":
            run = len(modules[x:]) - len(modules[x:].lstrip("1"))
            bars.append(f'<rect x="{x + QUIET}" y="0" width="{run}" height="{height}"/>')
            x += run
        else:
            x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width * module}" '
        f'height="{height}" preserveAspectRatio="none" role="img" aria-label="条形码 {text}">'
        f'<rect width="{width}" height="{height}" fill="#fff"/><g fill="#000">{"".join(bars)}</g></svg>'
    )


def qr_svg(data: str, *, box_size: int = 6) -> str:
    """A QR code as one SVG path, a rectangle per run of dark modules in a row, in module units: crisp at any
    size, a tenth of qrcode's own SVG path (one square per module) and drawn in a fraction of its time.
    `box_size` tenths of a millimetre per module, as qrcode's factories measure."""
    code = qrcode.QRCode(box_size=box_size)  # error correction M, the best of the eight masks, a 4-module border
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    runs = []
    for y, row in enumerate(matrix):
        x, width = 0, len(row)
        while x < width:
            if row[x]:
                start = x
                while x < width and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    side, size = len(matrix), f"{len(matrix) * box_size / 10:g}mm"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {side} {side}" '
        f'shape-rendering="crispEdges"><path d="{"".join(runs)}"/></svg>'
    )


@lru_cache(maxsize=1024)
def shown_qr_svg(text: str) -> str:
    """qr_svg of what the page shows in plain text anyway — a member card's public check address, a help
    card's number its holder shows at the counter (the number alone spends nothing) — drawn once per
    process: drawing a QR code costs 10–25 ms of CPU, and a worker opens the same card again and again.
    Never for a secret (an authenticator's key), which must not outlive its request in memory."""
    return qr_svg(text)
