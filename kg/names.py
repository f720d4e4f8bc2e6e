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

_STRIP = re.compile(r"[\s\"'“”‘’《》〈〉「」『』()（）\[\]【】]")
_MASK = re.compile(r"^[xX*＊×]+")


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional characters (and variants such as 産) to simplified."""
    return _t2s().convert(text)


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
