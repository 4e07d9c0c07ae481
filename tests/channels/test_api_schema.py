"""The API as an app developer meets it: a valid OpenAPI document that says what the API really does."""

import json
import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import OpenAPIV31SpecValidator

from tests.content.factories import make_article, make_policy

pytestmark = pytest.mark.django_db

PUBLIC_ADDRESS = "http://127.0.0.1:8000"


@pytest.fixture
def stories(news_section, policy_section, department, topic, story_image):
    article = make_article(news_section, title="共享停车", slug="shared", image=story_image, topics=[topic])
    policy = make_policy(policy_section, issuing_department=department)
    return article, policy


def test_openapi_document_validates_and_names_its_server(client, home):
    schema = client.get("/api/v3/openapi.json").json()
    errors = [e.message for e in OpenAPIV31SpecValidator(schema).iter_errors()]
    assert errors == []
    assert schema["servers"] == [{"url": PUBLIC_ADDRESS, "description": "the site's public address (SITE_URL)"}]


def test_every_operation_documents_its_error_statuses_and_the_limit_cap(client, home):
    schema = client.get("/api/v3/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert {"400", "401", "403", "404", "422"} <= set(operation["responses"]), (method, path)
    limit = next(p for p in schema["paths"]["/api/v3/pages/"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 20 and "20" in limit["description"]
    assert client.get("/api/v3/pages/", {"limit": 21}).status_code == 400


def test_fields_on_a_listing_is_refused_clearly(client, stories):
    response = client.get("/api/v3/pages/", {"fields": "*"})
    assert response.status_code == 400
    assert "detail_url" in response.json()["detail"]


def test_hero_image_carries_absolute_rendition_urls(client, stories):
    article, _policy = stories
    hero = client.get(f"/api/v3/pages/{article.pk}/").json()["hero_image"]
    assert hero["download_url"].startswith(PUBLIC_ADDRESS + "/media/original_images/")
    assert set(hero["renditions"]) == {"thumbnail", "medium", "large", "share"}
    for rendition in hero["renditions"].values():
        assert rendition["url"].startswith(PUBLIC_ADDRESS + "/media/images/") and rendition["width"] > 0
    image = client.get(f"/api/v3/images/{hero['id']}/").json()
    assert image["meta"]["download_url"].startswith(PUBLIC_ADDRESS + "/media/")


def test_api_docs_load_nothing_from_another_host(client, home):
    html = client.get("/api/v3/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


# --- schemathesis: every documented GET, checked against the document (all checks) -------------------

EXAMPLES_PER_OPERATION = 20


@pytest.fixture
def wsgi_app_in_test_transaction():
    """The site's WSGI app, without Django closing the database connection after each request (as
    the test client does): on PostgreSQL that would end the test's transaction mid-run."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_documented_read_answers_as_the_document_says(stories, wsgi_app_in_test_transaction):
    """A bounded schemathesis run (every check) over each documented GET, on the WSGI app in-process."""
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", wsgi_app_in_test_transaction).include(method="GET")
    failures, ran, calls = [], 0, []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            calls.append(operation.label)
            case.call_and_validate()  # every check, "schema-valid data is accepted" included

        ran += 1
        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collect every operation's failures
            failures.append(f"{operation.label}: {str(exc)[:800]}")
    assert ran >= 10 and len(calls) >= ran * 5
    assert failures == [], "\n\n".join(failures)


def test_an_id_that_names_no_page_is_a_404(client, stories):
    for name in ("ancestor_of", "child_of", "descendant_of", "translation_of"):
        response = client.get("/api/v3/pages/", {name: 99999})
        assert response.status_code == 404, name
        assert response["Content-Type"] == "application/problem+json"
        assert name in response.json()["detail"]


def test_child_of_with_descendant_of_lists_the_children_under_both(client, stories):
    article, _policy = stories
    section = article.get_parent()
    home_page = section.get_parent()

    def titles(**query):
        response = client.get("/api/v3/pages/", query)
        assert response.status_code == 200, response.content
        return {item["title"] for item in response.json()["items"]}

    assert titles(child_of=section.pk, descendant_of=home_page.pk) == titles(child_of=section.pk) != set()
    assert titles(child_of=section.pk, descendant_of=section.pk) == titles(child_of=section.pk)
    assert titles(child_of=home_page.pk, descendant_of=section.pk) == set()
    assert client.get("/api/v3/pages/", {"child_of": section.pk, "descendant_of": 99999}).status_code == 404


def test_a_random_order_is_a_sample_whatever_the_offset_or_search(client, stories):
    for query in ({"order": "random", "offset": 5}, {"order": "random", "search": "停车"},
                  {"order": "random", "search": "停车", "offset": 1}):
        for listing in ("pages", "images", "documents"):
            response = client.get(f"/api/v3/{listing}/", query)
            assert response.status_code == 200, (listing, query, response.content)


def test_the_document_lists_what_locale_site_and_order_accept(client, stories):
    schema = client.get("/api/v3/openapi.json").json()

    def parameter(path, name):
        return next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)

    assert parameter("/api/v3/pages/", "locale")["schema"]["anyOf"][0]["enum"] == ["zh-hans", "en"]
    assert parameter("/api/v3/pages/find/", "site")["schema"]["anyOf"][0]["pattern"].startswith("^")
    html_path = parameter("/api/v3/redirects/find/", "html_path")["schema"]["anyOf"][0]
    assert re.fullmatch(html_path["pattern"], "/news/停车/") and not re.search(html_path["pattern"], "a\x00b")
    assert client.get("/api/v3/redirects/find/", {"html_path": "a\x00b"}).status_code == 400
    for listing in ("pages", "images", "documents"):
        order = parameter(f"/api/v3/{listing}/", "order")
        fields = order["schema"]["anyOf"][1]["items"]["enum"]
        assert {"title", "-title", "id"} <= set(fields), listing
        for field in fields:  # each ordering works with a search too
            response = client.get(f"/api/v3/{listing}/", {"order": field, "search": "停车"})
            assert response.status_code == 200, (listing, field, response.content)
    assert client.get("/api/v3/images/", {"order": "nope"}).status_code == 422


@pytest.mark.parametrize("path", ["/api/v3/nope/", "/api/v3/pages/1/extra", "/api/v3/pages/?locale=xx",
                                  "/api/v3/pages/?locale=EN", "/api/v3/pages/abc/", "/api/v3/pages/?limit=abc",
                                  "/api/v3/pages/?first_published_at=2024-02-30", "/api/v3/pages/?id=abc",
                                  "/api/v3/pages/?show_in_menus=maybe", "/api/v3/pages/?type=nope.Nope",
                                  "/api/v3/openapi.xml", "/api/v3/pages.json", "/api/v2/pages/", "/api/",
                                  "/en/api/v3/pages/", "/en/api/v3/openapi.json",
                                  "/api/v3/pages/?" + "&".join(f"p{n}=1" for n in range(10_001))])
def test_bad_api_paths_and_parameters_get_problem_json_never_html(client, home, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith(("application/problem+json", "application/json"))
    assert response.json()["status"] == response.status_code
