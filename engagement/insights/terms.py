"""Key terms of a text: jieba words (accurate mode), stop words removed, English lower-cased.

Hot terms need *words* (停车难, 垃圾分类), not the overlapping bigrams the search index adds, so
this cuts with jieba's accurate mode (content.text, the tokenizer search uses too).
"""

import re
from collections import Counter

from content.text import cut

# Long enough for any real comment or demand; a pathological 10 MB paste is cut, not refused.
MAX_CHARS = 20_000
MAX_TERM_LENGTH = 40

# Function words, pronouns, filler and governance boilerplate that would otherwise top every list.
BUILTIN_STOP_WORDS = frozenset(
    """
    的 了 和 是 在 我 有 也 就 不 都 而 及 与 或 一个 没有 我们 你们 他们 她们 它们 这个 那个 这些 那些
    这样 那样 什么 怎么 怎么样 为什么 因为 所以 但是 可是 然后 如果 虽然 还是 已经 可以 能够 需要 希望
    应该 问题 情况 现在 目前 今天 昨天 明天 时候 时间 一下 一些 一直 非常 比较 特别 真的 还有 以及
    自己 大家 其他 这里 那里 哪里 进行 相关 有关 关于 对于 通过 之后 之前 以后 以前 另外 而且 并且
    请问 你好 您好 谢谢 感谢 麻烦 尽快 一定 不是 就是 还是 或者 很多 多少 每天 每次 这种 那种 一样
    能否 是否 不能 不会 可能 觉得 认为 知道 出现 发生 已 被 把 让 给 向 从 到 对 为 以 于 之 其 该
    and the a an of to in on for is are was were be been it this that with as at by or not no but
    from have has had will would can could should there their they we you your our i he she them
    """.split()
)

_ascii_word = re.compile(r"^[a-z][a-z0-9\-_.]*$")
_has_han = re.compile(r"[\u3400-\u9fff]")


def normalise(token):
    """A candidate term, or '' when the token is not one (punctuation, digits, one Han character)."""
    token = token.strip().lower()
    if not token or len(token) > MAX_TERM_LENGTH:
        return ""
    if _has_han.search(token):
        return token if len(token) >= 2 else ""
    if _ascii_word.match(token) and len(token) >= 2:
        return token
    return ""


def extract_terms(text, stop_words=BUILTIN_STOP_WORDS):
    """Counter of the key terms in one text (jieba accurate mode)."""
    if not text:
        return Counter()
    text = text[:MAX_CHARS]
    counts = Counter()
    for token in cut(text):
        term = normalise(token)
        if term and term not in stop_words:
            counts[term] += 1
    return counts


def stop_words():
    """The built-in list plus the editors' StopWord snippets (one query)."""
    from .models import StopWord

    return BUILTIN_STOP_WORDS | set(StopWord.objects.values_list("word", flat=True))
