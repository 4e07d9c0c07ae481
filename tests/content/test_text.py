"""Word segmentation: one jieba tokenizer, loaded once, cutting in accurate mode."""

import jieba

from content.text import cut, tokenizer


def test_the_tokenizer_is_jiebas_one_per_process_loaded_once():
    assert tokenizer() is jieba.dt
    assert tokenizer() is tokenizer()
    assert jieba.dt.initialized


def test_cut_gives_whole_words_in_accurate_mode():
    # accurate mode: no overlapping sub-words (search mode would add 停车 beside 停车难)
    assert list(cut("居民反映停车难问题")) == ["居民", "反映", "停车难", "问题"]
