"""The public record that the privacy tests seed and scan (DESIGN.md "Privacy", "One public record").

Demands are seeded through the domain methods with a unique marker word in every hidden text
(title, description, answer, attachment name and bytes, rejection reason, merge note) and in every
contact detail; a response is scanned for the markers in every form they could take.
"""

import html
import json
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import translation

from engagement.demands.intake import clean_photo, submit_demand
from tests.content.factories import make_article
from tests.factories import SectionPageFactory

from .factories import photo_upload

UNKNOWN = "GZ-2026-999999"

# Lower-case ASCII words: jieba and the search analyzer keep each as one term, so a marker that
# reached a hot-term list, an index or a page would still be found whole.
HIDDEN = ("rejected", "merged", "private")
FIELDS = ("title", "text", "answer", "attach", "file", "reason", "note")


def marker(state, field):
    return f"zq{state}{field}mk"


def contact_for(tag):
    # Distinct per demand, and none of them shared with any public text of the site.
    digits = {"open": "1", "answered": "2", "rejected": "3", "merged": "4", "private": "5", "late": "6"}[tag]
    return {"name": f"欧阳{tag}锋", "phone": f"1398765{digits}321", "email": f"zq{tag}contact@example.cn",
            "address": f"桃花岛九曲路{digits}8号zq{tag}addr"}


def submit(tag, topic, grid, author, *, public=True, hidden=False):
    words = (lambda f: marker(tag, f)) if hidden else (lambda f: f"zqpublic{tag}{f}")
    return submit_demand(
        title=f"北门消防通道被占用 {words('title')}", description=f"每晚七点以后私家车占道 {words('text')}。",
        topic=topic, area=grid, kind="complaint", is_public=public, author=author, contact=contact_for(tag),
        photos=[clean_photo(photo_upload())],
    )


def attachment(tag, hidden):
    word = (lambda f: marker(tag, f)) if hidden else (lambda f: f"zqpublic{tag}{f}")
    return ContentFile(f"答复附件 {word('attach')}".encode(), name=f"{word('file')}.txt")


def build_record(home, topic, grid, resident, department, moderator, department_staff):
    """Two public demands (one answered with an attachment) and three hidden ones, all with photos."""
    cache.clear()
    section = SectionPageFactory(parent=home, title="时政要闻", slug="news")
    make_article(section, title="社区停车难问题有了新办法", topics=[topic], departments=[department], area=grid)

    def answered(d, tag, hidden):
        d = d.forward(to=department, by=moderator).accept(by=department_staff)
        word = marker(tag, "answer") if hidden else f"zqpublic{tag}answer"
        return d.answer(text=f"已在北门加装隔离桩 {word}", by=department_staff, attachment=attachment(tag, hidden))

    open_ = submit("open", topic, grid, resident).forward(to=department, by=moderator)
    public_answered = answered(submit("answered", topic, grid, resident), "answered", False)
    rejected = submit("rejected", topic, grid, resident, hidden=True).reject(
        by=moderator, reason=f"重复提交 {marker('rejected', 'reason')}")
    merged = submit("merged", topic, grid, resident, hidden=True).merge(
        into=open_, by=moderator, note=f"同一事项 {marker('merged', 'note')}")
    private = answered(submit("private", topic, grid, resident, public=False, hidden=True), "private", True)

    from engagement.insights.hot_terms import run_hot_terms

    run_hot_terms()  # /insights/ shows hot terms only once the job has counted them
    cache.clear()
    return {"open": open_, "answered": public_answered, "rejected": rejected, "merged": merged, "private": private}


def hidden_markers():
    return [marker(state, field) for state in HIDDEN for field in FIELDS]


def contact_markers(demands):
    return [value for tag in demands for value in contact_for(tag).values()]


def hidden_numbers(demands):
    return {demands[tag].tracking_number for tag in HIDDEN}


def hidden_media(demands):
    return set(media_urls({tag: demands[tag] for tag in HIDDEN}))


def media_urls(demands):
    urls = []
    with translation.override(settings.LANGUAGE_CODE):  # an /en/ request leaves English active
        for d in demands.values():
            urls += [p.get_absolute_url() for p in d.photos.all()]
            urls += [a.get_attachment_url() for a in d.answers.exclude(attachment="")]
    return urls + ["/en" + u for u in urls]


def raw_text(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", "replace")


def readable(response, text=None):
    """Every form a marker could take in a response: raw, HTML-unescaped, URL-decoded, JSON-unescaped."""
    text = raw_text(response) if text is None else text
    forms = [text, html.unescape(text), unquote(text)]
    if "json" in response.get("Content-Type", ""):
        try:
            forms.append(json.dumps(json.loads(text), ensure_ascii=False))
        except ValueError:
            pass
    return "\n".join(forms).lower()


def leaks_in(text, forbidden):
    return [value for value in forbidden if value.lower() in text]


def fetch(client, url):
    """(status, body bytes, response) of a GET, a file's streamed body read whole."""
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else response.content
    return response.status_code, body, response
