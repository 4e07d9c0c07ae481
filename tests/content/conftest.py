import pytest
from wagtail.test.utils import WagtailPageTestCase
from wagtail.coreutils import get_dummy_request

from tests.content.factories import StoryImageFactory


@pytest.fixture
def page_tests(client):
    """Wagtail's page assertions (routable, renderable, editable, previewable) on pytest's client."""
    case = WagtailPageTestCase(methodName="assertPageIsRoutable")
    case.client = client
    case.dummy_request = get_dummy_request()  # what setUpClass would have set
    return case


@pytest.fixture
def story_image(db):
    return StoryImageFactory()


@pytest.fixture
def edit_form_data(client, django_user_model):
    """The page edit form's own fields plus stream fields (which only JavaScript fills in a browser)."""
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data, querydict_from_html

    def build(page, streams):
        admin = django_user_model.objects.filter(username="form-data-admin").first() or (
            django_user_model.objects.create_superuser("form-data-admin", "fd@example.com", "x")
        )
        client.force_login(admin)
        html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        client.logout()
        data = querydict_from_html(html, form_id="page-edit-form")
        for key, value in nested_form_data(streams).items():
            data[key] = value
        data["action-publish"] = ""
        return data

    return build
