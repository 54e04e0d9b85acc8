"""Code 128 against encodings written out from the standard's table, and the QR code's SVG."""

from __future__ import annotations

import re

import pytest
import qrcode

from unionhall.core import barcodes

# Patterns as printed in ISO/IEC 15417 (bars 1, spaces 0), typed here independently of barcodes.WIDTHS.
START_C = "11010011100"
START_B = "11010010000"
STOP = "1100011101011"
PATTERN = {
    0: "11011001100",
    12: "10110011100",
    17: "10011100110",
    18: "11001110010",
    19: "11001011100",
    34: "10001011000",
    35: "10001000110",
    42: "10110111000",
    48: "11101110110",
    55: "11101000110",
    82: "10010011110",
    100: "10111101110",
}


def test_four_digits_are_two_code_c_symbols_with_their_check_symbol() -> None:
    # Start C (105) + 12 + 34; check (105 + 12·1 + 34·2) mod 103 = 82.
    assert barcodes.code128_values("1234") == [105, 12, 34, 82]
    assert barcodes.code128_modules("1234") == START_C + PATTERN[12] + PATTERN[34] + PATTERN[82] + STOP


def test_letters_use_code_b_and_a_weighted_check() -> None:
    # Start B (104) + P J J 1 2 3 C; check 879 mod 103 = 55.
    assert barcodes.code128_values("PJJ123C") == [104, 48, 42, 42, 17, 18, 19, 35, 55]
    expected = START_B + "".join(PATTERN[v] for v in (48, 42, 42, 17, 18, 19, 35, 55)) + STOP
    assert barcodes.code128_modules("PJJ123C") == expected


def test_an_odd_digit_run_ends_in_code_b() -> None:
    assert barcodes.code128_values("123")[:4] == [105, 12, barcodes.CODE_B, 19]


def test_every_symbol_is_eleven_modules_and_the_table_has_no_duplicates() -> None:
    assert len(barcodes.WIDTHS) == 107
    assert all(sum(map(int, w)) == 11 for w in barcodes.WIDTHS[:106])
    assert sum(map(int, barcodes.WIDTHS[106])) == 13
    assert len(set(barcodes.WIDTHS)) == 107


def test_a_card_number_is_drawn_as_bars_that_read_back_as_the_number() -> None:
    number = "6288123456789012"
    svg = barcodes.code128_svg(number)
    bars = [(int(x), int(w)) for x, w in re.findall(r'<rect x="(\d+)" y="0" width="(\d+)"', svg)]
    modules = ["0"] * (bars[-1][0] + bars[-1][1])
    for x, w in bars:
        modules[x : x + w] = ["1"] * w
    drawn = "".join(modules)[barcodes.QUIET :]
    table = {}
    for value, widths in enumerate(barcodes.WIDTHS[:106]):
        table["".join(("1" if i % 2 == 0 else "0") * int(n) for i, n in enumerate(widths))] = value
    symbols = [table[drawn[i : i + 11]] for i in range(0, len(drawn) - 13, 11)]
    assert symbols[0] == 105
    assert "".join(f"{v:02d}" for v in symbols[1:-1]) == number
    assert drawn.endswith(STOP)


def test_only_printable_ascii_is_encoded() -> None:
    with pytest.raises(barcodes.NotEncodable):
        barcodes.code128_values("卡号")
    with pytest.raises(barcodes.NotEncodable):
        barcodes.code128_values("")


def test_a_qr_code_is_an_inline_svg() -> None:
    svg = barcodes.qr_svg("6288123456789012")
    assert "<svg" in svg and "<path" in svg
    assert barcodes.qr_svg("6288123456789012") == svg
    assert barcodes.qr_svg("6288123456789013") != svg


@pytest.mark.parametrize(
    "text", ["6288123456789012", "https://uh.example.cn/members/verify/eJyrVspVsjI0MDAwNTE1NbA0NTHTUUpVslIq:1tJx:abc/"]
)
def test_a_qr_codes_svg_draws_exactly_the_dark_modules_of_the_encoders_symbol(text: str) -> None:
    code = qrcode.QRCode()
    code.add_data(text)
    code.make(fit=True)
    expected = code.get_matrix()
    svg = barcodes.qr_svg(text)
    side = len(expected)
    assert f'viewBox="0 0 {side} {side}"' in svg and f'width="{side * 6 / 10:g}mm"' in svg
    drawn = [[False] * side for _ in range(side)]
    for x, y, run in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", re.search(r'd="([^"]*)"', svg)[1]):
        for i in range(int(run)):
            assert not drawn[int(y)][int(x) + i]  # no module drawn twice
            drawn[int(y)][int(x) + i] = True
    assert drawn == expected
