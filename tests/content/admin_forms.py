"""Filling Wagtail admin page forms from their own HTML, the way a browser would submit them."""

from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

STREAMS = {
    "articlepage": ["body"],
    "policypage": ["key_points", "questions"],
}


def add_page_form(client, model_name, parent, **fields):
    """The add form of ``content.<model_name>`` under ``parent`` as the logged-in user sees it,
    with ``fields`` filled in (stream fields left empty unless given as nested data)."""
    url = reverse("wagtailadmin_pages:add", args=["content", model_name, parent.pk])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for name in STREAMS.get(model_name, []):
        for key, value in nested_form_data({name: streamfield([])}).items():
            data[key] = value
    for key, value in fields.items():
        if isinstance(value, (list, tuple)):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = str(value)
    return url, data


def edit_page_form(client, page, **fields):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key, value in fields.items():
        data[key] = str(value)
    return url, data
