"""Screenshots of every public page type at a phone's and a desktop's width (`make screenshots`).

Drives Debian's chromium (Playwright, never a downloaded browser) against a running site
(`--base`, default http://127.0.0.1:8000, e.g. `make run`), after `seed_demo`. The URLs of the
page types are read from the same database the site serves, so run it with the site's settings
and GONGZHI_VAR_DIR. Writes docs/screenshots/<page>-<width>[-en].png (full page) and prints one
line per file.

    python docs/screenshots.py [--serve PORT | --base URL] [--out DIR] [--widths 390,1366] [--lang zh,en]
                               [--only home,article]

``--serve PORT`` starts ``manage.py runserver`` on 127.0.0.1:PORT for the run and stops it after
(what ``make screenshots`` does).
"""

import argparse
import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings.dev")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = os.environ.get("GONGZHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
#: Page types that need a logged-in resident.
AS_RESIDENT = {"profile", "demand-form"}
RESIDENT_EMAIL = "resident@example.com"


def page_paths():
    """{page type: path} for every public page type, from the seeded database."""
    import django

    django.setup()
    from django.urls import reverse
    from wagtail.models import Page

    from content.models import Area, ArticlePage, Department, HomePage, PolicyPage, SectionPage, Topic
    from engagement.demands.models import Demand

    home = HomePage.objects.live().first()
    section = SectionPage.objects.live().child_of(home).first() if home else None
    article = ArticlePage.objects.live().filter(hero_image__isnull=False).order_by("-first_published_at").first()
    paths = {
        "home": "/",
        "section": section and section.url,
        "article": article and article.url,
        "policy": (PolicyPage.objects.live().order_by("-first_published_at").first() or Page()).url,
        "demand-list": reverse("demands:list"),
        "demand-detail": None,
        "demand-form": reverse("demands:new"),
        "search": reverse("search:search") + "?q=%E5%81%9C%E8%BD%A6",
        "transparency": reverse("insights:transparency"),
        "insights": reverse("insights:insights"),
        "department": None,
        "topic": None,
        "area": None,
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
        "profile": reverse("resident_profile"),
    }
    demand = Demand.objects.publicly_readable().filter(answers__isnull=False).order_by("-pk").first()
    if demand:
        paths["demand-detail"] = reverse("demands:detail", args=[demand.tracking_number])
    department = Department.objects.order_by("pk").first()
    if department:
        paths["department"] = reverse("content:department", args=[department.slug])
    topic = Topic.objects.order_by("pk").first()
    if topic:
        paths["topic"] = reverse("content:topic", args=[topic.slug])
    area = Area.objects.filter(depth__gte=3).order_by("path").first() if hasattr(Area, "depth") else Area.objects.first()
    if area:
        paths["area"] = reverse("content:area", args=[area.slug])
    return {name: path for name, path in paths.items() if path}


def resident_cookie():
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.filter(email=RESIDENT_EMAIL).first()
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


@contextlib.contextmanager
def served(port):
    """A dev server on 127.0.0.1:port for the duration (the same settings and GONGZHI_VAR_DIR)."""
    server = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except OSError:
                time.sleep(.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--serve", type=int, default=0, help="start a dev server on this port for the run")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--widths", default="390,1366")
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    paths = page_paths()
    if args.only:
        paths = {k: v for k, v in paths.items() if k in args.only.split(",")}
    cookie = resident_cookie()
    with served(args.serve) if args.serve else contextlib.nullcontext(args.base) as base:
        shoot(base, paths, cookie, out, args)


def shoot(base, paths, cookie, out, args):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for width in (int(w) for w in args.widths.split(",")):
            for lang in args.lang.split(","):
                for logged_in in (False, True):
                    context = browser.new_context(
                        viewport={"width": width, "height": 900}, locale="zh-CN" if lang == "zh" else "en-US",
                        base_url=base,
                    )
                    if logged_in and cookie:
                        context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": base}])
                    tab = context.new_page()
                    for name, path in paths.items():
                        if (name in AS_RESIDENT) != logged_in:
                            continue
                        url = path if lang == "zh" else "/en" + path
                        response = tab.goto(url, wait_until="load")
                        target = out / f"{name}-{width}{'' if lang == 'zh' else '-' + lang}.png"
                        tab.screenshot(path=str(target), full_page=True)
                        print(f"{response.status if response else '-'} {url} -> {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
                    context.close()
        browser.close()


if __name__ == "__main__":
    main()
