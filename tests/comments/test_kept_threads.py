"""A story's threads are read once and kept for the page until something purges it (content/page_data.py):
a second reader costs no comment query, and whatever changes what the page shows — a new comment, a
moderator's decision, a like — shows on the next render, with no wait for the cache to expire."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from engagement.comments import services
from tests.comments.factories import comment


def comment_queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(page.url).content.decode()
    return html, [q["sql"] for q in queries.captured_queries if "django_comments" in q["sql"]]


def test_a_second_reader_reads_no_comment_rows(article, bob):
    comment(article, bob, "第一条评论")

    first, first_queries = comment_queries(Client(), article)
    second, second_queries = comment_queries(Client(), article)

    assert "第一条评论" in first and "第一条评论" in second
    assert first_queries and not second_queries


def test_a_new_comment_a_decision_and_a_like_show_on_the_next_render(article, alice, bob, moderator):
    kept = comment(article, bob, "早上七点开门。")
    reader = Client()
    assert "早上七点开门。" in reader.get(article.url).content.decode()

    comment(article, alice, "晚上十点关门。")
    assert "晚上十点关门。" in reader.get(article.url).content.decode()

    services.reject(kept, by=moderator, reason="重复")
    assert "早上七点开门。" not in reader.get(article.url).content.decode()

    services.approve(kept, by=moderator)
    services.like(kept, alice)
    html = reader.get(article.url).content.decode()
    assert "早上七点开门。" in html and '<span class="comment__likes-count">1 ' in html


def test_a_logged_in_reader_sees_their_own_like_on_kept_threads(article, alice, bob, alice_client):
    liked = comment(article, bob, "支持！")
    Client().get(article.url)  # kept by an anonymous reader
    services.like(liked, alice)

    html = alice_client.get(article.url).content.decode()

    assert 'aria-pressed="true"' in html
