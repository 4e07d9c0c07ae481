"""Chinese word segmentation (分词): one jieba tokenizer per process for every part that cuts text.

The search analyzer (index and query time) and insights (hot terms, department suggestion,
near-duplicates) cut with the same tokenizer and the same dictionary, so the words one finds are
the words the other counts, and the dictionary (about a second to load) is loaded once. It lives
in content, the ground floor, because search and engagement may both import content but not each
other.
"""

import logging
import threading

_lock = threading.Lock()
_tokenizer = None


def tokenizer():
    """jieba's process-wide tokenizer (``jieba.dt``), its dictionary loaded on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.dt.initialize()
                _tokenizer = jieba.dt
    return _tokenizer


def cut(text):
    """The words of ``text`` in jieba's accurate mode (the HMM guesses words the dictionary lacks)."""
    return tokenizer().cut(text, HMM=True)
