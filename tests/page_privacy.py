"""Helpers for the page-privacy tests: Wagtail view restrictions, and entering a page's password."""

from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import PageViewRestriction

PASSWORD = "gongzhi-secret"


def restrict_with_password(page, password=PASSWORD):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password=password)


def restrict_to_login(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def restrict_to_groups(page, *groups):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set(groups)
    return restriction


def enter_password(client, restriction, page, password=PASSWORD):
    """What a visitor does on Wagtail's password form; the session then holds the pass."""
    response = client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]),
        {"password": password, "return_url": page.url},
    )
    assert response.status_code == 302, "Wagtail refused the password"
    return response


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


NOT_VIEWABLE_ZH = "此页面不公开"  # the start of content.visibility.NOT_VIEWABLE in Chinese


def assert_refused(response, page):
    """Sent back to the page (where Wagtail asks for the password or a login), with the reason."""
    assert response.status_code == 302
    assert response["Location"] == page.url
    assert any(m.startswith(NOT_VIEWABLE_ZH) for m in messages_of(response))
