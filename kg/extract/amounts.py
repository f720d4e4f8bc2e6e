"""Money amounts as written in the reports (``708万元``, ``1.2亿元``, ``x.xx亿元``).

``find_amounts`` finds amount expressions in a sentence — masked ones included, since
a masked amount is still the amount *as written* that a FUNDED_BY relation carries —
and ``parse_amount`` turns one into yuan, or ``None`` where the number is masked,
missing (``万元`` alone, a number the scrape dropped) or not in yuan (``万美元``).

Chinese numerals (``两千万元``, ``三亿元``) are read too; the numeral digits and the
unit multipliers are language data kept in ``kg/data/lexicon/amount_numerals.txt``.
"""

from __future__ import annotations

import functools
import re

from kg.extract.types import Mention
from kg.lexicon import load_table

# A number: Arabic (with thousands separators and decimals), masked (x.xx, **, ×) or
# Chinese numerals; then an optional "more than" marker, the multipliers and the currency.
_ARABIC = r"[0-9][0-9,，]*(?:[.．][0-9]+)?"
_MASKED = r"[0-9xX×*＊]*[xX×*＊][0-9xX×*＊]*(?:[.．][0-9xX×*＊]+)?"
_CHINESE = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
_MORE = r"(?:多|余)?"
_MULT = r"(?:千万|百万|十万|万亿|亿|万|千)"
_NUMBER = rf"(?:{_MASKED}|{_ARABIC}|{_CHINESE}){_MORE}"
_CURRENCY = r"(?:美元|元)"
_AMOUNT = re.compile(
    rf"{_NUMBER}{_MULT}?{_CURRENCY}"
    rf"|{_MULT}{_CURRENCY}"
    rf"|{_NUMBER}{_MULT}(?![0-9A-Za-z平亩吨人户台套名米个家项千瓦美])"
)
_PARSE = re.compile(
    rf"^(?P<num>{_ARABIC}|{_CHINESE})(?P<more>{_MORE})(?P<mult>{_MULT}?)(?P<cur>{_CURRENCY})?$"
)


@functools.cache
def _numerals() -> dict[str, int]:
    """Chinese numeral characters and multipliers with their values."""
    return {entry: int(tag) for entry, tag in load_table("lexicon/amount_numerals.txt")}


def _chinese_value(numeral: str) -> float | None:
    """Value of a Chinese numeral such as ``两千五百`` or ``十二`` (``None`` if unreadable)."""
    table = _numerals()
    if "点" in numeral:
        whole, _, frac = numeral.partition("点")
        base = _chinese_value(whole) if whole else 0.0
        digits = "".join(str(table.get(c, -1)) for c in frac)
        return None if base is None or "-" in digits else float(f"{int(base)}.{digits}")
    total, current = 0, 0
    for char in numeral:
        value = table.get(char)
        if value is None:
            return None
        if value >= 10:
            total += (current or 1) * value
            current = 0
        else:
            current = value
    return float(total + current)


def count_value(text: str) -> int | None:
    """A small count written in Arabic or Chinese numerals (``3``, ``三``, ``两``, ``十二``);
    ``None`` if unreadable."""
    value = _number(text) if text else None
    return int(value) if value is not None and value == int(value) else None


def _number(text: str) -> float | None:
    """Value of the number part (Arabic or Chinese)."""
    if text[0].isdigit():
        return float(text.replace(",", "").replace("，", "").replace("．", "."))
    return _chinese_value(text)


def _multiplier(mult: str) -> float:
    """Value of a unit multiplier written in Chinese (``万``, ``亿``, ``千万`` …)."""
    table = _numerals()
    value = 1.0
    for char in mult:
        value *= table[char]
    return value


def parse_amount(text: str) -> float | None:
    """Value in yuan of an amount as written.

    Args:
        text: an amount such as ``708万元``, ``1.2亿元``, ``5000万``, ``1500多万元``,
            ``3,000万元`` or ``两千万元``.

    Returns:
        The value in yuan, or ``None`` where the number is masked (``x.xx亿元``,
        ``*亿元``), missing (``万元``) or the text is not an amount in yuan.
    """
    match = _PARSE.match(text.strip())
    if match is None or not (match["mult"] or match["cur"]) or match["cur"] == "美元":
        return None
    number = _number(match["num"])
    if number is None:
        return None
    return round(number * _multiplier(match["mult"]), 2)


def find_amounts(sentence: str, offset: int = 0) -> list[Mention]:
    """Amount expressions in ``sentence``, masked and number-less ones included.

    Args:
        sentence: the text to search.
        offset: added to every span (the sentence's start in the document).

    Returns:
        One mention per amount, in text order, with document offsets.
    """
    return [
        Mention(m.group(), m.start() + offset, m.end() + offset)
        for m in _AMOUNT.finditer(sentence)
    ]
