"""kg.lexicon.required_words / may_match: a text without the words has no match."""

import re
from collections.abc import Callable

import pytest

from kg.extract import funding, honours
from kg.lexicon import may_match, required_words


@pytest.mark.parametrize("pattern, words", [
    (r"(bet|BET)\s*365(体育|官网)?", ("365",)),
    (r"(必赢|新葡京)(娱乐)?", ("必赢", "新葡京")),
    (r"(?:国家|省)级?重点项目|(?:国家|省)级?优选项目|重大(?:建设)?项目", ("优选项目", "重大", "重点项目")),
    (r"ab?c", ("a",)),
    (r"(?:ab){0,2}cd", ("cd",)),
    (r"[ab]c", ("c",)),
    (r"x(?=yy)z", ("x",)),
])
def test_required_words(pattern: str, words: tuple[str, ...]) -> None:
    assert required_words(re.compile(pattern)) == words


@pytest.mark.parametrize("pattern", [r"(?i)abc", r"a|b|", r"^\s+", r"[^a]", r"(?:ab)*", r"(?<=b)"])
def test_no_words(pattern: str) -> None:
    regex = re.compile(pattern)
    assert required_words(regex) is None
    assert may_match(regex, "zzz")


@pytest.mark.parametrize("pattern", [r"(bet|BET)\s*365", r"(?:国家|省)级?重点项目", r"ab?c", r"[ab]c", r"(?:ab){1,2}"])
@pytest.mark.parametrize("text", ["bet 365", "省级重点项目", "ac", "bc", "abab", "xyz", "重点工程", "", "36 5"])
def test_may_match_is_exact(pattern: str, text: str) -> None:
    regex = re.compile(pattern)
    if not may_match(regex, text):
        assert regex.search(text) is None
    for lo in range(len(text) + 1):
        if not may_match(regex, text, lo, len(text)):
            assert regex.search(text, lo) is None


@pytest.mark.parametrize("selector", [funding._intro_regex, funding._fund_deal_regex, honours._lists,
                                      honours._apposition])
def test_sentence_selectors_have_words(selector: Callable[[], re.Pattern[str]]) -> None:
    """A pattern that picks the sentences a finder reads has required words: without them
    ``may_match_in`` returns every sentence. Three more funding list intros once took that
    pattern past the words limit, and funding read every sentence (5% of extraction)."""
    assert required_words(selector()) is not None
