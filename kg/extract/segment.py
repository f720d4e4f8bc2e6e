"""jieba, initialised once with kg's user dictionary (``kg/data/userdict.txt``).

Only short windows (the left context of a name head) are segmented, never whole
documents: segmentation is the slowest step of Chinese text processing, and the heads
already say where names end.

Loading jieba costs about a second per process (its prefix dictionary, then the
part-of-speech table of the same ``dict.txt``); :func:`warm_up` pays it up front (the
build's worker processes call it once), and the tagger reuses the table
``jieba.posseg`` already parsed at import instead of parsing the file again.
``jieba.posseg`` is imported on first use: a build's main process, which only
resolves and writes the graph, never pays for it.
"""

from __future__ import annotations

import functools
import importlib
import logging
from importlib import resources
from typing import Any

import jieba


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    path = resources.files("kg").joinpath("data", "userdict.txt")
    with resources.as_file(path) as p:
        tok.load_userdict(str(p))
    tok.initialize()
    return tok


@functools.cache
def _tagger() -> Any:
    """A ``jieba.posseg.POSTokenizer`` over :func:`_tokenizer`."""
    tok = _tokenizer()
    posseg = importlib.import_module("jieba.posseg")  # parses dict.txt's tags at import
    shared = posseg.dt
    # An uninitialised global tokenizer never had user words added (add_word and
    # load_userdict initialise it), so the global tagger's table is still the plain
    # parse of the same dict.txt that POSTokenizer(tok) would read again (~0.5 s).
    if jieba.dt.initialized or shared.tokenizer is not jieba.dt or jieba.dt.dictionary != tok.dictionary:
        return posseg.POSTokenizer(tok)
    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    tagger.tokenizer = tok
    tagger.word_tag_tab = dict(shared.word_tag_tab)  # a copy: kg's user tags go in ours only
    return tagger


def warm_up() -> None:
    """Load the tokenizer and the tagger now (about a second), not on first use."""
    _tagger()


def release() -> None:
    """Drop this process's tokenizer, tagger and segment caches (they are rebuilt on
    next use): a build's main process needs them no more once extraction is done."""
    for cached in (tagged, words, _tagger, _tokenizer):
        cached.cache_clear()


@functools.lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """Segment ``text`` into words (no HMM: deterministic, dictionary words only)."""
    return tuple(_tokenizer().cut(text, HMM=False))


@functools.lru_cache(maxsize=65536)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """Segment ``text`` into ``(word, part-of-speech)`` pairs (jieba's ICTCLAS tags).

    The HMM finds unknown names (宇顺, 利华益) as whole words; it is deterministic.
    """
    return tuple((w.word, w.flag) for w in _tagger().cut(text, HMM=True))


def word_frequency(word: str) -> int:
    """How often jieba's dictionary has seen ``word`` (0 for coined names such as 怡亚通)."""
    return int(_tokenizer().FREQ.get(word) or 0)
