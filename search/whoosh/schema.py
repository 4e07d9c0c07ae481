"""The Whoosh schema: per-field text fields, the catch-all ``all_terms`` field and its scoring.

A term's weight in the catch-all field carries the boosts of the fields it came from (see
:class:`BoostedText`); :class:`Weighting` scores the ``t_*`` fields with BM25F and the catch-all
field as ``idf × weight``.
"""

from collections import Counter, defaultdict

from whoosh import formats, scoring
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.system import pack_uint

from ..analysis import (
    BIGRAM_MARK,
    HAN_RE,
    analyze,
    autocomplete_analyzer,
    index_tokens,
    normalize,
    text_analyzer,
)

WORD_BOOST = 2.0  # a whole jieba word counts twice a bigram: whole-word matches rank first
# Every SearchField of a document, terms weighted by their field's boost.
ALL_FIELD = "all_terms"

BM25_K1, BM25_B = 1.2, 0.75
# Titles are short by nature: a long title is not a diluted one, so its length counts less (BM25F's
# per-field b); with 0.75 a five-character demand title beat a news headline titled with the same word.
TITLE_B = 0.3
REF_LENGTH = 20  # tokens: the field length that gets no length penalty in the catch-all field

# The ranking tiers of the catch-all field (see BoostedText): a term in a title weighs at least
# TITLE_BASE, a term elsewhere in the document less than REST_CAP < TITLE_BASE, however often it is
# repeated and in however many fields (REST_CAP × rest / (rest + REST_HALF) never reaches REST_CAP).
TITLE_BASE = 4.0
REST_CAP = 3.0
REST_HALF = 4.0  # the body score at which the rest earns half its cap


def field_tf(tf, length, b=BM25_B):
    """BM25's saturated, length-normalised term frequency for one field."""
    return tf * (BM25_K1 + 1) / (tf + BM25_K1 * ((1 - b) + b * length / REF_LENGTH))


def tiered_weight(title, rest):
    """A term's weight from its title score and the boosted score of the rest of the document:
    every title match outweighs every body-only match; within a tier BM25 orders."""
    weight = TITLE_BASE + title if title > 0 else 0.0
    return weight + REST_CAP * rest / (rest + REST_HALF)


class BoostedText(TEXT):
    """The catch-all field: its value is ``[(text, boost, is_title), ...]`` (one per SearchField).

    A term's stored weight has two parts (:func:`tiered_weight`): its BM25 tf (saturated and
    normalised by the field's length, at index time) in the fields that name the object (the
    title fields, ``documents.title_fields``) lifted by ``TITLE_BASE``, plus the sum over the other
    fields of ``boost × BM25 tf`` squashed below ``REST_CAP``. So a title match always ranks above
    a body-only match, as a reader expects — a summed per-field score let a page that repeats a
    word in its summary, body and tags outrank one titled with it — and within a tier the field
    boosts, term frequencies and lengths order as BM25 does. :class:`Weighting` scores a term as
    ``idf × weight``, in ONE posting per term: searches over all SearchFields query one term here
    instead of OR-ing one boosted term per field (that Or, inside Ands, made queries slow at
    50,000 documents), and Whoosh's block-max skipping works on plain term lists. No positions:
    phrase queries use the ``t_*`` fields. Length is normalised against a fixed reference length
    (``REF_LENGTH``), not the index's average, so weights never need recomputing.

    Short Han words are folded into the term with the same characters, so that a query for
    one or two characters is ONE plain term list (an Or of the word and its bigram, or of a
    character and every bigram starting with it, cost most of the query time):

    * every Han character is a term of its own here (a one-character query finds it
      anywhere); a one-character jieba word adds ``WORD_BOOST ×`` its score to that term;
    * a two-character jieba word adds ``WORD_BOOST ×`` its score to the score of the bigram
      with the same characters (every document holding the word holds the bigram), so
      小区停车收费 weighs more than 暂停车辆通行 in the one list for 停车;
    * longer words keep postings of their own (the query ORs them in with ``WORD_BOOST``)."""

    def __init__(self):
        super().__init__(analyzer=text_analyzer(), phrase=False)
        # The weights already hold the lengths, but a field without a length column makes Whoosh
        # stat the column file once per posting when it writes a segment (whoosh3's
        # _cached_reader does not cache a miss): a third of the indexing time.
        self.scorable = True

    def index(self, value, **kwargs):
        if isinstance(value, str):
            value = [(value, 1.0, False)]
        freqs = defaultdict(int)
        title, rest = defaultdict(float), defaultdict(float)
        for text, boost, is_title, *terms in value:
            terms = terms[0] if terms else analyze(text)  # the terms text_analyzer() gives
            length = len(terms)
            scores, factor, b = (title, 1.0, TITLE_B) if is_title else (rest, boost, BM25_B)
            chars = Counter(char for run in HAN_RE.findall(normalize(text)) for char in run)
            for char, tf in chars.items():
                freqs[char] += tf
                scores[char] += factor * field_tf(tf, length, b)
            for term, tf in Counter(terms).items():
                score = factor * field_tf(tf, length, b)
                if is_folded_word(term):
                    scores[folded_term(term)] += WORD_BOOST * score
                else:
                    freqs[term] += tf
                    scores[term] += score
        for term, freq in freqs.items():
            yield term.encode("utf-8"), freq, tiered_weight(title[term], rest[term]), pack_uint(freq)


def is_folded_word(term):
    """A Han word of one or two characters (see :class:`BoostedText`)."""
    return len(term) <= 2 and HAN_RE.fullmatch(term) is not None


def folded_term(word):
    """The catch-all term a short word's score is added to: the character, or the bigram."""
    return word if len(word) == 1 else BIGRAM_MARK + word


class PresaturatedScorer(scoring.BaseScorer):
    """``idf × stored weight`` (see :class:`BoostedText`), with block-max quality."""

    def __init__(self, idf, maxweight):
        self.idf, self.maxweight = idf, maxweight

    def supports_block_quality(self):
        return True

    def score(self, matcher):
        return self.idf * matcher.weight()

    def max_quality(self):
        return self.idf * self.maxweight

    def block_quality(self, matcher):
        return self.idf * matcher.block_max_weight()


class Weighting(scoring.BM25F):
    """BM25F for the ``t_*`` fields, ``idf × weight`` for the catch-all field."""

    def __init__(self):
        super().__init__(B=BM25_B, K1=BM25_K1)

    def scorer(self, searcher, fieldname, text, qf=1):
        if fieldname == ALL_FIELD:
            return PresaturatedScorer(searcher.idf(fieldname, text),
                                      searcher.term_info(fieldname, text).max_weight())
        return super().scorer(searcher, fieldname, text, qf=qf)


class AnalysedText(TEXT):
    """A ``t_*`` or ``ac_*`` field: the postings Whoosh makes from its analyzer, made from
    :func:`analysis.index_tokens` (one cached pass shared with the catch-all field, without a
    Token object per token)."""

    def __init__(self, autocomplete=False):
        analyzer = autocomplete_analyzer() if autocomplete else text_analyzer()
        super().__init__(analyzer=analyzer, phrase=not autocomplete)
        self.autocomplete = autocomplete

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        positions = defaultdict(list)
        for term, pos in index_tokens(value, self.autocomplete):
            positions[term].append(pos)
        boost, phrase = self.format.field_boost, isinstance(self.format, formats.Positions)
        for term, found in positions.items():
            freq = len(found)
            value = self.format.encode(found) if phrase else pack_uint(freq)
            yield term.encode("utf-8"), freq, float(freq) * boost, value


def build_schema():
    schema = Schema(
        doc_id=ID(unique=True, stored=True),
        doc_pk=ID(stored=True, sortable=True),
        doc_ct=KEYWORD(lowercase=False, commas=False, scorable=False),
    )
    schema.add("t_*", AnalysedText(), glob=True)
    schema.add("ac_*", AnalysedText(autocomplete=True), glob=True)
    schema.add(ALL_FIELD, BoostedText())
    return schema
