"""``GET /_me/`` (and ``/en/_me/``): what is per person on a cached page, for static/js/me.js.

Never cached. Answers whether the reader is logged in, the header's account area rendered for them
(``includes/header_account.html``) and a CSRF token for the forms of the page (this response, not the
cached page, sets the csrftoken cookie).
"""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

ACCOUNT_TEMPLATE = "includes/header_account.html"


def account_html(request):
    try:
        return render_to_string(ACCOUNT_TEMPLATE, request=request)
    except TemplateDoesNotExist:
        return ""


@require_GET
@never_cache
def me(request):
    return JsonResponse({
        "authenticated": request.user.is_authenticated,
        "account": account_html(request),
        "csrf": get_token(request),
    })
