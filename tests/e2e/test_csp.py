"""The Content-Security-Policy holds in a real browser: no page of the site or of the admin trips it.

Chromium reports each blocked script, style, image, frame or form target as a ``securitypolicyviolation``
event (and a console error); the watcher below records both, and page errors, for every page it opens.
Anything recorded fails the test, named with the page and the blocked source.
"""

import re

import pytest

pytestmark = pytest.mark.e2e

LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__gongzhiCspViolation({
    directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
    line: e.lineNumber, sample: e.sample, disposition: e.disposition,
  });
}, true);
"""


#: Console errors that are no policy matter: no favicon; Wagtail's TableBlock hands Handsontable the
#: Django language code "zh-hans", which it does not know (it falls back to English).
NOT_POLICY = ("/favicon.ico", "docs.handsontable.com/i18n/missing-language-code")


class Watch:
    """Records CSP violations, console errors and uncaught page errors of one browser context."""

    def __init__(self, context):
        self.problems = []
        self.url = ""
        context.expose_binding("__gongzhiCspViolation", lambda source, v: self.problems.append(
            (self.url, "csp", f"{v['directive']} blocked {v['blocked'] or 'inline'} "
                              f"({v['source']}:{v['line']} {v['sample']!r})")))
        context.add_init_script(LISTEN)

    def attach(self, page):
        page.on("console", self.console)
        page.on("pageerror", lambda e: self.problems.append((self.url, "pageerror", str(e))))
        return page

    def console(self, message):
        source = message.location.get("url", "")
        if message.type != "error" or any(noise in f"{message.text} {source}" for noise in NOT_POLICY):
            return
        self.problems.append((self.url, "console", f"{message.text} ({source})"))

    def visit(self, page, url, expect=200):
        self.url = url
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        assert response is not None and response.status == expect, (url, response and response.status)
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()} or \
            "content-security-policy" in response.headers, url
        return response

    def report(self):
        return "\n".join(f"{url}: [{kind}] {text}" for url, kind, text in self.problems)


@pytest.fixture
def watched(browser, live_server):
    """``watched()`` -> (page, watch): a fresh context whose every page is watched."""
    contexts = []

    def open_page():
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                      base_url=live_server.url)
        context.set_default_timeout(15000)
        contexts.append(context)
        watch = Watch(context)
        return watch.attach(context.new_page()), watch

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def public_demand(seeded_site):
    from tests.demands.factories import make_demand

    demand = make_demand(seeded_site.topic, author=seeded_site.resident, area=seeded_site.grid,
                         title="北门消防通道被占用")
    return demand.forward(to=seeded_site.department, by=seeded_site.moderator)


def test_public_pages_raise_no_csp_violation(watched, live_url, seeded_site, public_demand):
    page, watch = watched()
    urls = [
        "/", seeded_site.lead.url, seeded_site.policy.url, seeded_site.news.url,
        public_demand.get_absolute_url(), "/demands/", "/departments/", "/transparency/",
        "/search/?q=%E5%81%9C%E8%BD%A6", "/accounts/login/", "/en/",
    ]
    for url in urls:
        watch.visit(page, live_url(url))
    assert not watch.problems, watch.report()


def test_a_resident_writing_raises_no_csp_violation(watched, live_url, login, seeded_site):
    page, watch = watched()
    login(page, seeded_site.resident)
    for url in [seeded_site.lead.url, seeded_site.policy.url, "/accounts/profile/", "/demands/new/"]:
        watch.visit(page, live_url(url))
    # similar-demands.js runs from its file: typing a title asks the server (connect-src 'self').
    page.fill("input[name=title]", "北门消防通道被占用")
    page.wait_for_load_state("networkidle")
    assert not watch.problems, watch.report()


def test_the_admin_raises_no_csp_violation(watched, live_url, login, seeded_site, department_staff, supervisor,
                                           public_demand):
    from tests.factories import UserFactory

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    article, policy = seeded_site.lead, seeded_site.policy
    visits = {
        seeded_site.editor: [
            "/admin/", f"/admin/pages/{article.pk}/edit/", f"/admin/pages/{policy.pk}/edit/",
            f"/admin/pages/{seeded_site.home.pk}/edit/", f"/admin/pages/{seeded_site.news.pk}/",
            "/admin/images/", "/admin/images/multiple/add/", f"/admin/images/{seeded_site.image.pk}/",
            "/admin/documents/", "/admin/documents/multiple/add/",
            f"/admin/pages/add/content/articlepage/{seeded_site.news.pk}/", "/admin/snippets/polls/poll/",
            "/admin/snippets/polls/poll/add/",
        ],
        # A staff member on the public site sees Wagtail's user bar.
        seeded_site.chief_editor: ["/admin/", f"/admin/pages/{article.pk}/edit/", "/admin/snippets/", article.url],
        seeded_site.moderator: [
            "/admin/", "/admin/comments/moderation/", "/admin/demands/triage/", "/admin/demands/new/",
        ],
        department_staff: [
            "/admin/", "/admin/demands/workspace/", f"/admin/demands/workspace/{public_demand.pk}/",
        ],
        supervisor: ["/admin/", "/admin/demands/workspace/", "/admin/demands/export/", "/admin/insights/",
                     "/admin/insights/duplicates/", "/admin/demands/extensions/", "/admin/policy-ratings/"],
        admin: ["/admin/", "/admin/users/", "/admin/groups/", "/admin/reports/site-history/"],
    }
    for user, urls in visits.items():
        page, watch = watched()
        login(page, user)
        for url in urls:
            watch.visit(page, live_url(url))
        assert not watch.problems, f"{user.username}:\n{watch.report()}"


def test_the_admin_login_and_a_preview_raise_no_csp_violation(watched, live_url, login, seeded_site):
    page, watch = watched()
    watch.visit(page, live_url("/admin/login/"))
    login(page, seeded_site.editor)
    watch.visit(page, live_url(f"/admin/pages/{seeded_site.lead.pk}/edit/"))
    # The live preview frames the page from the same origin: frame-ancestors 'self' for that view only.
    preview = page.goto(live_url(f"/admin/pages/{seeded_site.lead.pk}/edit/preview/"))
    assert "frame-ancestors 'self'" in preview.headers["content-security-policy"]
    assert re.search(r"frame-ancestors 'none'", page.goto(live_url("/")).headers["content-security-policy"])
    assert not watch.problems, watch.report()


def test_admin_widgets_still_start_without_inline_scripts(watched, live_url, login, seeded_site):
    """Choosers, date pickers and inline panels start from inert data (gongzhi/admin_scripts.py and
    static/js/admin-init.js): they work, and nothing trips the policy."""
    page, watch = watched()
    login(page, seeded_site.editor)

    # An inline panel adds a form from its template; the page chooser in the new form opens its modal.
    watch.visit(page, live_url(f"/admin/pages/{seeded_site.home.pk}/edit/"))
    assert page.locator("script[data-gongzhi-init]").count() > 0
    assert page.locator("script:not([src]):not([type='application/json']):not([type='application/ld+json'])").count() == 0
    children = "[id^='inline_child_lead_stories-']:not([id*='-panel'])"
    forms_before = page.locator(children).count()
    page.locator("#id_lead_stories-ADD").click()
    page.wait_for_function("([css, n]) => document.querySelectorAll(css).length > n", arg=[children, forms_before])
    # The page chooser of the new form (started by admin-init.js when the form was inserted) opens its modal.
    page.locator(f"#id_lead_stories-{forms_before}-story-chooser [data-chooser-action-choose]").click()
    page.locator(".modal-content .modal-body, .modal .modal-body").first.wait_for()

    # A date picker opens on the policy's issue date.
    watch.visit(page, live_url(f"/admin/pages/{seeded_site.policy.pk}/edit/"))
    page.locator("#id_issued_on").click()
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for()
    assert not watch.problems, watch.report()
