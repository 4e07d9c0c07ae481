"""Every feed of a running site through the W3C Feed Validation Service's own code: errors and warnings.

The validator is not on PyPI: check it out beside the project (it is not part of Gongzhi and is never
committed here) and point this script at a served site, e.g. the demo of ``make run``:

    git clone https://github.com/w3c/feedvalidator ../feedvalidator
    make run &                                   # http://127.0.0.1:8000
    .venv/bin/python bench/feeds_w3c.py [--site http://127.0.0.1:8000] [--validator ../feedvalidator]

The feeds are found as a reader finds them: the ``<link rel="alternate">`` of the home pages and of every
page in the sitemap, plus each topic's and the consultations' feeds. It validates at the level of the
online service ("AA") and prints one line per feed, then the number failing; it exits 1 when any fails.
Without a validator or a site it says so and exits 0 (``make bench`` runs every script here).
"""

import argparse
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEED_LINK = re.compile(r'<link[^>]+type="application/(?:rss|atom)\+xml"[^>]*>')
HREF = re.compile(r'href="([^"]+)"')
LOC = re.compile(r"<loc>([^<]+)</loc>")
TOPIC = re.compile(r'href="(/(?:en/)?topics/[^/"]+/)"')


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8", "replace")


def feed_paths(site):
    pages = [site + "/", site + "/en/"] + LOC.findall(fetch(site + "/sitemap.xml"))
    paths = {"/consultations/feed/rss/", "/consultations/feed/atom/", "/feeds/atom/", "/en/feeds/atom/"}
    for url in pages:
        html = fetch(url)
        for link in FEED_LINK.findall(html):
            paths.update(HREF.findall(link))
        for topic in TOPIC.findall(html):
            slug = topic.rstrip("/").rsplit("/", 1)[-1]
            paths.update({f"/feeds/topics/{slug}/rss/", f"/feeds/topics/{slug}/atom/"})
    return sorted(path.removeprefix(site) for path in paths)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", default=os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/"))
    parser.add_argument("--validator", default=os.environ.get("FEEDVALIDATOR", str(ROOT.parent / "feedvalidator")))
    args = parser.parse_args()
    source = Path(args.validator) / "src"
    if not (source / "feedvalidator").is_dir():
        print(f"feeds_w3c: no W3C feed validator at {args.validator} (see this script's docstring); skipped")
        return 0
    try:
        paths = feed_paths(args.site)
    except (urllib.error.URLError, OSError) as error:
        print(f"feeds_w3c: no site at {args.site} ({error}); skipped")
        return 0
    sys.path.insert(0, str(source))
    import feedvalidator
    from feedvalidator import compatibility
    from feedvalidator.formatter.text_plain import Formatter

    failing = 0
    for path in paths:
        with urllib.request.urlopen(args.site + path, timeout=30) as response:
            try:
                events = feedvalidator.validateStream(response, firstOccurrenceOnly=1, base=args.site + path)["loggedEvents"]
            except feedvalidator.logging.ValidationFailure as failure:
                events = [failure.event]
        problems = Formatter(compatibility.AA(events))
        failing += bool(problems)
        print(f"{path:48} {'FAIL' if problems else 'valid'}")
        for line in problems:
            print("    " + line)
    print(f"{len(paths)} feeds, {failing} with errors or warnings (W3C validator, level AA)")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
