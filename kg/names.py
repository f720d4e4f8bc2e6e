"""Name normalisation shared by extraction, resolution and look-ups.

``normalize_name`` is what a user-typed name (``臨工``, ``"ＸＸ臨工"``) and an extracted
name are both reduced to before they are compared: traditional → simplified (OpenCC
t2s), NFKC width folding, no white space, quotes or brackets, no leading mask.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import opencc

from kg.errors import QueryError

_STRIP = re.compile(r"[\s\"'“”‘’《》〈〉「」『』()（）\[\]【】]")
_MASK = re.compile(r"^[xX*＊×]+")


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional characters (and variants such as 産) to simplified."""
    simplified: str = _t2s().convert(text)
    return simplified


@functools.lru_cache(maxsize=1 << 16)  # a corpus names the same entities again and again
def normalize_name(name: str) -> str:
    """Reduce a name to its comparable key.

    Args:
        name: any surface form, traditional or simplified, full- or half-width.

    Returns:
        The simplified, NFKC-folded name without white space, quotes, brackets or a
        leading mask, lower-cased (Latin letters only are affected).
    """
    s = unicodedata.normalize("NFKC", to_simplified(name))
    s = _STRIP.sub("", s)
    return _MASK.sub("", s).lower()


def typed_text(value: str, what: str) -> str:
    """Return ``value`` if it is text that can be written as UTF-8.

    A command-line argument whose bytes are not UTF-8 (a GBK name typed in a GBK
    terminal, say) reaches Python with those bytes as lone surrogates, which no
    normalisation, query or output accepts.

    Raises:
        QueryError: ``"<what> is not UTF-8 text: 'a\\xc7\\xe0' …"``.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError(f"{what} is not UTF-8 text: '{_escaped(value)}' (type it again in a UTF-8 terminal)") from None
    return value


def _escaped(value: str, limit: int = 80) -> str:
    """``value`` with its undecodable bytes as ``\\x..`` escapes, shortened."""
    try:
        text = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no byte produced
        text = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"
