"""The public record shows what the one rule allows, and nothing of a hidden demand.

DESIGN.md "Privacy" and "One public record": a demand that is rejected, merged or private is
hidden (Demand.objects.publicly_readable() / readable_by() / permissions.can_read_full()), and
contact details are never public. Demands are seeded through the domain methods with a unique
marker word in every hidden text (title, description, answer, attachment name and bytes,
rejection reason, merge note) and in every contact detail; then every public outlet is fetched
as an anonymous visitor and as a logged-in resident who is not the author, and scanned.

Outlets are discovered where they can be (feeds from <link rel=alternate>, the open-data files
linked from /transparency/, the URLs sitemap.xml lists, the page types the API knows), so an
outlet added later is scanned without touching this module.
"""

import datetime
import html
import json
import re
from urllib.parse import quote, unquote, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from wagtail.models import get_page_models
from wagtail.search.backends import get_search_backend

from content.models import Area
from engagement.demands.intake import clean_photo, submit_demand
from engagement.demands.models import Demand, DemandAnswer, Status
from tests.content.factories import make_article
from tests.factories import SectionPageFactory, UserFactory

from .factories import photo_upload

pytestmark = pytest.mark.django_db

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


def _submit(tag, topic, grid, author, *, public=True, hidden=False):
    words = (lambda f: marker(tag, f)) if hidden else (lambda f: f"zqpublic{tag}{f}")
    return submit_demand(
        title=f"北门消防通道被占用 {words('title')}", description=f"每晚七点以后私家车占道 {words('text')}。",
        topic=topic, area=grid, kind="complaint", is_public=public, author=author, contact=contact_for(tag),
        photos=[clean_photo(photo_upload())],
    )


def _attachment(tag, hidden):
    word = (lambda f: marker(tag, f)) if hidden else (lambda f: f"zqpublic{tag}{f}")
    return ContentFile(f"答复附件 {word('attach')}".encode(), name=f"{word('file')}.txt")


@pytest.fixture
def record(home, topic, grid, resident, department, moderator, department_staff):
    """Two public demands (one answered with an attachment) and three hidden ones, all with photos."""
    cache.clear()
    section = SectionPageFactory(parent=home, title="时政要闻", slug="news")
    make_article(section, title="社区停车难问题有了新办法", topics=[topic], departments=[department], area=grid)

    def answered(d, tag, hidden):
        d = d.forward(to=department, by=moderator).accept(by=department_staff)
        word = marker(tag, "answer") if hidden else f"zqpublic{tag}answer"
        return d.answer(text=f"已在北门加装隔离桩 {word}", by=department_staff, attachment=_attachment(tag, hidden))

    open_ = _submit("open", topic, grid, resident).forward(to=department, by=moderator)
    public_answered = answered(_submit("answered", topic, grid, resident), "answered", False)
    rejected = _submit("rejected", topic, grid, resident, hidden=True).reject(
        by=moderator, reason=f"重复提交 {marker('rejected', 'reason')}")
    merged = _submit("merged", topic, grid, resident, hidden=True).merge(
        into=open_, by=moderator, note=f"同一事项 {marker('merged', 'note')}")
    private = answered(_submit("private", topic, grid, resident, public=False, hidden=True), "private", True)

    from engagement.insights.hot_terms import run_hot_terms

    run_hot_terms()  # /insights/ shows hot terms only once the job has counted them
    cache.clear()
    return {"open": open_, "answered": public_answered, "rejected": rejected, "merged": merged, "private": private}


def hidden_markers():
    return [marker(state, field) for state in HIDDEN for field in FIELDS]


def contact_markers(demands):
    return [value for tag in demands for value in contact_for(tag).values()]


# --- fetching and scanning ----------------------------------------------------------------------------
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


HREF = re.compile(r"""<(?:a|link)\b[^>]*?\bhref=["']([^"'#]+)["']""", re.IGNORECASE)
ALTERNATE = re.compile(r"""<link\b(?=[^>]*\brel=["']alternate["'])[^>]*\bhref=["']([^"']+)["']""",
                       re.IGNORECASE)
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
LOC = re.compile(r"<loc>([^<]+)</loc>")


SITE_HOSTS = {"", "testserver", "localhost", "127.0.0.1:8000"}
NOT_PUBLIC_RECORD = ("/admin", "/accounts/", "/en/accounts/", "/i18n/", "/static/", "/documents/", "/media/")


def local(url):
    """The path and query of a link to this site, else None."""
    parts = urlsplit(html.unescape(url.strip()))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in SITE_HOSTS or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Crawl:
    """Fetch URLs once each, scan each for the forbidden values; returns (and keeps) the raw text."""

    def __init__(self, client, forbidden):
        self.client, self.forbidden = client, forbidden
        self.seen, self.statuses, self.bodies, self.leaks = set(), {}, {}, []

    def get(self, url):
        if url in self.seen:
            return self.bodies[url]
        self.seen.add(url)
        response = self.client.get(url, follow=True)
        body = raw_text(response)
        self.statuses[url], self.bodies[url] = response.status_code, body
        self.leaks += [(url, value) for value in leaks_in(readable(response, body), self.forbidden)]
        return body

    def get_all(self, urls):
        for url in urls:
            self.get(url)

    def failures(self, allowed_404=()):
        return {u: s for u, s in self.statuses.items() if s >= 400 and u not in allowed_404}


def html_pages(demands, topic, department, other_department):
    areas = list(Area.objects.all())
    pages = ["/", "/demands/", "/demands/?page=2", "/demands/?page=999", "/demands/?page=x",
             "/departments/", department.get_absolute_url(), other_department.get_absolute_url(),
             topic.get_absolute_url(), "/insights/", "/transparency/", "/news/"]
    pages += [f"/demands/?status={s}" for s in Status.values]
    pages += [f"/demands/?topic={topic.slug}", f"/demands/?department={department.slug}",
              f"/demands/?topic={topic.slug}&department={department.slug}&status=answered&page=1"]
    pages += [f"/demands/?area={a.slug}" for a in areas] + [a.get_absolute_url() for a in areas]
    pages += [f"/insights/?period={p}&level={lv}" for p in ("week", "month", "year", "day")
              for lv in ("street", "district")]
    pages += [d.get_absolute_url() for tag, d in demands.items() if tag not in HIDDEN]
    return pages + ["/en" + p for p in pages]


def open311_urls(demands):
    numbers = [d.tracking_number for d in demands.values()] + [UNKNOWN]
    later = (timezone.localdate() + datetime.timedelta(days=300)).isoformat()  # Open311 takes a year ahead
    queries = ["", "?status=open", "?status=closed", "?status=open,closed", "?service_code=parking",
               f"?start_date=2000-01-01&end_date={later}", "?start_date=2000-01-01T00:00:00Z",
               f"?end_date={later}T00:00:00%2B08:00",
               "?status=closed&service_code=parking&start_date=2000-01-01",
               f"?service_request_id={','.join(numbers)}"]
    queries += [f"?service_request_id={n}" for n in numbers]
    urls = [f"/open311/v2/requests.{fmt}{q}" for fmt in ("json", "xml") for q in queries]
    urls += [f"/open311/v2/requests/{n}.{fmt}" for n in numbers for fmt in ("json", "xml")]
    urls += [f"/open311/v2/{x}.{fmt}" for x in ("services", "discovery", "services/parking") for fmt in ("json", "xml")]
    return urls


def media_urls(demands):
    urls = []
    with translation.override(settings.LANGUAGE_CODE):  # an /en/ request leaves English active
        for d in demands.values():
            urls += [p.get_absolute_url() for p in d.photos.all()]
            urls += [a.get_attachment_url() for a in d.answers.exclude(attachment="")]
    return urls + ["/en" + u for u in urls]


def crawl_public_record(client, demands, topic, department, other_department):
    crawl = Crawl(client, hidden_markers() + contact_markers(demands))
    pages = html_pages(demands, topic, department, other_department)
    crawl.get_all(pages)

    # Feeds: the site-wide ones and every <link rel=alternate> the pages announce.
    feeds = {"/feeds/rss/", "/feeds/atom/"}
    for url in pages:
        feeds |= {local(h) for h in ALTERNATE.findall(crawl.bodies[url])}
    crawl.get_all(sorted(feeds - {None}))

    # Open data: whatever /transparency/ links to under /transparency/ (new files are covered as they come).
    downloads = {local(h) for p in ("/transparency/", "/en/transparency/") for h in HREF.findall(crawl.bodies[p])}
    downloads = sorted(u for u in downloads - {None} if "/transparency/" in u and u.split("?")[0].rstrip("/")
                       not in ("/transparency", "/en/transparency"))
    crawl.get_all(downloads)

    # sitemap.xml and every URL it lists.
    crawl.get("/sitemap.xml")
    listed = sorted({local(u) for u in LOC.findall(crawl.bodies["/sitemap.xml"])} - {None})
    crawl.get_all(listed)

    # API v3: the page listing, each page type, and each page.
    crawl.get_all(["/api/v3/pages/", "/api/v3/openapi.json"])
    items, offset = [], 0
    while offset == len(items):  # every page of the listing (the API caps its limit)
        batch = json.loads(crawl.get(f"/api/v3/pages/?offset={offset}"))["items"]
        items, offset = items + batch, offset + (len(batch) or 1)
    types = {item["meta"]["type"] for item in items} | {
        f"{model._meta.app_label}.{model.__name__}" for model in get_page_models()}
    crawl.get_all([f"/api/v3/pages/?type={t}" for t in sorted(types)])
    crawl.get_all([f"/api/v3/pages/?type={t}&fields=*" for t in sorted(types)])
    crawl.get_all([f"/api/v3/pages/{item['id']}/" for item in items])

    crawl.get_all(open311_urls(demands))

    # Search: the page and the typing helper, for every hidden word. The search page echoes its own
    # query, so the word searched for is scanned through the results, the rest of the page as text.
    from wagtail.contrib.search_promotions.models import Query

    search_leaks = []
    for word in hidden_markers() + ["北门消防通道", "隔离桩"]:
        for url in (f"/search/?q={word}", f"/en/search/?q={word}&type=demand"):
            Query.objects.all().delete()  # "popular searches" would echo this test's earlier queries
            response = client.get(url)
            assert response.status_code == 200, url
            outcome = response.context["outcome"]
            hits = [hit.url for hit in outcome.page.object_list] if outcome.page else []
            search_leaks += [(url, h) for h in hits if any(n in h for n in hidden_numbers(demands))]
            body = readable(response).replace(word.lower(), "")
            search_leaks += [(url, v) for v in leaks_in(body, crawl.forbidden)]
        crawl.get(f"/search/similar-demands/?title={word}")
    Query.objects.all().delete()
    crawl.leaks += search_leaks

    crawl.get_all(media_urls(demands))

    # Then every link to this site those pages offer (pagination, facets, heat-table cells, new pages), once.
    offered = set()
    for body in list(crawl.bodies.values()):
        if "<html" in body[:300].lower():
            offered |= {local(h) for h in HREF.findall(body)}
    crawl.get_all(sorted(u for u in offered - {None} if not u.startswith(NOT_PUBLIC_RECORD)
                         and "/demands/new/" not in u))
    return crawl


def hidden_numbers(demands):
    return {demands[tag].tracking_number for tag in HIDDEN}


def hidden_media(demands):
    return set(media_urls({tag: demands[tag] for tag in HIDDEN}))


@pytest.fixture
def neighbour(db):
    return UserFactory(username="neighbour")


# --- the tests ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("visitor", ["anonymous", "neighbour"])
def test_no_hidden_text_or_contact_detail_on_any_public_url(client, record, topic, department, other_department,
                                                             neighbour, visitor):
    if visitor == "neighbour":
        client.force_login(neighbour)
    crawl = crawl_public_record(client, record, topic, department, other_department)

    assert crawl.leaks == []
    numbers = [record[tag].tracking_number for tag in HIDDEN] + [UNKNOWN]
    not_found = hidden_media(record) | {f"/open311/v2/requests/{n}.{fmt}" for n in numbers for fmt in ("json", "xml")}
    assert crawl.failures(allowed_404=not_found) == {}
    assert {u: crawl.statuses[u] for u in not_found} == dict.fromkeys(not_found, 404)
    # The scan is not vacuous: the public record itself is there, in every outlet family.
    everything = "\n".join(crawl.bodies.values())
    assert "zqpublicopentitle" in crawl.bodies["/demands/"]
    assert "zqpublicansweredanswer" in crawl.bodies[record["answered"].get_absolute_url()]
    assert "zqpublicansweredattach" in everything  # its attachment, fetched without logging in
    assert record["answered"].tracking_number in crawl.bodies["/open311/v2/requests.xml"]
    assert len(crawl.seen) > 150


def test_a_hidden_demand_page_is_the_same_404_as_an_unknown_number(client, record, neighbour):
    def normalised(response, path, number):
        """Status and body with the requested path and number taken out (both pages name what was asked)."""
        body = CSRF_TOKEN.sub("", response.content.decode())  # a fresh mask on every response
        for form in (path, quote(path, safe=""), number, number.lower()):
            body = body.replace(form, "")
        return response.status_code, body

    for who in (None, neighbour):
        if who:
            client.force_login(who)
        for number in [record[tag].tracking_number for tag in ("rejected", "private")]:
            for prefix in ("", "/en"):
                for asked, unknown in ((number, UNKNOWN), (number.lower(), UNKNOWN.lower())):
                    path, unknown_path = f"{prefix}/demands/{asked}/", f"{prefix}/demands/{unknown}/"
                    hidden_page = normalised(client.get(path), path, asked)
                    assert hidden_page[0] == 404
                    assert hidden_page == normalised(client.get(unknown_path), unknown_path, unknown), path
            for fmt in ("json", "xml"):
                path, unknown_path = f"/open311/v2/requests/{number}.{fmt}", f"/open311/v2/requests/{UNKNOWN}.{fmt}"
                hidden_request = normalised(client.get(path), path, number)
                assert hidden_request[0] == 404
                assert hidden_request == normalised(client.get(unknown_path), unknown_path, UNKNOWN), path
        # A merged demand sends its follower to the public demand it was merged into, and says no more.
        merged, survivor = record["merged"].tracking_number, record["open"].tracking_number
        response = client.get(f"/demands/{merged}/")
        assert response.status_code == 302 and response["Location"] == f"/demands/{survivor}/"
        followed = readable(client.get(f"/demands/{merged}/", follow=True))
        assert leaks_in(followed, hidden_markers() + contact_markers(record)) == []


def _fetch(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else response.content
    return response.status_code, body, response


def test_hidden_photos_and_attachments_are_404_to_strangers_and_200_to_author_and_department(
        client, record, resident, neighbour, department_staff, other_department_staff, supervisor, moderator):
    private = record["private"]
    readers = {
        "rejected": [resident, supervisor],
        "merged": [resident, supervisor],
        "private": [resident, department_staff, supervisor],
    }
    strangers = [None, neighbour, other_department_staff, moderator]
    for tag, allowed in readers.items():
        urls = media_urls({tag: record[tag]})
        assert urls
        for who in strangers:
            client.logout()
            if who:
                client.force_login(who)
            for url in urls:
                status, body, _ = _fetch(client, url)
                assert status == 404, (tag, who, url)
                assert leaks_in(body.decode("utf-8", "replace").lower(), hidden_markers()) == []
        for who in allowed:
            client.force_login(who)
            for url in urls:
                status, body, response = _fetch(client, url)
                assert status == 200, (tag, who.username, url)
                assert "no-store" in response["Cache-Control"]
    attachment = private.answers.get().get_attachment_url()
    client.force_login(department_staff)
    status, body, response = _fetch(client, attachment)
    assert body.decode() == f"答复附件 {marker('private', 'attach')}"
    assert response["Content-Disposition"].startswith("attachment")


def test_the_public_attachment_and_photos_work_without_logging_in(client, record):
    answered = record["answered"]
    page = client.get(answered.get_absolute_url()).content.decode()
    answer = answered.answers.get()
    assert answer.get_attachment_url() in page
    status, body, response = _fetch(client, answer.get_attachment_url())
    assert status == 200 and body.decode() == "答复附件 zqpublicansweredattach"
    assert response["Content-Disposition"].startswith("attachment")
    for d in (record["open"], answered):
        for photo in d.photos.all():
            assert photo.get_absolute_url() in client.get(d.get_absolute_url()).content.decode()
            status, body, _ = _fetch(client, photo.get_absolute_url())
            assert status == 200 and body[:3] == b"\xff\xd8\xff"  # a JPEG


def test_hidden_files_are_in_private_storage_not_under_media(record, settings):
    for answer in DemandAnswer.objects.exclude(attachment=""):
        assert str(answer.attachment.path).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    for d in record.values():
        for photo in d.photos.all():
            assert str(photo.image.path).startswith(str(settings.PRIVATE_MEDIA_ROOT))


def _index_text(backend):
    """The terms that some live document of the index holds, and every stored value of a live document."""
    searcher = backend.store.searcher()
    reader = searcher.reader()
    terms = {(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)).lower()
             for field, raw in reader.all_terms() if reader.postings(field, raw).is_active()}
    stored = "\n".join(str(v) for doc in searcher.documents() for v in doc.values()).lower()
    return terms, stored


def test_the_search_index_holds_only_the_public_record(record):
    backend = get_search_backend()
    public = {record["open"].pk, record["answered"].pk}
    assert set(Demand.get_indexed_objects().values_list("pk", flat=True)) == public
    assert {d.pk for d in backend.search("北门消防通道", Demand)} == public
    assert [d.pk for d in backend.search("zqpublicansweredanswer", Demand)] == [record["answered"].pk]
    for word in hidden_markers():
        assert list(backend.search(word, Demand)) == [], word
        assert list(backend.search(word, Demand.objects.all())) == [], word
    terms, stored = _index_text(backend)
    for value in hidden_markers() + contact_markers(record):
        assert value.lower() not in terms and value.lower() not in stored, value


def test_a_public_demand_rejected_after_indexing_leaves_search(client, topic, grid, resident, moderator):
    backend = get_search_backend()
    demand = submit_demand(title="南门路灯不亮 zqlatetitlemk", description="南门三盏路灯一直不亮 zqlatetextmk。",
                           topic=topic, area=grid, author=resident, contact=contact_for("late"))
    assert [d.pk for d in backend.search("zqlatetitlemk", Demand)] == [demand.pk]
    assert demand.get_absolute_url() in client.get("/search/?q=zqlatetextmk").content.decode()

    demand.reject(by=moderator, reason="不属于受理范围")

    assert list(backend.search("zqlatetitlemk", Demand)) == []
    assert list(backend.search("zqlatetextmk", Demand)) == []
    outcome = client.get("/search/?q=zqlatetextmk").context["outcome"]
    assert outcome.type_counts.get("demand", 0) == 0
    assert demand.get_absolute_url() not in client.get("/search/?q=南门路灯").content.decode()
    assert client.get("/search/similar-demands/?title=南门路灯不亮").json() == []
    _terms, stored = _index_text(backend)
    assert "zqlatetitlemk" not in stored


def test_hot_terms_forget_a_demand_hidden_after_it_was_counted(client, topic, grid, moderator):
    from engagement.insights.hot_terms import run_hot_terms

    demand = submit_demand(title="南门路灯不亮 zqcountedmk", description="南门三盏路灯一直不亮 zqcountedmk。",
                           topic=topic, area=grid, contact=contact_for("late"))
    run_hot_terms()
    cache.clear()
    assert "zqcountedmk" in client.get("/insights/").content.decode()  # public: its words may be hot

    demand.reject(by=moderator, reason="不属于受理范围")
    run_hot_terms()
    cache.clear()
    assert "zqcountedmk" not in client.get("/insights/").content.decode()
