"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

SITE_DIR = Path(__file__).resolve().parent.parent.parent  # .../site
BASE_DIR = SITE_DIR.parent  # repository root
VAR_DIR = Path(os.environ.get("GONGZHI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
# The one public address: every absolute URL the site hands out (feeds, sitemap, canonical, Open Graph,
# JSON-LD, API, Open311, emails) is built on it (content/site.py); `make run PORT=…` sets it.
SITE_URL = os.environ.get("SITE_URL", os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")
# Feed entry ids are tag URIs under this authority (RFC 4151): they never change when SITE_URL does.
GONGZHI_TAG_AUTHORITY = os.environ.get("GONGZHI_TAG_AUTHORITY", "gongzhi.local,2026")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
if (_public_host := SITE_URL.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]) not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_public_host)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Gongzhi
    "content",
    "engagement.residents",
    "engagement.comments",
    "engagement.polls",
    "engagement.ratings",
    "engagement.demands",
    "engagement.consultations",
    "engagement.insights",
    "engagement.notifications",
    "search",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.routable_page",
    # Translating pages (the English edition): wagtail-localize's editor, and its locale management
    # (it replaces wagtail.locales). Needs WAGTAIL_I18N_ENABLED; Locale rows: content/migrations/0006.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v3",
    "ninja",  # the API's Swagger UI from its own static files, not a CDN (/api/v3/docs/)
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # Comments and accounts
    "django_comments_xtd",
    "django_comments",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Last, so that its post_migrate (role sync) sees every permission.
    "gongzhi",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongzhi.csp.CSPMiddleware",  # first to see the response last: the CSP header (below)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongzhi.page_cache.PageCacheMiddleware",  # embedded page cache: answers anonymous GETs (below)
    "gongzhi.caching.CacheHeadersMiddleware",  # public / private Cache-Control, above session, locale, CSRF
    "gongzhi.edge.RefuseNulMiddleware",  # a NUL (%00) in the address: 400 (PostgreSQL cannot hold it)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "content.sitewide.SitewideMiddleware",  # the request's Site and SiteIdentity from the cache
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "engagement.residents.mfa.StaffLoginMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into residents/locked_out.html (429)
]

ROOT_URLCONF = "gongzhi.urls"
WSGI_APPLICATION = "gongzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "content.context_processors.navigation",
            ],
        },
    },
]
# Every {{ form }} on the site renders its fields through one template (labels without colons).
FORM_RENDERER = "gongzhi.forms.SiteFormRenderer"

# --- Database: SQLite under var/ unless DATABASE_URL says otherwise -------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'gongzhi.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one request writes; the timeout waits out a short write lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set, local memory otherwise ------------------------------
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "gongzhi.redis_cache.RedisCache",  # Django's, one client per pool
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gongzhi",
        },
        "renditions": {
            "BACKEND": "gongzhi.redis_cache.RedisCache",  # Django's, one client per pool
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gongzhi-renditions",
            "TIMEOUT": 60 * 60 * 24 * 7,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongzhi"},
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gongzhi-renditions",
            "TIMEOUT": 60 * 60 * 24,
        },
    }

# --- Page caching: anonymous pages are the same for everyone (gongzhi/caching.py) -----------------
# An anonymous GET is "public, max-age=<browser>, s-maxage=<shared>" and sets no cookie; logged-in
# readers, personal cookies, POSTs and errors get "private, no-cache". Per-person bits (the account
# area, CSRF tokens of forms on cached pages) come from /_me/ (gongzhi/personal.py, static/js/me.js).
GONGZHI_CACHE_SECONDS = int(os.environ.get("GONGZHI_CACHE_SECONDS", "300"))  # proxy and page cache
GONGZHI_BROWSER_CACHE_SECONDS = int(os.environ.get("GONGZHI_BROWSER_CACHE_SECONDS", "30"))
# Cookies that make a page personal: requests carrying one bypass every cache (deploy/varnish.vcl
# lists the same names). Session, flash messages, the anonymous poll voter (engagement/polls).
GONGZHI_PERSONAL_COOKIES = ["sessionid", "messages", "gongzhi_voter"]
# The embedded page cache (gongzhi/page_cache.py) on this cache alias; production's proxy replaces it.
GONGZHI_PAGE_CACHE = env_bool("GONGZHI_PAGE_CACHE", True)
GONGZHI_PAGE_CACHE_ALIAS = "default"
# Purging (content/purge.py → wagtail.contrib.frontend_cache): the page cache always; the proxy too
# when FRONTEND_CACHE_PURGE_URL names it (e.g. http://127.0.0.1:6081, Varnish's PURGE, deploy/).
WAGTAILFRONTENDCACHE = {"page_cache": {"BACKEND": "gongzhi.page_cache.PageCacheBackend"}}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
WAGTAILFRONTENDCACHE_LANGUAGES = []  # content/purge.py adds /en/ itself (Chinese has no prefix)

# --- Background tasks: run immediately unless TASKS_BACKEND says otherwise -------------------
# Queues by urgency, each with its own worker in production (gongzhi/queues.py, README).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
        "QUEUES": ["default", "notifications", "index", "insights"],
    }
}

# --- Auth and accounts ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",  # first: refuses a locked-out login (a ModelBackend: get_user works too)
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
SITE_ID = 1
# Residents sign up with email + password (engagement/residents); the email must be confirmed.
# Staff log in on the same page (the admin's login is allauth's) with their username or email.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "engagement.residents.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "engagement.residents.adapter.ResidentAccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[共治] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# --- Logins resist guessing; staff use two factors (engagement/residents/lockouts.py, mfa.py) ----
# django-axes counts failures per account AND IP together: a stranger slows down only the address
# they guess from and never locks the owner out. Supervisors unlock in Settings → Login lockouts.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "engagement.residents.lockouts.login_key"  # username or email: one account
AXES_LOCKOUT_CALLABLE = "engagement.residents.lockouts.lockout_response"
AXES_CLIENT_IP_CALLABLE = "engagement.ratelimit.client_ip"  # the address the other limits use
# allauth's own login limits per IP only: its per-account "login_failed" limit locked owners out.
ACCOUNT_RATE_LIMITS = {"login": "60/m/ip", "login_failed": "100/10m/ip"}
# The Wagtail admin logs in through allauth, which asks for the TOTP code (allauth.mfa) when the
# account has one; the roles that see contact details must enrol (GONGZHI_STAFF_MFA_REQUIRED).
WAGTAILADMIN_LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {"authenticate": "engagement.residents.mfa_forms.StaffAuthenticateForm"}  # codes: per account
MFA_TOTP_ISSUER = "共治 Gongzhi"
GONGZHI_STAFF_MFA_REQUIRED = env_bool("GONGZHI_STAFF_MFA_REQUIRED", True)

# --- Internationalisation: Chinese first, English available --------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [SITE_DIR / "locale", BASE_DIR / "engagement" / "locale"]  # engagement/: ratelimit.py
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files only some people may see (residents' demand photos): never under MEDIA_URL, served by a
# view that checks permissions. On several app servers, put it on storage they share.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Content Security Policy (django-csp; gongzhi/csp.py adapts it per response) ---------------------
# Our own origin only: no inline script, event handler or style attribute (templates load static/js/
# and static/css/), no plugin, no <base> elsewhere, forms post to us, no framing.
# CSP_REPORT_ONLY=1 sends the same policy as Content-Security-Policy-Report-Only (try before enforcing);
# CSP_REPORT_URI collects violation reports; CSP_FRAME_SRC lists hosts an embed block may frame.
from csp.constants import NONE, SELF  # noqa: E402

_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *env_list("CSP_FRAME_SRC")],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"report-uri": [os.environ["CSP_REPORT_URI"]]} if os.environ.get("CSP_REPORT_URI") else {}),
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
# Only under /admin/ (gongzhi/csp.py): what the Wagtail admin's own code needs beyond that. Its
# bundled libraries insert <style> elements and style attributes (Draftail, tooltips, Handsontable):
# styles only, never scripts. Jcrop (the focal-point tool) probes touch support with the no-op handler
# ontouchstart="return;": that one handler, by its hash. (Wagtail's inline widget scripts are made
# inert by gongzhi/admin_scripts.py instead: script-src stays 'self'.)
GONGZHI_CSP_ADMIN_EXTRA = {
    "style-src": ["'unsafe-inline'"],
    "script-src-attr": ["'unsafe-hashes'", "'sha256-i+qr4lq34KgNHiW62lWi9aInEBwiEOrfCzaNPCvkqD8='"],
}

# --- Email ---------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "共治 Gongzhi <noreply@gongzhi.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail -------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "共治 Gongzhi"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no calls to gravatar.com: the admin works on an offline intranet
WAGTAIL_ENABLE_UPDATE_CHECK = False  # nor to releases.wagtail.org (and connect-src is 'self': the CSP)
WAGTAILADMIN_BASE_URL = SITE_URL  # admin emails: the same public address
WAGTAILAPI_BASE_URL = SITE_URL  # the API's detail_url
# The English edition is a translated page tree (content/locales.py): Chinese pages under the site's root
# page, their English translations under its English translation (served at /en/).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip", "ofd"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are served by Wagtail's view (never a bare media URL): X-Content-Type-Options: nosniff,
# "Content-Security-Policy: default-src 'none'" and, with no inline types, Content-Disposition:
# attachment for every file, PDFs included (a PDF opened in the site's origin is active content).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
SECURE_CONTENT_TYPE_NOSNIFF = True  # every response Django sends, media in development included
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILSEARCH_HITS_MAX_AGE = 30
WAGTAILAPI_DOCS_ENABLED = True

# Search: the Whoosh backend in search/ (see search/README). SEARCH_URL switches to a cluster.
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "search-index"))
GONGZHI_POPULAR_MIN_HITS = 10  # a query is listed as popular once searched this often (one visitor's text never is)
SEARCH_URL = os.environ.get("SEARCH_URL", "")
if SEARCH_URL:
    from search.settings import cluster_backend  # noqa: E402

    WAGTAILSEARCH_BACKENDS = {"default": cluster_backend(SEARCH_URL, os.environ.get("SEARCH_ENGINE", ""))}
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend", "PATH": SEARCH_INDEX_DIR}}

# --- Comments (django-comments-xtd) ------------------------------------------------------------
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = int(os.environ.get("COMMENTS_MAX_THREAD_LEVEL", "2"))  # 0-based: 3 levels
COMMENTS_XTD_THREADED_EMAILS = False  # Gongzhi sends through engagement.notifications, never a thread
COMMENTS_MAX_LENGTH = 2000  # characters in one comment (engagement/comments)
COMMENTS_PAGE_SIZE = 20  # top-level threads per page under a story
# A poll export names an area only when at least this many residents of it voted (engagement/polls)
# Open data (/transparency/): the licence every file carries, and when a working day's deadlines fall.
GONGZHI_OPEN_DATA_LICENSE = os.environ.get("GONGZHI_OPEN_DATA_LICENSE", "CC BY 4.0")
GONGZHI_OPEN_DATA_LICENSE_URL = os.environ.get(
    "GONGZHI_OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/")
GONGZHI_DEADLINE_HOUR = int(os.environ.get("GONGZHI_DEADLINE_HOUR", "18"))  # close of office, local time
# Supervision that escalates (engagement/demands/escalation.py): working days overdue before a supervisor's
# formal notice (督办), and before the demand is on the public monthly list (通报).
GONGZHI_ESCALATION_SUPERVISE_DAYS = int(os.environ.get("GONGZHI_ESCALATION_SUPERVISE_DAYS", "3"))
GONGZHI_ESCALATION_LIST_DAYS = int(os.environ.get("GONGZHI_ESCALATION_LIST_DAYS", "10"))
# Residents' rights: erase_closed_contacts erases a finished demand's contact details after this many months.
GONGZHI_CONTACT_RETENTION_MONTHS = int(os.environ.get("GONGZHI_CONTACT_RETENTION_MONTHS", "24"))

POLL_EXPORT_MIN_AREA_VOTERS = int(os.environ.get("POLL_EXPORT_MIN_AREA_VOTERS", "5"))
COMMENTS_XTD_CONFIRM_EMAIL = True
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
