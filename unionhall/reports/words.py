"""Words printed on paper: an amount in Chinese capitals (大写金额)."""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿")  # up to 9999,9999,9999 yuan


def _section(group: int) -> str:
    """0 < group < 10000 in capitals; a run of zeros between digits is written once as 零."""
    out = ""
    zero = False
    for place in range(3, -1, -1):
        digit = group // 10**place % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[digit] + _PLACES[place]
    return out


def _integer(yuan: int) -> str:
    groups: list[int] = []
    while yuan:
        groups.append(yuan % 10000)
        yuan //= 10000
    if len(groups) > len(_GROUPS):
        raise ValueError("金额过大。")
    out = ""
    skipped = False  # a whole group of zeros (1,0000,0001) still needs its 零
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            skipped = bool(out)
            continue
        if out and (skipped or group < 1000):
            out += "零"
        out += _section(group) + _GROUPS[index]
        skipped = False
    return out


def rmb_upper(fen: int) -> str:
    """123450 fen → 壹仟贰佰叁拾肆元伍角整, the way a Chinese finance form writes an amount.

    整 closes an amount without 分; a zero 角 between 元 and 分 is written 零 (壹元零伍分).
    """
    if fen < 0:
        raise ValueError("金额不能为负。")
    yuan, rest = divmod(fen, 100)
    jiao, cents = divmod(rest, 10)
    words = _integer(yuan)
    if yuan:
        words += "元"
    if not jiao and not cents:
        return (words or "零元") + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    return words + (DIGITS[cents] + "分" if cents else "整")
