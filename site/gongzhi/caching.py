"""Which responses a shared cache may keep, and the headers that say so.

An anonymous GET is the same page for every anonymous reader: the language is in the URL, and nothing
personal is rendered into it (CSRF tokens and the account area come from ``/_me/``, see
``gongzhi/personal.py``). Such a response is ``public`` with ``s-maxage`` for proxies and the page
cache and a short ``max-age`` for browsers, and varies on nothing but the encoding. Everything else —
a logged-in reader, a request carrying a personal cookie, a response that sets a cookie, a POST, an
error — is ``private, no-cache``. The proxy (deploy/varnish.vcl) and the page cache
(gongzhi/page_cache.py) make the same decision from the same cookie names.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

#: Statuses that are the same for every anonymous reader of a URL (a 429 or a 403 is not: IP, CSRF).
PUBLIC_STATUSES = {200, 301, 404, 410}
#: Vary values that never change an anonymous page here (the language comes from the URL path).
NOT_VARYING = {"cookie", "accept-language"}


def is_personal_request(request):
    """True if ``request`` may be answered differently for this person than for any anonymous reader.

    It carries a cookie that personalises pages (session, flash messages, an anonymous voter), or its
    user is logged in. Reads only cookie names unless a session cookie is present (no query otherwise).
    """
    if request.method not in ("GET", "HEAD"):
        return True
    if any(name in request.COOKIES for name in settings.GONGZHI_PERSONAL_COOKIES):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def is_public_response(request, response):
    """True if a shared cache may keep ``response`` and give it to every anonymous reader."""
    return (
        not is_personal_request(request)
        and response.status_code in PUBLIC_STATUSES
        and not response.cookies
        and not getattr(response, "streaming", False)
    )


def _strip_vary(response):
    if not response.has_header("Vary"):
        return
    kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() not in NOT_VARYING]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


class CacheHeadersMiddleware:
    """Marks anonymous pages ``public, max-age, s-maxage`` and personal ones ``private, no-cache``.

    Sits above the session, locale and CSRF middleware so that it sees the Vary headers they add.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if is_public_response(request, response):
            response["Cache-Control"] = (
                f"public, max-age={settings.GONGZHI_BROWSER_CACHE_SECONDS}, "
                f"s-maxage={settings.GONGZHI_CACHE_SECONDS}"
            )
            _strip_vary(response)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response
