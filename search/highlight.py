"""Excerpts with the matched words marked: escape first, then wrap matches in <mark>."""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .analysis import BIGRAM_MARK, iter_terms, query_units, stem

WS_RE = re.compile(r"\s+")


def query_terms(query):
    """The terms a text token must have to count as matched (Han words/bigrams, latin stems)."""
    terms = set()
    for unit in query_units(query):
        if unit.kind == "latin":
            terms.add(unit.term)
        else:
            terms.update(unit.bigrams)
            terms.update(w for w in unit.words)
    return terms


def match_spans(text, terms):
    """Merged (start, end) character spans of ``text`` whose tokens match ``terms``."""
    spans = []
    if not terms:
        return spans
    for kind, term, _pos, start, end in iter_terms(text):
        if kind == "latin" and not term.isdigit():
            term = stem(term)
        if term in terms or (kind == "word" and BIGRAM_MARK + term in terms and len(term) == 2):
            spans.append((start, end))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def plain_text(value):
    """Text of a field value: str, RichText/StreamField (rendered, tags stripped), lists."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(plain_text(v) for v in value)
    if hasattr(value, "render_as_block"):
        try:
            value = value.render_as_block()
        except Exception:  # a broken block must not break search
            value = str(value)
    return WS_RE.sub(" ", strip_tags(str(value))).strip()


def highlight(text, query, width=160):
    """An HTML-safe excerpt of ``text`` (around the first match) with matches in <mark>."""
    from unicodedata import normalize

    text = normalize("NFKC", plain_text(text))
    spans = match_spans(text, query_terms(query))
    if len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - width // 4, len(text) - width))
        end = start + width
    else:
        start, end = 0, len(text)
    out, cursor = [], start
    if start > 0:
        out.append("…")
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))
