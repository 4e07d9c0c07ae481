"""The analyzer: jieba words + overlapping CJK bigrams + stemmed English, positions by token."""

import pytest

from search.analysis import BIGRAM_MARK, analyze, query_units, text_analyzer

pytestmark = pytest.mark.django_db  # the autouse index fixture


def bigrams(text):
    return {t for t in analyze(text) if t.startswith(BIGRAM_MARK)}


def test_every_two_character_piece_of_a_title_is_a_term():
    for piece in ["停车", "车难", "难问", "问题"]:
        assert BIGRAM_MARK + piece in bigrams("停车难问题")
    assert BIGRAM_MARK + "分类" in bigrams("垃圾分类")


def test_whole_words_from_jieba_accurate_mode():
    terms = analyze("垃圾分类进小区")
    assert {"垃圾", "分类", "小区"} <= set(terms)


def test_english_lowercased_and_stemmed_digits_kept():
    terms = analyze("Parking LOTS in 2026, Ｗｉ-Ｆｉ")
    assert {"park", "lot", "in", "2026", "wi", "fi"} <= set(terms)


def test_mixed_field():
    terms = set(analyze("12345热线 hotline reforms"))
    assert {"12345", "热线", "hotlin", "reform"} <= terms


def test_positions_are_token_indexes_bigrams_consecutive():
    tokens = [(t.text, t.pos) for t in text_analyzer()("停车难问题 parking", positions=True)]
    bigram_positions = [p for text, p in tokens if text.startswith(BIGRAM_MARK)]
    assert bigram_positions == [0, 1, 2, 3]
    assert ("park", 4) in tokens
    # a jieba word sits on the position of the bigram it starts with (like a synonym)
    word_positions = {text: p for text, p in tokens if not text.startswith(BIGRAM_MARK)}
    assert all(0 <= p <= 3 for t, p in word_positions.items() if t != "park")


def test_query_units_ignore_operators_and_markup():
    units = query_units('停车 AND "难" OR (x:1) <script>alert(1)</script> * ~ NOT')
    assert [u.kind for u in units][:2] == ["han", "latin"]
    assert all(u.text.strip("\"()*~:<>/") == u.text for u in units)
    assert query_units("") == []
    assert query_units("()*~:\"") == []
    assert len(query_units("停" * 5000)[0].text) == 200
