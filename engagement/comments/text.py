"""Comment text: plain text only. Rendered escaped, line breaks kept, links made safe."""

import re

from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe

_URL_RE = re.compile(r"(https?://|www\.)[^\s<>\"'，。、；！？）】]+", re.IGNORECASE)
_ANCHOR_RE = re.compile(r"<a href=")
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def count_links(text):
    """How many URLs a comment contains (http(s):// or www.)."""
    return len(_URL_RE.findall(text or ""))


def render_comment_text(text):
    """Escape the text, turn URLs into nofollow links, keep line breaks. Returns safe HTML."""
    html = urlize(escape(text or ""), nofollow=False, autoescape=False)
    html = _ANCHOR_RE.sub('<a rel="nofollow ugc noopener" target="_blank" href=', html)
    html = html.replace("\r\n", "\n").replace("\n", "<br>")
    return mark_safe(html)  # noqa: S308 - built from escaped text above


def has_cjk(word):
    return bool(_CJK_RE.search(word))


def find_sensitive_word(text, words):
    """The first of `words` in `text`: substring for Chinese, whole word for English, case-insensitive."""
    lowered = (text or "").lower()
    for word in words:
        w = word.strip().lower()
        if not w:
            continue
        if has_cjk(w):
            if w in lowered:
                return word
        elif re.search(r"(?<![\w])" + re.escape(w) + r"(?![\w])", lowered, flags=re.ASCII):
            return word
    return None
