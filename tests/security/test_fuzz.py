"""No 5xx on any input: every public form and endpoint, driven with generated input (hypothesis).

Each test draws, for every parameter of one form or endpoint, a valid value, a hostile one (NUL, huge
numbers, non-finite floats, over-long text, dates out of range, markup…), random text, several values
or nothing, and asserts:

- the answer is never a 5xx (the test client re-raises a view's exception, so a crash fails the test
  with its traceback and hypothesis's smallest failing input);
- refused input changed nothing: when the answer is a 4xx, an error message, or a form shown again
  with errors, no row was added or removed (demands, contacts, comments, ballots, ratings, accounts,
  outgoing mail…); and a GET never writes any of them.

`pytest --hypothesis-show-statistics` shows, per test, how many answers were refused or accepted and
which wrote rows: the valid values mixed in make sure some requests get past the first check.

Bounded and reproducible: max_examples ~50 per endpoint, derandomize=True (the same inputs on every
run and machine), no example database, no deadline (the first request of a test warms caches).
Runs on SQLite and PostgreSQL like the rest of the suite; PostgreSQL is the stricter (NUL, integer
ranges), which is why both matter.
"""

import json
import random
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.messages import constants as message_levels
from django.core.cache import cache
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from engagement.demands.models import Open311Client
from tests.comments.factories import make_resident
from tests.demands.factories import make_demand
from tests.factories import ArticlePageFactory, PolicyPageFactory
from tests.polls.factories import PollFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What breaks naive code: NUL (PostgreSQL refuses it in text), numbers past every integer type, floats
# that are not finite, text past every max_length, dates before year 1000 or after 9999, lookalikes.
HOSTILE = [
    "", " ", "\x00", "a\x00b", "\x00" * 3, "-1", "0", "1", "2147483648", "9223372036854775808", "9" * 40,
    "-9" * 20, "1e309", "nan", "inf", "-inf", "1.5", "1_000", "0x10", "abc", "true", "null", "[]", "{}",
    "<script>alert(1)</script>", "' OR '1'='1", "%00", "../../etc/passwd", "１２", "٣", "𝕏", "\u202e", "\ufeff",
    "\r\n", "\t", "x" * 301, "长" * 2001, "y" * 5001, "0001-01-01", "9999-12-31T23:59:59Z", "2024-02-30",
    "2024-01-01T00:00:00+99:00", "99999-01-01", "root", "a@b", "a" * 250 + "@example.cn",
]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)  # no lone surrogates: not encodable


def value(valid=()):
    options = [st.sampled_from(HOSTILE), TEXT]
    if valid:
        options.insert(0, st.sampled_from(list(valid)))
    return st.one_of(*options)


def params(data, fields):
    """Draw a query or form. Half the time every field is valid but for up to three, each of which is
    omitted, hostile or given twice (so each check is reached with the others passing); else every
    field is drawn on its own (omitted, one value or two, valid or hostile)."""
    names = list(fields)
    if data.draw(st.booleans(), label="mostly valid?"):
        out = {name: valid[0] for name, valid in fields.items() if valid}
        for name in data.draw(st.sets(st.sampled_from(names), max_size=3), label="changed"):
            how = data.draw(st.sampled_from(["omit", "one", "two"]), label=f"{name}?")
            out.pop(name, None)
            if how == "one":
                out[name] = data.draw(value(fields[name]), label=name)
            elif how == "two":
                out[name] = [data.draw(value(fields[name]), label=name), data.draw(value(fields[name]), label=name)]
        return out
    out = {}
    for name, valid in fields.items():
        how = data.draw(st.sampled_from(["omit", "one", "one", "one", "two"]), label=f"{name}?")
        if how == "one":
            out[name] = data.draw(value(valid), label=name)
        elif how == "two":
            out[name] = [data.draw(value(valid), label=name), data.draw(value(valid), label=name)]
    return out


COUNTED = ["demands.Demand", "demands.DemandContact", "demands.DemandEvent", "demands.DemandRating",
           "demands.DemandSupport", "django_comments_xtd.XtdComment", "polls.Ballot", "polls.BallotChoice",
           "ratings.PolicyRating", "notifications.Notification", "residents.ResidentProfile"]


def counts():
    rows = {label: apps.get_model(label).objects.count() for label in COUNTED}
    rows["user"] = get_user_model().objects.count()
    return rows


def refused(response):
    """A 4xx, an error message queued for the next page, or a form shown again with its errors."""
    if response.status_code >= 400:
        return True
    storage = getattr(response.wsgi_request, "_messages", None)
    if storage is not None and any(m.level >= message_levels.ERROR for m in getattr(storage, "_queued_messages", [])):
        return True
    for context in response.context or []:
        for key in ("form",):
            form = context.get(key) if hasattr(context, "get") else None
            if form is not None and getattr(form, "errors", None):
                return True
    return False


def send(client, method, url, data, *, writes=True, content_type=None):
    cache.clear()  # rate limits would turn most examples into 429s
    # Hypothesis seeds the global `random` alike for every example; Whoosh names its new segments with it,
    # so two examples' commits would pick the same name and the second fail (leaving the index locked).
    # Our inputs come from hypothesis's own generator: re-seeding `random` keeps them reproducible.
    random.seed()
    before = counts()
    extra = {} if content_type is None else {"content_type": content_type}
    response = getattr(client, method)(url, data, **extra)
    after = counts()
    assert response.status_code < 500, (method, url, data, response.status_code)
    was_refused = refused(response)
    event(f"{response.status_code} {'refused' if was_refused else 'accepted'}{' (wrote)' if after != before else ''}")
    if not writes or was_refused:
        assert after == before, (method, url, data, response.status_code)
    return response


# --- the world the requests land in ---------------------------------------------------------------------
@pytest.fixture
def fuzzer(db):
    return make_resident("fuzzer", display_name="测试居民")


@pytest.fixture
def world(home, news_section, policy_section, department, topic, grid, fuzzer, moderator, department_staff):
    article = ArticlePageFactory(parent=news_section, title="社区停车难问题有了新办法", slug="parking")
    policy = PolicyPageFactory(parent=policy_section, title="垃圾分类政策解读", slug="waste",
                               issuing_department=department)
    single = PollFactory(allow_anonymous=True)
    multiple = PollFactory(kind="multiple", choices=["甲", "乙", "丙"])
    demand = make_demand(topic, area=grid, author=fuzzer)  # answered: its author may rate it
    demand.forward(to=department, by=moderator).accept(by=department_staff).answer(
        text="已安排执法队员每晚巡查。", by=department_staff)
    return {"article": article, "policy": policy, "single": single, "multiple": multiple, "demand": demand,
            "topic": topic, "department": department, "grid": grid,
            "open311": Open311Client.objects.create(name="12345 热线")}


@pytest.fixture
def resident_client(client, fuzzer):
    client.force_login(fuzzer)
    return client


def _choice_ids(poll):
    return [str(pk) for pk in poll.choices.values_list("pk", flat=True)]


# --- public forms ---------------------------------------------------------------------------------------
@FUZZ
@given(data=st.data())
def test_demand_form(resident_client, world, data):
    fields = {
        "topic": [world["topic"].pk], "area": [world["grid"].pk], "kind": ["enquiry", "complaint"],
        "title": ["北门消防通道被占用"], "description": ["每天晚上七点以后，北门的消防通道被私家车占用。"],
        "is_public": ["1", "0"], "contact_name": ["王小明"], "contact_phone": ["13912345678"],
        "contact_email": ["wang@example.cn"], "contact_address": ["幸福里3号楼"], "privacy_consent": ["on"],
    }
    send(resident_client, "post", "/demands/new/", params(data, fields))


@FUZZ
@given(data=st.data())
def test_comment_post_as_a_resident(resident_client, world, data):
    page = world["article"]
    fields = {"comment": ["很好的办法，支持！"], "parent": [], "followup": ["on", "1"], "website": [""]}
    send(resident_client, "post", f"/comments/post/{page.pk}/", params(data, fields))


@FUZZ
@given(data=st.data())
def test_comment_post_anonymous_and_on_any_page_id(client, world, data):
    page_id = data.draw(st.sampled_from([str(world["article"].pk), str(world["policy"].pk), "99999",
                                         "2147483648", "9" * 25]), label="page_id")
    fields = {"comment": ["匿名评论"], "name": ["路人"], "email": ["lu@example.cn"], "parent": [], "website": [""]}
    send(client, "post", f"/comments/post/{page_id}/", params(data, fields))


@FUZZ
@given(data=st.data())
def test_poll_vote(resident_client, world, data):
    poll = data.draw(st.sampled_from([world["single"], world["multiple"]]), label="poll")
    fields = {"choice": _choice_ids(poll) + _choice_ids(world["single"]), "next": ["/polls/", "https://evil.example/"]}
    send(resident_client, "post", f"/polls/{poll.pk}/vote/", params(data, fields))
    if data.draw(st.booleans(), label="anonymous too"):
        resident_client.logout()
        send(resident_client, "post", f"/polls/{world['single'].pk}/vote/", params(data, fields))
        resident_client.force_login(world["demand"].author)


@FUZZ
@given(data=st.data())
def test_policy_rating_and_demand_rating(resident_client, world, data):
    if data.draw(st.booleans(), label="policy?"):
        fields = {"score": ["1", "3", "5"], "satisfaction": ["satisfied", "basically_satisfied", "dissatisfied"],
                  "reason": ["讲得很清楚"]}
        send(resident_client, "post", f"/ratings/policy/{world['policy'].pk}/", params(data, fields))
    else:
        fields = {"satisfaction": ["satisfied", "dissatisfied"], "resolved": ["yes", "no"], "comment": ["谢谢"]}
        number = data.draw(value([world["demand"].tracking_number]).filter(lambda s: "/" not in s and s.strip()),
                           label="tracking_number")
        send(resident_client, "post", f"/demands/{quote(number, safe='')}/rate/", params(data, fields))


@FUZZ
@given(data=st.data())
def test_signup(client, world, data):
    fields = {"email": ["new.resident@example.cn"], "password1": ["correct-horse-battery-9"],
              "password2": ["correct-horse-battery-9"], "display_name": ["新居民"], "area": [world["grid"].pk],
              "privacy_consent": ["on"]}
    send(client, "post", "/accounts/signup/", params(data, fields))
    client.logout()


@FUZZ
@given(data=st.data())
def test_profile(resident_client, world, data):
    fields = {"display_name": ["新名字"], "area": [world["grid"].pk], "notify_replies": ["on"]}
    send(resident_client, "post", "/accounts/profile/", params(data, fields))


# --- public GET endpoints: filters, search, pages by path ------------------------------------------------
@FUZZ
@given(data=st.data())
def test_demand_list_filters(client, world, data):
    fields = {"topic": [world["topic"].slug], "department": [world["department"].slug],
              "area": [world["grid"].slug], "status": ["submitted", "answered"], "page": ["1", "2", "last"]}
    send(client, "get", "/demands/", params(data, fields), writes=False)


@FUZZ
@given(data=st.data())
def test_search(client, world, data):
    fields = {"q": ["停车", "消防通道"], "type": ["demands", "pages"], "topic": [world["topic"].slug],
              "department": [world["department"].slug], "from": ["2024-01-01"], "to": ["2030-01-01"],
              "page": ["1", "2"]}
    send(client, "get", "/search/", params(data, fields), writes=False)


PATHS = ["/demands/{}/", "/demands/{}/photos/1/", "/demands/SQ2026000001/photos/{}/", "/topics/{}/",
         "/departments/{}/", "/areas/{}/", "/news/{}/", "/comments/confirm/{}/", "/polls/?page={}",
         "/departments/?period={}", "/open311/v2/requests/{}.json", "/open311/v2/services/{}.xml",
         "/api/v3/pages/{}/", "/en/demands/{}/"]


@FUZZ
@given(template=st.sampled_from(PATHS), segment=value([]).filter(lambda s: s.strip()))
def test_paths_with_hostile_segments(client, world, template, segment):
    send(client, "get", template.format(quote(segment, safe="")), {}, writes=False)


# --- Open311 ---------------------------------------------------------------------------------------------
@FUZZ
@given(data=st.data())
def test_open311_get_filters(client, world, data):
    fields = {"service_request_id": [world["demand"].tracking_number], "service_code": [world["topic"].slug],
              "start_date": ["2024-01-01", "2024-01-01T00:00:00+08:00"], "end_date": ["2030-01-01"],
              "status": ["open", "closed", "open,closed"], "jurisdiction_id": ["gongzhi"]}
    fmt = data.draw(st.sampled_from(["json", "xml"]), label="fmt")
    send(client, "get", f"/open311/v2/requests.{fmt}", params(data, fields), writes=False)


def georeport_errors(response, fmt):
    """The (code, description) pairs of GeoReport's error list; fails on anything else (HTML, a bare message…)."""
    if fmt == "xml":
        root = ET.fromstring(response.content)
        assert root.tag == "errors", response.content[:200]
        errors = [(e.findtext("code"), e.findtext("description")) for e in root.findall("error")]
    else:
        errors = [(str(e["code"]), e["description"]) for e in response.json()]
    assert errors and all(code == str(response.status_code) and description for code, description in errors), errors
    return errors


# How a client may encode a POST: GeoReport v2's two form encodings, or a body it does not accept.
ENCODINGS = {
    "multipart": lambda body: (body, None),
    "urlencoded": lambda body: (urlencode(body, doseq=True), "application/x-www-form-urlencoded"),
    "json": lambda body: (json.dumps(body, ensure_ascii=False), "application/json"),
    "text": lambda body: (urlencode(body, doseq=True), "text/plain"),
}


@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_open311_post(client, world, data):
    """Any body (hostile values, missing or repeated fields, unknown service codes, out-of-range or
    non-numeric coordinates, over-long text, another encoding) is a request created or a GeoReport
    error list with a 4xx, never an HTML page, and a refused one creates nothing."""
    fields = {"service_code": [world["topic"].slug, "no-such-service"], "description": ["北门消防通道被占用。"],
              "lat": ["39.9", "-90", "90"], "long": ["116.4", "180"], "address_string": ["幸福里北门"],
              "address_id": ["A-1"], "email": ["liu@example.cn"], "first_name": ["伟"], "last_name": ["刘"],
              "phone": ["13611112222"], "device_id": ["d1"], "account_id": ["1"], "media_url": ["https://x.cn/a.jpg"]}
    body = params(data, fields)
    key = data.draw(st.sampled_from(["valid"] * 4 + ["hostile", "omit"]), label="api_key?")  # mostly past the key
    if key != "omit":
        body["api_key"] = world["open311"].api_key if key == "valid" else data.draw(value([]), label="api_key")
    fmt = data.draw(st.sampled_from(["json", "xml"]), label="fmt")
    encoding = data.draw(st.sampled_from(["multipart"] * 3 + ["urlencoded"] * 3 + ["json", "text"]), label="encoding")
    payload, content_type = ENCODINGS[encoding](body)
    response = send(client, "post", f"/open311/v2/requests.{fmt}", payload, content_type=content_type)
    if response.status_code >= 400:
        assert response.status_code in (400, 403, 404, 413, 415, 429)
        georeport_errors(response, fmt)
    else:
        assert encoding in ("multipart", "urlencoded")
        created = response.json() if fmt == "json" else [{"service_request_id": ET.fromstring(response.content)
                                                          .findtext("request/service_request_id")}]
        assert created[0]["service_request_id"]


# --- Wagtail API v3 --------------------------------------------------------------------------------------
@FUZZ
@given(data=st.data())
def test_api_pages_query(client, world, data):
    fields = {"offset": ["0", "1", "20"], "limit": ["1", "20"], "type": ["content.ArticlePage", "content.PolicyPage"],
              "child_of": [str(world["article"].get_parent().pk), "root"], "descendant_of": ["root"],
              "ancestor_of": [str(world["article"].pk)], "translation_of": [str(world["article"].pk)],
              "locale": ["zh-hans", "en"], "site": ["localhost"], "order": ["title", "-id", "random"],
              "search": ["停车"], "search_operator": ["and", "or"], "title": ["社区停车难问题有了新办法"],
              "slug": ["parking"], "id": [str(world["article"].pk)], "show_in_menus": ["true", "false"],
              "first_published_at": ["2024-01-01T00:00:00Z"]}
    send(client, "get", "/api/v3/pages/", params(data, fields), writes=False)
    find = {"id": [str(world["article"].pk)], "html_path": ["/news/parking/"], "site": ["localhost"]}
    send(client, "get", "/api/v3/pages/find/", params(data, find), writes=False)



def test_a_site_that_is_not_a_host_is_refused_by_the_api(client, world):
    response = client.get("/api/v3/pages/find/", {"html_path": "/", "site": "9999-12-31T23:59:59Z"})
    assert response.status_code == 400 and "hostname" in response.json()["detail"]
