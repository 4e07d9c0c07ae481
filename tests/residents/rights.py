"""What the residents' rights tests share: Alice's password, the privacy notice's address, and how to
read a demand's contact details and a form out of a page."""

import re

from engagement.demands.models import DemandContact

PASSWORD = "Zhong-guo-2026!"
PRIVACY_URL = "/privacy/"
EMPTY_CONTACT = {"name": "", "phone": "", "email": "", "address": ""}


def contact_of(demand):
    return {k: getattr(DemandContact.objects.get(demand=demand), k) for k in EMPTY_CONTACT}


def form_html(html, marker):
    """The <form> element of `html` that contains `marker` (e.g. its class or id)."""
    for form in re.findall(r"<form\b.*?</form>", html, flags=re.DOTALL):
        if marker in form:
            return form
    raise AssertionError(f"no form with {marker!r}")
