"""The Content-Security-Policy of every response (django-csp), with its two narrow exceptions.

The policy itself is ``CONTENT_SECURITY_POLICY`` (or ``CONTENT_SECURITY_POLICY_REPORT_ONLY`` with
``CSP_REPORT_ONLY=1``) in settings/base.py: scripts and styles only from our own origin, no inline
script, no plugins, no framing. This middleware adapts it per response, never loosening script-src:

- A view that lets its own site frame it (Wagtail's page and snippet previews set
  ``X-Frame-Options: SAMEORIGIN``) gets ``frame-ancestors 'self'`` instead of ``'none'``.
- Under the Wagtail admin (``/admin/``), ``settings.GONGZHI_CSP_ADMIN_EXTRA`` is added: the sources the
  admin's own code needs and the public site does not (see settings/base.py for each and why).
"""

from csp.constants import SELF
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings

ADMIN_PREFIX = "/admin/"  # gongzhi/urls.py


def _merge(into, extra):
    merged = {key: list(value) for key, value in (into or {}).items()}
    for directive, sources in extra.items():
        merged.setdefault(directive, [])
        merged[directive] += [source for source in sources if source not in merged[directive]]
    return merged


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        if request.path_info.startswith(ADMIN_PREFIX):
            parts.update = _merge(parts.update, getattr(settings, "GONGZHI_CSP_ADMIN_EXTRA", {}))
        return parts
