"""Comment text: plain text only. Rendered escaped, line breaks kept, links made safe."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

_URL_RE = re.compile(r"(https?://|www\.)[^\s<>\"'，。、；！？）】]+", re.IGNORECASE)
# Runs on escaped text: a URL ends at whitespace, at an escaped quote/angle bracket, or at CJK punctuation.
_ESCAPED_URL_RE = re.compile(
    r"(?<![A-Za-z0-9/.@])(?:https?://|www\.)(?:(?!&quot;|&lt;|&gt;|&#x27;)[^\s<>，。、；！？（）【】《》“”])+", re.IGNORECASE
)
_TRAILING = ".,:;!?)]}'"
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def count_links(text):
    """How many URLs a comment contains (http(s):// or www.)."""
    return len(_URL_RE.findall(text or ""))


def _link(match):
    url = match.group(0)
    trail = ""
    while url and url[-1] in _TRAILING:
        trail = url[-1] + trail
        url = url[:-1]
    href = url if url.lower().startswith(("http://", "https://")) else "http://" + url
    return f'<a rel="nofollow ugc noopener" target="_blank" href="{href}">{url}</a>{trail}'


def render_comment_text(text):
    """Escape the text, turn URLs into nofollow links, keep line breaks. Returns safe HTML."""
    html = escape(text or "")
    if "http" in html or "www." in html:
        html = _ESCAPED_URL_RE.sub(_link, html)
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
