"""Chinese + English text analysis for the Whoosh index (see search/README.md).

One token stream per field, positions by token index:

* a run of Han characters gives its overlapping bigrams (like Lucene's CJKAnalyzer), marked
  with a leading ``_`` so they never collide with whole words, at consecutive positions
  (phrase queries work on them), PLUS jieba's words (accurate mode) at the position of the
  bigram they start on (like a synonym: same position, no gap);
* a run of letters/digits gives one lower-cased token; the stem filter stems latin words
  (not digits, not Han) with a process-wide unbounded cache.

Query-time analysis uses the same tokenizer; :func:`query_units` groups the tokens of a
user's query into units (one per Han run or latin word) for the query builder.
"""

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Composable, Filter, Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem

from content.text import cut

BIGRAM_MARK = "_"

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
HAN_RE = re.compile(rf"[{HAN}]+")
RUN_RE = re.compile(rf"([{HAN}]+)|([^\W_{HAN}]+)", re.UNICODE)

WORDS = "words"
BIGRAMS = "bigrams"
COMBINED = "combined"
MODES = (WORDS, BIGRAMS, COMBINED)

def normalize(text):
    """Full-width letters/digits to ASCII (ＡＢＣ１２ → ABC12); the same at index and query time."""
    return unicodedata.normalize("NFKC", text or "")


@lru_cache(maxsize=None)
def stem(word):
    return porter_stem(word)


@lru_cache(maxsize=8192)
def jieba_words(han):
    """jieba's words (accurate mode) for one Han run, cached: every SearchField is analysed
    twice at index time (its own field and the catch-all field), and titles repeat."""
    return tuple(cut(han))


def iter_terms(text, mode=COMBINED, unigrams=False):
    """Yield (kind, term, position, startchar, endchar) for ``text``.

    ``kind`` is "word" (jieba word), "bigram" or "latin". Positions count tokens: the bigrams
    of a Han run are consecutive, each jieba word sits on the position of the bigram (or the
    single character) it starts with, a latin token takes one position.
    """
    text = normalize(text)
    pos = 0
    for match in RUN_RE.finditer(text):
        han, latin = match.group(1), match.group(2)
        start = match.start()
        if latin:
            yield "latin", latin.lower(), pos, start, match.end()
            pos += 1
            continue
        n = len(han)
        if mode in (WORDS, COMBINED) or n == 1:
            offset = 0
            for word in jieba_words(han):
                word_pos = pos + min(offset, max(n - 2, 0))
                yield "word", word, word_pos, start + offset, start + offset + len(word)
                offset += len(word)
        if unigrams and n > 1:
            for i, char in enumerate(han):
                yield "word", char, pos + min(i, n - 2), start + i, start + i + 1
        if mode in (BIGRAMS, COMBINED) and n > 1:
            for i in range(n - 1):
                yield "bigram", BIGRAM_MARK + han[i : i + 2], pos + i, start + i, start + i + 2
        pos += max(n - 1, 1)


class MixedTokenizer(Tokenizer):
    """Han words (jieba) + Han bigrams + latin/digit runs, lower-cased."""

    def __init__(self, mode=COMBINED, unigrams=False):
        assert mode in MODES
        self.mode = mode
        self.unigrams = unigrams  # autocomplete: every Han character too (one-character prefixes)

    def __eq__(self, other):
        return isinstance(other, MixedTokenizer) and (other.mode, other.unigrams) == (self.mode, self.unigrams)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            token.kind = "latin"
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        for kind, term, pos, startchar, endchar in iter_terms(value, self.mode, self.unigrams):
            token.text = term
            token.kind = kind
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + startchar, start_char + endchar
            yield token


class LatinStemFilter(Filter):
    """Porter-stem latin words only (digits and Han untouched), with an unbounded cache."""

    def __eq__(self, other):
        return isinstance(other, LatinStemFilter)

    def __call__(self, tokens):
        for t in tokens:
            if getattr(t, "kind", "latin") == "latin" and not t.text.isdigit():
                t.text = stem(t.text)
            yield t


def text_analyzer(mode=COMBINED):
    """The analyzer for SearchFields: words + bigrams + stemmed English."""
    return MixedTokenizer(mode) | LatinStemFilter()


def autocomplete_analyzer():
    """The analyzer for AutocompleteFields: no stemming (prefixes must stay prefixes)."""
    return MixedTokenizer(COMBINED, unigrams=True)


def analyze(text, mode=COMBINED, stemmed=True):
    """The indexed terms for ``text`` (handy in tests and for highlighting)."""
    if mode == COMBINED and stemmed:
        return [term for term, _pos in index_tokens(text)]
    return [term for term, _pos in _tokens(text, mode, stemmed, unigrams=False)]


@lru_cache(maxsize=256)
def index_tokens(text, autocomplete=False):
    """``(term, position)`` of every token :func:`text_analyzer` (``autocomplete``:
    :func:`autocomplete_analyzer`) gives for ``text``. Cached: a document's SearchField texts are
    indexed twice, in their own ``t_*`` field and in the catch-all field (schema.py)."""
    return tuple(_tokens(text, COMBINED, stemmed=not autocomplete, unigrams=autocomplete))


def _tokens(text, mode, stemmed, unigrams):
    for kind, term, pos, _s, _e in iter_terms(text, mode, unigrams):
        if stemmed and kind == "latin" and not term.isdigit():
            term = stem(term)
        yield term, pos


class Unit:
    """One unit of a user's query: a Han run (bigrams required, words boost) or a latin word."""

    def __init__(self, kind, text, bigrams=(), words=(), term=None):
        self.kind = kind  # "han" | "latin"
        self.text = text
        self.bigrams = list(bigrams)
        self.words = list(words)
        self.term = term

    def __repr__(self):
        return f"<Unit {self.kind} {self.text!r}>"


MAX_QUERY_CHARS = 200
MAX_UNITS = 32


def query_units(query, mode=COMBINED, stemmed=True):
    """Split a raw user query into units. Anything that is not a letter, digit or Han
    character (operators, quotes, brackets, SQL/HTML punctuation) is a separator."""
    query = normalize(query)[:MAX_QUERY_CHARS]
    units = []
    for match in RUN_RE.finditer(query):
        han, latin = match.group(1), match.group(2)
        if latin:
            term = latin.lower()
            if stemmed and not term.isdigit():
                term = stem(term)
            units.append(Unit("latin", latin, term=term))
        else:
            bigrams = [BIGRAM_MARK + han[i : i + 2] for i in range(len(han) - 1)] if mode != WORDS else []
            words = list(cut(han)) if (mode != BIGRAMS or len(han) == 1) else []
            units.append(Unit("han", han, bigrams=bigrams, words=words))
        if len(units) >= MAX_UNITS:
            break
    return units
