import pytest

from tests.factories import ArticlePageFactory


@pytest.mark.django_db
def test_an_article_in_a_section_is_served(news_section, client):
    article = ArticlePageFactory(parent=news_section, title="停车难问题有了新办法")
    response = client.get(article.url)
    assert response.status_code == 200
    assert "停车难问题有了新办法" in response.content.decode()
