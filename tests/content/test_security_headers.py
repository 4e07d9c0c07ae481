"""Every page type and every app's public URL family answers with the security headers.

CSP (gongzhi/csp.py, settings/base.py), nosniff, Referrer-Policy and no framing on every response;
HSTS with the production settings (HTTPS only, so it is tested with their values over a secure
request); documents always as attachments. The browser side of the CSP is tests/e2e/test_csp.py.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from tests.demands.factories import make_demand
from tests.factories import ArticlePageFactory, PolicyPageFactory
from tests.polls.factories import PollFactory

REPO = Path(__file__).resolve().parents[2]
SECURITY_SETTINGS = [
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "WAGTAILDOCS_SERVE_METHOD", "WAGTAILDOCS_INLINE_CONTENT_TYPES",
]


def directives(response, header="Content-Security-Policy"):
    policy = response[header]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def site(home, news_section, policy_section, department, topic, grid, moderator):
    article = ArticlePageFactory(parent=news_section, slug="parking", area=grid)
    policy = PolicyPageFactory(parent=policy_section, slug="waste", issuing_department=department)
    demand = make_demand(topic, area=grid).forward(to=department, by=moderator)
    poll = PollFactory()
    return {"home": home, "section": news_section, "article": article, "policy": policy, "demand": demand,
            "poll": poll, "department": department, "topic": topic, "grid": grid}


def public_urls(site):
    demand = site["demand"]
    return [
        "/", site["section"].url, site["article"].url, site["policy"].url, "/en/",
        "/demands/", demand.get_absolute_url(), "/departments/", f"/departments/{site['department'].slug}/",
        f"/topics/{site['topic'].slug}/", f"/areas/{site['grid'].slug}/",
        "/transparency/", "/transparency/data.json", "/insights/", "/polls/", f"/polls/{site['poll'].pk}/",
        "/search/?q=%E5%81%9C%E8%BD%A6", "/accounts/login/", "/accounts/signup/",
        "/feeds/rss/", "/sitemap.xml",
        "/open311/v2/services.json", f"/open311/v2/requests/{demand.tracking_number}.json",
        "/api/v3/pages/", "/admin/login/",
    ]


#: May answer with a redirect (the admin's login may hand over to the site's login, /accounts/login/).
REDIRECTS = {"/admin/login/"}


def assert_secure_headers(response, url):
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Frame-Options"] == "DENY", url
    csp = directives(response)
    assert csp["default-src"] == ["'self'"], url
    assert csp["script-src"] == ["'self'"], url  # no 'unsafe-inline', no 'unsafe-eval', anywhere
    # The Wagtail admin's bundled libraries write inline styles: allowed there only.
    assert csp["style-src"] == (["'self'", "'unsafe-inline'"] if url.startswith("/admin/") else ["'self'"]), url
    assert csp["img-src"] == ["'self'", "data:"], url
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"], url
    assert csp["form-action"] == ["'self'"] and csp["frame-ancestors"] == ["'none'"], url


def test_every_public_url_family_carries_the_security_headers(client, site):
    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code == 200 or (url in REDIRECTS and response.status_code == 302), url
        assert_secure_headers(response, url)


def test_a_resident_and_staff_get_the_same_policy(client, site, resident, editor):
    client.force_login(resident)
    for url in ["/demands/new/", "/accounts/profile/", site["article"].url]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_secure_headers(response, url)
    client.force_login(editor)
    response = client.get(site["article"].url)  # with Wagtail's user bar
    assert_secure_headers(response, site["article"].url)


def test_the_admin_adds_inline_styles_only_never_inline_scripts(client, site, editor):
    client.force_login(editor)
    for url in ["/admin/", f"/admin/pages/{site['article'].pk}/edit/", "/admin/images/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = directives(response)
        assert csp["script-src"] == ["'self'"], url
        assert csp["style-src"] == ["'self'", "'unsafe-inline'"], url
        assert csp["script-src-attr"][0] == "'unsafe-hashes'" and len(csp["script-src-attr"]) == 2, url
        assert csp["frame-ancestors"] == ["'none'"], url
        assert "<script>" not in response.content.decode(), url  # Wagtail's initialisers are inert JSON


def test_only_the_preview_may_be_framed_and_only_by_the_site_itself(client, site, editor):
    client.force_login(editor)
    response = client.get(f"/admin/pages/{site['article'].pk}/edit/preview/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == ["'self'"]


def test_errors_and_not_found_carry_the_headers_too(client, db, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_secure_headers(response, "/no-such-page/")


@pytest.mark.parametrize("name, content_type", [("notice.pdf", "application/pdf"), ("table.csv", "text/csv"),
                                                ("page.txt", "text/plain")])
def test_documents_are_attachments_with_nosniff_and_no_active_content(client, db, name, content_type):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title=name, file=ContentFile(b"%PDF-1.4\n<html><script>alert(1)</script>", name=name))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment"), response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"  # Wagtail's, kept by our middleware
    assert response["Content-Type"].startswith(content_type)


def test_report_only_mode_sends_the_same_policy_without_enforcing_it(client, db, home):
    from django.conf import settings

    policy = settings.CONTENT_SECURITY_POLICY
    with override_settings(CONTENT_SECURITY_POLICY=None, CONTENT_SECURITY_POLICY_REPORT_ONLY=policy):
        response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert directives(response, "Content-Security-Policy-Report-Only")["script-src"] == ["'self'"]


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The security settings of gongzhi.settings.production, imported with a production environment."""
    tmp = tmp_path_factory.mktemp("production")
    code = ("import json; from django.conf import settings; "
            f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}))")
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp),
        "DJANGO_SETTINGS_MODULE": "gongzhi.settings.production", "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "gongzhi.example.org", "DATABASE_URL": f"sqlite:///{tmp / 'prod.sqlite3'}",
        "GONGZHI_VAR_DIR": str(tmp), "PYTHONPATH": str(REPO / "site") + os.pathsep + str(REPO),
    }
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], cwd=REPO,
                            env=environment, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_turn_on_hsts_https_and_secure_cookies(production):
    assert production["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and production["SECURE_HSTS_PRELOAD"]
    assert production["SECURE_SSL_REDIRECT"] and production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] and production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["WAGTAILDOCS_SERVE_METHOD"] == "serve_view" and production["WAGTAILDOCS_INLINE_CONTENT_TYPES"] == []


def test_with_the_production_values_every_https_response_carries_hsts(client, site, production):
    values = {name: production[name] for name in SECURITY_SETTINGS if name.startswith("SECURE_")}
    with override_settings(**values):
        for url in public_urls(site):
            response = client.get(url, secure=True)
            assert response.status_code == 200 or (url in REDIRECTS and response.status_code == 302), url
            assert response["Strict-Transport-Security"] == (
                f"max-age={production['SECURE_HSTS_SECONDS']}; includeSubDomains; preload"), url
            assert_secure_headers(response, url)
        # Plain HTTP is redirected to HTTPS (SECURE_SSL_REDIRECT), never served.
        response = client.get("/")
        assert response.status_code == 301 and response["Location"].startswith("https://")
