"""Editors translate a page into the English edition in the admin, with wagtail-localize (on Wagtail 8)."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Site

from tests.content.factories import make_article
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_news(home, news_section):
    english = Locale.objects.get(language_code="en")
    home.copy_for_translation(english).save_revision().publish()
    section = news_section.copy_for_translation(english)
    section.save_revision().publish()
    Site.clear_site_root_paths_cache()
    return section


def test_an_editor_submits_a_story_for_translation_and_gets_its_english_draft(client, english_news, news_section):
    from wagtail_localize.models import Translation

    article = make_article(news_section, title="夜市开张", slug="night-market")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    form = client.get(url)
    assert form.status_code == 200 and "English" in form.content.decode()

    response = client.post(url, {"locales": [Locale.objects.get(language_code="en").pk]})
    assert response.status_code == 302
    draft = article.get_translation(Locale.objects.get(language_code="en"))
    assert draft.get_parent().pk == english_news.pk and not draft.live  # in the English tree, not yet published
    assert Translation.objects.filter(source__object_id=article.translation_key, target_locale=draft.locale).exists()
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    assert editor.status_code == 200  # wagtail-localize's translation editor
    assert "夜市开张" in editor.content.decode()  # the source strings to translate
