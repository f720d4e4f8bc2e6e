"""FUNDED_BY from designations: ``X工程已确定为发债项目`` allocates special bonds to X.

A project named right before a designation phrase (``funding_designations.txt``: the
phrase and the source it allocates) is funded by that source; the text gives no amount.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

from kg.extract.entities import EntityMention
from kg.extract.types import FundingFact, Mention
from kg.lexicon import load_table


@functools.cache
def _phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), source) for p, source in load_table("lexicon/funding_designations.txt"))


def designated_funding(text: str, mentions: Sequence[EntityMention], sentences: Sequence[tuple[int, int]]) -> list[FundingFact]:
    """One fact per project that a sentence designates for a source."""
    ends = {m.mention.end: m for m in mentions if m.type == "Project"}
    at = sorted(ends)
    facts: list[FundingFact] = []
    for sentence in sentences:
        i = bisect.bisect_left(at, sentence[0])
        if i == len(at) or at[i] > sentence[1]:
            continue  # no project ends in the sentence: no phrase can follow one
        for pattern, source in _phrases():
            for m in pattern.finditer(text, sentence[0], sentence[1]):
                project = ends.get(m.start())
                if project is None:
                    continue
                where = Mention(m.group(), m.start(), m.end())
                facts.append(FundingFact(project.mention, source, where, sentence, rule="funding:designation"))
    return facts
