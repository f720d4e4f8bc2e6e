"""Whole-text sentence filters (kg.lexicon.touched / may_match_in): every sentence in
which a per-sentence search finds something is among those they return, so that the
extractors that skip the other sentences find what they found reading every one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg import lexicon
from kg.extract import extract_text
from kg.repair import repair, split_sentences


def _sentences(text: str) -> list[tuple[int, int]]:
    return split_sentences(text)


@pytest.mark.parametrize("text", [
    "甲公司获批项目。乙项目开工;丙工程。",
    "项目项目。项目\n工程",
    "无关的一句。再一句。",
    "跨句项\n目。项目。",  # a word split by a sentence end is in neither sentence
    "",
])
@pytest.mark.parametrize("pattern", ["项目|工程", "项目工程|项目", "目。项", "工程|程"])
def test_touched_holds_every_sentence_with_a_match(text: str, pattern: str) -> None:
    words = re.compile(pattern)
    sentences = _sentences(text)
    found = lexicon.touched(words, text, sentences)
    for i, span in enumerate(sentences):
        if words.search(text, *span) is not None:
            assert i in found


@pytest.mark.parametrize("pattern", [r"(?:国家|省)级?重点项目", r"等\s*[0-9]+家", r"[^。]+", r"(?<=甲)乙"])
def test_may_match_in_holds_every_sentence_with_a_match(pattern: str) -> None:
    regex = re.compile(pattern)
    text = "甲乙等3家企业。省级重点项目开工;国家重点项目。等 5家。无。"
    sentences = _sentences(text)
    found = lexicon.may_match_in(regex, text, sentences)
    for i, span in enumerate(sentences):
        if regex.search(text, *span) is not None:
            assert i in found
    words = lexicon.required_words(regex)
    if words is None:
        assert all(i in found for i in range(len(sentences)))
    else:  # a filter, not everything: a sentence holding none of the words is left out
        assert any(i not in found for i in range(len(sentences)))
        assert all(any(text.find(w, *sentences[i]) >= 0 for w in words) for i in found)


def _every_sentence(words: re.Pattern[str], text: str, sentences: list[tuple[int, int]]) -> set[int]:
    return set(range(len(sentences)))


def test_extraction_is_the_same_without_the_filters(monkeypatch: pytest.MonkeyPatch, shared_dir: Path) -> None:
    """Reading every sentence (the filters off) gives the same extraction."""
    from kg.extract import entities, funding, honours
    from kg.read import read_document

    paths = sorted((shared_dir / "corpus" / "seeds").iterdir())[:8]
    texts = [repair(read_document(p).text) for p in paths]
    filtered = [extract_text(rep, "doc.txt") for rep in texts]
    for module in (entities, funding, honours):
        monkeypatch.setattr(module, "touched", _every_sentence)
    for module in (funding, honours):
        monkeypatch.setattr(module, "may_match_in", lambda regex, text, sentences: range(len(sentences)))
    assert [extract_text(rep, "doc.txt") for rep in texts] == filtered
