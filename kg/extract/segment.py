"""jieba, initialised once with kg's user dictionary (``kg/data/userdict.txt``).

Only short windows (the left context of a name head) are segmented, never whole
documents: segmentation is the slowest step of Chinese text processing, and the heads
already say where names end.

Loading jieba costs time in every process: its prefix dictionary, then the
part-of-speech table of the same ``dict.txt``. Both are kept in marshal files of
kg's own beside jieba's cache (in the temporary folder), named by ``dict.txt``'s path,
size and time and by jieba's version, and read in one piece (~0.4 s for both; jieba
reads its own cache piecemeal, 0.7 s, and parses the tags from ``dict.txt``, 0.5 s).
:func:`warm_up` pays the rest up front (the build's worker processes call it once).
``jieba.posseg`` is imported on first use (a build's main process, which only resolves
and writes the graph, never pays for it) and handed the cached table instead of
parsing ``dict.txt`` at import.

Most of the tagging time is jieba's HMM reading runs of characters its dictionary does
not segment (unknown names); that reading depends on the run alone, and the same names
recur in many windows, so :func:`_unknown_run` remembers it.
The reading itself goes through :class:`DenseViterbi`: jieba's Viterbi search over
numpy arrays, one step per character (five times faster than :func:`viterbi`, which is
itself three times faster than jieba's and scores only the pairs of states that have a
transition; all three find the same path with the same probability). The words the
dictionary does know are found by :func:`route`, jieba's ``get_DAG`` and ``calc`` in one
pass. The tagger yields what ``jieba.posseg`` yields (tests compare them on arbitrary
text); on text it has not seen, these two cut extraction's time by a quarter.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import io
import logging
import marshal
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from importlib import resources
from types import ModuleType
from typing import Any, BinaryIO, TypeVar


def _import_jieba() -> ModuleType:
    """``import jieba``, without the ``import pkg_resources`` it tries first.

    That import (setuptools' deprecated resource API) costs about 60 ms at every start
    of kg; without it, jieba opens its data files from its own folder, as it does where
    setuptools is not installed: the same files, so the same tables."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        return importlib.import_module("jieba")
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import pkg_resources: ImportError
    try:
        return importlib.import_module("jieba")
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]


jieba = _import_jieba()

_CACHE_FORMAT = 1  # bump when the layout of kg's jieba cache files changes
_T = TypeVar("_T")


@functools.cache
def _tokenizer() -> Any:  # a jieba.Tokenizer (jieba has no type hints)
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    prefix = cached_table("prefix", tok.get_dict_file(), tok.gen_pfdict, tok.tmp_dir, sound=_is_prefix_dict)
    if prefix is not None:
        tok.FREQ, tok.total = prefix  # what tok.initialize() would read from jieba's cache
        tok.initialized = True
    path = resources.files("kg").joinpath("data", "userdict.txt")
    with resources.as_file(path) as p:
        tok.load_userdict(str(p))
    tok.initialize()
    return tok


def _parse_word_tags(f: BinaryIO) -> dict[str, str]:
    """``word → tag`` of a jieba dictionary file, parsed by jieba itself (closes ``f``)."""
    posseg = _posseg()
    parser = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    parser.load_word_tag(f)
    return parser.word_tag_tab  # type: ignore[no-any-return]


def cache_file(kind: str, dict_file: BinaryIO, tmp_dir: str | None = None) -> str | None:
    """kg's cache file for the ``kind`` table of the jieba dictionary ``dict_file``,
    named by the dictionary's path, size and time and by jieba's version (a changed
    dictionary or jieba gets a new file); ``None`` for a dictionary that is no plain file."""
    try:
        st = os.fstat(dict_file.fileno())
        name = os.path.abspath(dict_file.name)  # type: ignore[attr-defined,unused-ignore]
    except (AttributeError, OSError, TypeError, ValueError, io.UnsupportedOperation):
        return None
    key = f"{_CACHE_FORMAT}|{kind}|{jieba.__version__}|{name}|{st.st_size}|{st.st_mtime_ns}"
    digest = hashlib.md5(key.encode("utf-8", "replace")).hexdigest()
    return os.path.join(tmp_dir or tempfile.gettempdir(), f"kg.jieba.{kind}.{digest}.cache")


def _is_tag_table(table: object) -> bool:
    return isinstance(table, dict) and bool(table)


def _is_prefix_dict(table: object) -> bool:
    """Whether ``table`` is a ``(FREQ, total)`` pair as ``Tokenizer.gen_pfdict`` makes."""
    return isinstance(table, tuple) and len(table) == 2 and _is_tag_table(table[0]) and isinstance(table[1], int)


def cached_table(kind: str, dict_file: BinaryIO, build: Callable[[BinaryIO], _T], tmp_dir: str | None = None, *,
                 sound: Callable[[object], bool] = _is_tag_table) -> _T | None:
    """The ``kind`` table that ``build`` makes of a jieba dictionary, through a cache file.

    Read (in one piece) from the cache file when it holds a table ``sound`` accepts;
    else built, and the cache written atomically (a temporary file renamed over it). A
    corrupt cache is rebuilt; an unwritable one only costs the build. ``dict_file`` is
    closed. ``None`` when the dictionary is no plain file (there is no cache to keep).
    """
    path = cache_file(kind, dict_file, tmp_dir)
    if path is None:
        dict_file.close()
        return None
    try:
        with open(path, "rb") as f:
            table: _T = marshal.loads(f.read())  # marshal.load(f) reads piecemeal: 3x slower
        if sound(table):
            dict_file.close()
            return table
    except (OSError, EOFError, ValueError, TypeError):
        pass
    table = build(dict_file)
    _write_atomically(path, marshal.dumps(table))  # type: ignore[arg-type]
    return table


def _write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder; failures
    are ignored (the file is a cache)."""
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".kg.jieba.")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _word_tags(tok: Any) -> dict[str, str]:
    """``word → part-of-speech`` of ``tok``'s dictionary (cached; parsed when uncached)."""
    tags = cached_table("tags", tok.get_dict_file(), _parse_word_tags, tok.tmp_dir)
    return tags if tags is not None else _parse_word_tags(tok.get_dict_file())


def _posseg() -> ModuleType:
    """``jieba.posseg``, imported without it parsing ``dict.txt``'s tags.

    Its import builds a global tagger over ``jieba.dt`` that parses the tags of
    ``jieba.dt``'s dictionary (~0.5 s): it is handed an empty file for that, then the
    cached table of the same dictionary, so ``jieba.posseg.cut`` works as ever.
    """
    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    jieba.dt.get_dict_file = io.BytesIO
    try:
        posseg = importlib.import_module("jieba.posseg")
    finally:
        del jieba.dt.get_dict_file
    try:
        posseg.dt.word_tag_tab = _word_tags(jieba.dt)
    except BaseException:
        del sys.modules["jieba.posseg"]  # unusable without its table: import it afresh
        raise
    return posseg


@functools.cache
def _tagger_type() -> Any:
    """``jieba.posseg.POSTokenizer`` finding the words it knows by :func:`route` and
    reading a run of characters its dictionary does not segment through
    :func:`_unknown_run` (which remembers the reading) with :class:`DenseViterbi`."""
    posseg = _posseg()

    search = DenseViterbi(posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)

    class Tagger(posseg.POSTokenizer):  # type: ignore[misc,name-defined]
        def _POSTokenizer__cut_DAG(self, sentence: str) -> Iterator[Any]:  # jieba's __cut_DAG, with route below
            ends = route(self.tokenizer, sentence)
            tags, freq, pair = self.word_tag_tab, self.tokenizer.FREQ, posseg.pair
            x, buf, n = 0, "", len(sentence)
            while x <= n:
                if x < n:
                    y = ends[x] + 1
                    if y - x == 1:
                        buf += sentence[x]
                        x = y
                        continue
                if buf:
                    if len(buf) == 1:
                        yield pair(buf, tags.get(buf, "x"))
                    elif not freq.get(buf):
                        yield from self._POSTokenizer__cut_detail(buf)
                    else:
                        for elem in buf:
                            yield pair(elem, tags.get(elem, "x"))
                    buf = ""
                if x == n:
                    return
                word = sentence[x:y]
                yield pair(word, tags.get(word, "x"))
                x = y

        def _POSTokenizer__cut_detail(self, sentence: str) -> Iterator[Any]:  # jieba's __cut_detail
            return iter(_unknown_run(sentence))

        def _POSTokenizer__cut(self, sentence: str) -> Iterator[Any]:  # jieba's __cut, with the dense search
            _, pos_list = search(sentence)
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                pos = pos_list[i][0]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield posseg.pair(sentence[begin : i + 1], pos_list[i][1])
                    nexti = i + 1
                elif pos == "S":
                    yield posseg.pair(char, pos_list[i][1])
                    nexti = i + 1
            if nexti < len(sentence):
                yield posseg.pair(sentence[nexti:], pos_list[nexti][1])

    return Tagger


def route(tok: Any, sentence: str) -> list[int]:
    """Where the best word starting at each position of ``sentence`` ends: jieba's
    ``Tokenizer.get_DAG`` then ``calc`` (the route ``__cut_DAG`` walks) in one pass.

    Right to left, the words of ``tok``'s dictionary that start at a position are found
    as ``get_DAG`` finds them (the prefixes of the text that are keys of ``FREQ``, those
    with a frequency being words; a lone character when none is) and scored as ``calc``
    scores them, the same sums in the same order (``log(frequency) - log(total)`` plus
    the score after the word); the best is kept as ``max`` keeps it (on a tie, the
    longer word). The same ends, without the DAG's dictionary of lists or a generator
    per position.
    """
    freq, log = tok.FREQ, math.log
    logtotal = log(tok.total)
    n = len(sentence)
    score = [0.0] * (n + 1)
    ends = list(range(n))
    for k in range(n - 1, -1, -1):
        best = -logtotal + score[k + 1]  # (the lone character, if no word starts here)
        end, found = k, False
        i, frag = k, sentence[k]
        while i < n and frag in freq:
            f = freq[frag]
            if f:
                s = log(f) - logtotal + score[i + 1]
                if not found or s > best or (s == best and i > end):
                    best, end, found = s, i, True
            i += 1
            frag = sentence[k : i + 1]
        score[k] = best
        ends[k] = end
    return ends


_MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's floor for an unseen emission
_MAX_CHARS = 16384  # characters whose states DenseViterbi keeps at once
_State = tuple[str, str]


def _predecessors(trans_p: dict[_State, dict[_State, float]]) -> dict[_State, list[_State]]:
    """For each HMM state, the states with a transition into it."""
    into: dict[_State, list[_State]] = {y: [] for y in trans_p}
    for y0, nexts in trans_p.items():
        for y in nexts:
            into.setdefault(y, []).append(y0)
    return into


def viterbi(obs: str, states: dict[str, tuple[_State, ...]], start_p: dict[_State, float],
            trans_p: dict[_State, dict[_State, float]], emit_p: dict[_State, dict[str, float]],
            into: dict[_State, list[_State]]) -> tuple[float, list[_State]]:
    """``jieba.posseg.viterbi`` (same probabilities, same path), ``into`` being
    :func:`_predecessors` of ``trans_p``.

    jieba scores every state of the previous character for every state of this one
    (up to 256 x 256 pairs) and gathers every successor of every previous state, although
    a state is entered from 20 others on average. A pair without a transition scores
    -inf and never wins, since a state kept for this character is entered from some
    state of the previous one: only the pairs with a transition are scored here, by the
    same sums in the same order, and a character's states are kept by looking up their
    own predecessors. jieba's fallback (no state of the character can follow) is kept.
    """
    V: list[dict[_State, float]] = [{}]
    mem_path: list[dict[_State, _State]] = [{}]  # (jieba marks the first character's states with '')
    all_states = trans_p.keys()
    for y in states.get(obs[0], all_states):  # init
        V[0][y] = start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
        mem_path[0][y] = ("", "")
    for t in range(1, len(obs)):
        prev = V[t - 1]
        here: dict[_State, float] = {}
        path: dict[_State, _State] = {}
        # (jieba: the character's states that some previous state has a transition into)
        obs_states = {y for y in states.get(obs[t], all_states) if any(y0 in prev for y0 in into.get(y, ()))}
        if not obs_states:
            expect_next = {y for x in prev if trans_p[x] for y in trans_p[x]}
            obs_states = expect_next if expect_next else set(all_states)
        for y in obs_states:
            emit = emit_p[y].get(obs[t], _MIN_FLOAT)
            sources = into.get(y, ())
            if len(sources) <= len(prev):
                scored = [(prev[y0] + trans_p[y0][y] + emit, y0) for y0 in sources if y0 in prev]
            else:  # (a state begun after any word ends is entered from half of all states)
                scored = [(p + trans_p[y0][y] + emit, y0) for y0, p in prev.items() if y in trans_p[y0]]
            here[y], path[y] = max(scored)  # (empty only where jieba's max is empty too: ValueError)
        V.append(here)
        mem_path.append(path)
    prob, state = max((V[-1][y], y) for y in mem_path[-1])
    route: list[_State] = [("", "")] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = mem_path[i][state]
    return prob, route


class DenseViterbi:
    """:func:`viterbi` over numpy arrays: the same path and probability, five times faster.

    The states are numbered from the largest to the smallest (jieba breaks a tie between
    two paths for the largest state), the transitions are a dense matrix with ``-inf``
    where there is none, and each character's states and emissions are looked up once.
    A step scores the states kept for the previous character against the character's
    states in one matrix: ``(score + transition) + emission``, summed in jieba's order so
    the floats are the same; a pair without a transition scores ``-inf`` and never wins,
    since a state is kept only when it is entered from some previous state. ``argmax``
    takes the first best row, i.e. the largest previous state, as jieba's ``max`` of
    ``(score, state)`` pairs does. A character none of whose states can follow the
    previous ones (jieba's fallbacks) sends the whole run to :func:`viterbi`.
    """

    def __init__(self, states: dict[str, tuple[_State, ...]], start_p: dict[_State, float],
                 trans_p: dict[_State, dict[_State, float]], emit_p: dict[_State, dict[str, float]]) -> None:
        import numpy as np

        self._np = np
        self._tables = (states, start_p, trans_p, emit_p, _predecessors(trans_p))
        self._order = sorted(trans_p, reverse=True)
        number = {state: i for i, state in enumerate(self._order)}
        self._number = number
        self._trans = np.full((len(number), len(number)), -np.inf)
        for y0, nexts in trans_p.items():
            for y, p in nexts.items():
                self._trans[number[y0], number[y]] = p
        self._start = np.array([start_p[state] for state in self._order])
        self._every = np.arange(len(number))
        self._chars: dict[str, tuple[Any, Any]] = {}

    def _char(self, char: str) -> tuple[Any, Any]:
        """The numbers of ``char``'s states (ascending) and their emissions of it."""
        known = self._chars.get(char)
        if known is None:
            states, emit_p = self._tables[0], self._tables[3]
            own = states.get(char)
            numbers = self._every if own is None else self._np.array(sorted(self._number[y] for y in own))
            emit = self._np.array([emit_p[self._order[i]].get(char, _MIN_FLOAT) for i in numbers.tolist()])
            if len(self._chars) >= _MAX_CHARS:
                self._chars.clear()  # (rare characters take every state: 2 KiB each)
            known = self._chars[char] = (numbers, emit)
        return known

    def __call__(self, obs: str) -> tuple[float, list[_State]]:
        np = self._np
        kept, emit = self._char(obs[0])
        score = self._start[kept] + emit
        steps: list[tuple[Any, Any]] = [(kept, kept)]
        for char in obs[1:]:
            numbers, emit = self._char(char)
            pairs = self._trans[np.ix_(kept, numbers)]
            entered = (pairs > -np.inf).any(axis=0)
            if not entered.all():
                if not entered.any():
                    return viterbi(obs, *self._tables)  # jieba's fallbacks
                numbers, emit, pairs = numbers[entered], emit[entered], pairs[:, entered]
            scores = (score[:, None] + pairs) + emit
            best = scores.argmax(axis=0)
            score = scores[best, np.arange(len(numbers))]
            steps.append((numbers, kept[best]))
            kept = numbers
        last = int(score.argmax())
        state = int(kept[last])
        route: list[_State] = [("", "")] * len(obs)
        for t in range(len(obs) - 1, -1, -1):
            route[t] = self._order[state]
            numbers, came_from = steps[t]
            state = int(came_from[int(np.searchsorted(numbers, state))])
        return float(score[last]), route


@functools.lru_cache(maxsize=65536)
def _unknown_run(text: str) -> tuple[Any, ...]:
    """jieba's HMM reading of a run of characters its dictionary does not segment (its
    ``pair``s), a pure function of the run. It is most of the tagging time, and the runs
    recur: the same unknown name is read in every window that holds it."""
    posseg = _posseg()
    return tuple(posseg.POSTokenizer._POSTokenizer__cut_detail(_tagger(), text))


@functools.cache
def _tagger() -> Any:
    """A ``jieba.posseg.POSTokenizer`` over :func:`_tokenizer`."""
    tok = _tokenizer()
    posseg = _posseg()
    shared = posseg.dt
    cls = _tagger_type()
    tagger = cls.__new__(cls)
    tagger.tokenizer = tok
    # An uninitialised global tokenizer never had user words added (add_word and
    # load_userdict initialise it), so the global tagger's table is still the plain
    # table of the same dict.txt: a copy of it will do (kg's user tags go in ours only).
    if jieba.dt.initialized or shared.tokenizer is not jieba.dt or jieba.dt.dictionary != tok.dictionary:
        tagger.word_tag_tab = _word_tags(tok)
    else:
        tagger.word_tag_tab = dict(shared.word_tag_tab)
    return tagger


def warm_up() -> None:
    """Load the tokenizer and the tagger now (about a second), not on first use."""
    _tagger()


def release() -> None:
    """Drop this process's tokenizer, tagger and segment caches (they are rebuilt on
    next use): a build's main process needs them no more once extraction is done."""
    for cached in (tagged, first_tagged, words, _unknown_run, _tagger, _tokenizer):
        cached.cache_clear()


@functools.lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """Segment ``text`` into words (no HMM: deterministic, dictionary words only)."""
    return tuple(_tokenizer().cut(text, HMM=False))


@functools.lru_cache(maxsize=65536)
def first_tagged(text: str) -> tuple[str, str] | None:
    """The first pair of :func:`tagged` of ``text`` (``None`` if it has none), found
    without tagging the rest: jieba's tagger yields words as it goes, so a run of
    unknown characters further on is never read by its HMM."""
    word = next(iter(_tagger().cut(text, HMM=True)), None)
    return None if word is None else (word.word, word.flag)


@functools.lru_cache(maxsize=65536)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """Segment ``text`` into ``(word, part-of-speech)`` pairs (jieba's ICTCLAS tags).

    The HMM finds unknown names (宇顺, 利华益) as whole words; it is deterministic.
    """
    return tuple((w.word, w.flag) for w in _tagger().cut(text, HMM=True))


def word_frequency(word: str) -> int:
    """How often jieba's dictionary has seen ``word`` (0 for coined names such as 怡亚通)."""
    return int(_tokenizer().FREQ.get(word) or 0)
