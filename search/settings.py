"""Settings helpers (imported by gongzhi.settings.base, so: no Django imports here).

``SEARCH_URL`` set → Wagtail's own Elasticsearch/OpenSearch backend, with a CJK analyzer as the
index's default analyzer (Elasticsearch's standard tokenizer makes one token per Han character).
"""

from urllib.parse import urlsplit, urlunsplit

ENGINES = {
    "elasticsearch": "wagtail.search.backends.elasticsearch8",
    "elasticsearch7": "wagtail.search.backends.elasticsearch7",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch": "wagtail.search.backends.opensearch2",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}

# Built into Elasticsearch and OpenSearch: overlapping CJK bigrams + lower-casing (no plugin needed).
# With the analysis-smartcn or analysis-icu plugin installed, swap "cjk" for "smartcn" /
# {"type": "custom", "tokenizer": "icu_tokenizer", "filter": ["cjk_bigram", "lowercase"]}.
CJK_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "default": {"type": "cjk"},
                "default_search": {"type": "cjk"},
            }
        }
    }
}


def cluster_backend(url, engine=""):
    """The WAGTAILSEARCH_BACKENDS entry for a cluster at ``url``.

    The engine comes from ``engine`` (SEARCH_ENGINE) or the URL's scheme:
    ``opensearch://host:9200`` / ``opensearchs://`` → OpenSearch over http/https,
    ``http(s)://`` → Elasticsearch 8.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if not engine:
        engine = "opensearch" if scheme.startswith("opensearch") else "elasticsearch"
    if scheme in ("opensearch", "elasticsearch", "es"):
        parts = parts._replace(scheme="http")
    elif scheme in ("opensearchs", "elasticsearchs", "ess"):
        parts = parts._replace(scheme="https")
    try:
        backend = ENGINES[engine.lower()]
    except KeyError:
        raise ValueError(f"SEARCH_ENGINE must be one of {sorted(ENGINES)}, not {engine!r}") from None
    return {
        "BACKEND": backend,
        "URLS": [urlunsplit(parts)],
        "INDEX_PREFIX": "gongzhi_",
        "TIMEOUT": 10,
        "INDEX_SETTINGS": CJK_INDEX_SETTINGS,
    }
