"""SEARCH_URL switches to Wagtail's Elasticsearch/OpenSearch backend with a CJK analyzer."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, os, sys
sys.path[:0] = [{root!r}, {site!r}]
import importlib
s = importlib.import_module("gongzhi.settings.base")
print(json.dumps(s.WAGTAILSEARCH_BACKENDS["default"], default=str))
"""


def settings_with(**env):
    full = {k: v for k, v in os.environ.items() if k not in ("SEARCH_URL", "SEARCH_ENGINE")}
    full.update(env)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(root=str(ROOT), site=str(ROOT / "site"))],
        env=full, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


pytestmark = pytest.mark.django_db


def test_default_is_the_whoosh_backend():
    conf = settings_with()
    assert conf["BACKEND"] == "search.backend"
    assert conf["PATH"].endswith("search-index")


def test_search_url_switches_to_elasticsearch_with_cjk_analysis():
    conf = settings_with(SEARCH_URL="http://es:9200")
    assert conf["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert conf["URLS"] == ["http://es:9200"]
    analysis = conf["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]
    assert analysis["default"]["type"] == "cjk"


def test_opensearch_by_scheme_or_engine():
    conf = settings_with(SEARCH_URL="opensearchs://search.internal:9200")
    assert conf["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert conf["URLS"] == ["https://search.internal:9200"]
    conf = settings_with(SEARCH_URL="https://os:9200", SEARCH_ENGINE="opensearch3")
    assert conf["BACKEND"] == "wagtail.search.backends.opensearch3"


def test_backend_paths_exist():
    import importlib

    for module in ("wagtail.search.backends.elasticsearch8", "wagtail.search.backends.opensearch2"):
        assert importlib.util.find_spec(module) is not None
