"""Money amounts as written: parsing to yuan and finding them in a sentence (fictional text)."""

from __future__ import annotations

import pytest

from kg.extract.amounts import find_amounts, parse_amount

# fmt: off
YUAN = [
    ("708万元", 7_080_000.0),
    ("1.2亿元", 120_000_000.0),
    ("5000万", 50_000_000.0),
    ("1500多万元", 15_000_000.0),
    ("200余万元", 2_000_000.0),
    ("3,000万元", 30_000_000.0),
    ("30亿", 3_000_000_000.0),
    ("500元", 500.0),
    ("2.5千万元", 25_000_000.0),
    ("两千万元", 20_000_000.0),
    ("三亿元", 300_000_000.0),
    ("十二万元", 120_000.0),
    ("一点五亿元", 150_000_000.0),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), YUAN)
def test_parse_amount_reads_yuan(text: str, expected: float) -> None:
    assert parse_amount(text) == expected


# fmt: off
NO_VALUE = [
    "万元", "亿元",                       # the number was lost
    "x.xx亿元", "xxx万元", "*亿元", "××万元",  # masked
    "8426万美元",                         # not yuan
    "资金", "", "30亩",
]
# fmt: on


@pytest.mark.parametrize("text", NO_VALUE)
def test_parse_amount_none_without_a_readable_value(text: str) -> None:
    assert parse_amount(text) is None


def test_find_amounts_keeps_masked_and_numberless_amounts_with_offsets() -> None:
    sentence = "青川园获批资金708万元,另有x.xx亿元和资金亿元到位。"
    found = find_amounts(sentence, offset=100)
    assert [m.text for m in found] == ["708万元", "x.xx亿元", "亿元"]
    assert all(sentence[m.start - 100:m.end - 100] == m.text for m in found)


def test_find_amounts_skips_areas_and_counts() -> None:
    found = find_amounts("新建厂房3万平方米,引进人才2万人,争取专项债券5000万,同比增长12%。")
    assert [m.text for m in found] == ["5000万"]
