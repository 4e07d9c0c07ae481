"""Bad input in the editor is refused with the reason shown, and nothing is half-saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from content.models import PolicyPage
from tests.content.admin_forms import add_page_form


@pytest.fixture
def logged_in_editor(client, editor, home, news_section, policy_section):
    from content.roles import sync_roles

    sync_roles()
    client.force_login(editor)
    return client


def policy_fields(department, **overrides):
    fields = {
        "title": "政策解读：错时共享停车",
        "slug": "shared-parking-explainer",
        "policy_title": "关于推进错时共享停车的实施意见",
        "document_number": "东府办〔2026〕12号",
        "issuing_department": department.pk,
        "issued_on": "2026-04-01",
        "effective_on": "2026-05-01",
        "summary": "政策要点一览。",
    }
    fields.update(overrides)
    return fields


def counts():
    return Page.objects.count(), Revision.objects.count(), PolicyPage.objects.count()


def error_text(response, field):
    form = response.context["form"]
    assert field in form.errors, form.errors
    return " ".join(form.errors[field])


def test_a_valid_policy_explainer_is_saved_as_a_draft(logged_in_editor, policy_section, department):
    url, data = add_page_form(logged_in_editor, "policypage", policy_section, **policy_fields(department))
    response = logged_in_editor.post(url, data)
    assert response.status_code == 302
    page = PolicyPage.objects.get(slug="shared-parking-explainer")
    assert not page.live and page.effective_on.isoformat() == "2026-05-01"


def test_effective_date_before_issue_date_is_refused(logged_in_editor, policy_section, department):
    before = counts()
    url, data = add_page_form(
        logged_in_editor, "policypage", policy_section,
        **policy_fields(department, issued_on="2026-04-01", effective_on="2026-03-01"),
    )
    response = logged_in_editor.post(url, data)
    assert response.status_code == 200
    message = error_text(response, "effective_on")
    assert message and message in response.content.decode()
    assert counts() == before


def test_a_missing_date_is_refused(logged_in_editor, policy_section, department):
    before = counts()
    url, data = add_page_form(logged_in_editor, "policypage", policy_section, **policy_fields(department, issued_on=""))
    response = logged_in_editor.post(url, data)
    assert response.status_code == 200
    assert error_text(response, "issued_on") in response.content.decode()
    assert counts() == before


def test_missing_required_text_is_refused_on_submission(logged_in_editor, policy_section, department):
    """Wagtail lets a draft be saved with empty text fields (deferred validation); submitting
    it for approval (or publishing) needs every required field."""
    before = counts()
    url, data = add_page_form(
        logged_in_editor, "policypage", policy_section,
        **policy_fields(department, policy_title="", document_number=""),
    )
    data["action-submit"] = "Submit"
    response = logged_in_editor.post(url, data)
    assert response.status_code == 200
    for field in ("policy_title", "document_number"):
        assert error_text(response, field) in response.content.decode()
    assert counts() == before


def test_a_bad_date_is_refused(logged_in_editor, policy_section, department):
    before = counts()
    url, data = add_page_form(
        logged_in_editor, "policypage", policy_section, **policy_fields(department, effective_on="2026-02-30"),
    )
    response = logged_in_editor.post(url, data)
    assert response.status_code == 200
    assert error_text(response, "effective_on")
    assert counts() == before


def test_an_article_without_a_title_is_refused(logged_in_editor, news_section):
    before = counts()
    url, data = add_page_form(logged_in_editor, "articlepage", news_section, title="", slug="no-title")
    response = logged_in_editor.post(url, data)
    assert response.status_code == 200
    assert error_text(response, "title")
    assert counts() == before


# --- Uploads -------------------------------------------------------------------------------------

def png_bytes(size=(64, 48)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 60, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, name, content, content_type):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "上传测试", "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_an_image_upload_works(logged_in_editor):
    response = upload(logged_in_editor, "ok.png", png_bytes(), "image/png")
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="上传测试").exists()


def test_an_oversized_image_is_refused_with_the_reason(logged_in_editor, settings):
    content = png_bytes((400, 300))
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = len(content) - 1
    response = upload(logged_in_editor, "big.png", content, "image/png")
    assert response.status_code == 200
    message = error_text(response, "file")
    assert message in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_file_that_is_not_an_image_is_refused(logged_in_editor):
    response = upload(logged_in_editor, "notes.png", "这不是图片".encode(), "image/png")
    assert response.status_code == 200
    assert error_text(response, "file") in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_disallowed_extension_is_refused(logged_in_editor):
    response = upload(logged_in_editor, "script.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")
    assert response.status_code == 200
    assert error_text(response, "file")
    assert not get_image_model().objects.exists()
