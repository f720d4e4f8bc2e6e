"""Records internal to the extract stage (spans in the repaired document text)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """A surface form at ``[start, end)`` of the repaired document text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class HonourFact:
    """Recipients that were granted (or hold) an honour, as stated in one sentence.

    ``recipients`` are the named recipients' surface forms (masks such as ``x`` already
    stripped from ``text``, offsets still those of the original span); an empty tuple
    means the subject zone (or the reporting body) is the recipient.
    """

    recipients: tuple[Mention, ...]
    honour: str
    honour_mention: Mention
    sentence: tuple[int, int]
    level: str | None = None
    year: int | None = None
    batch: str | None = None
    grade: str | None = None
    rule: str = ""


@dataclass(frozen=True)
class FundingFact:
    """Money from a named source to a recipient, as stated in one sentence.

    ``recipient`` None means the subject zone received it.
    """

    recipient: Mention | None
    source: str
    source_mention: Mention
    sentence: tuple[int, int]
    amount: str | None = None
    value_yuan: float | None = None
    level: str | None = None
    year: int | None = None
    batch: str | None = None
    rule: str = ""
