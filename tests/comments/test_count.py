"""The comment count above the threads counts what the page shows: published comments and their
published replies (issue 11: it said "评论 (2)" above three comments)."""

import re

import pytest
from django_comments_xtd.models import XtdComment

from tests.comments.factories import comment

pytestmark = pytest.mark.django_db


def shown_count(client, page):
    html = client.get(page.url).content.decode()
    return int(re.search(r'class="comments__count">\((\d+)\)', html).group(1)), html.count('class="comment__text"')


def test_the_count_includes_replies(client, article, alice, bob):
    first = comment(article, alice, "第一条评论")
    comment(article, bob, "第二条评论")
    comment(article, bob, "回复第一条", parent=first)

    count, shown = shown_count(client, article)

    assert (count, shown) == (3, 3)


def test_held_comments_and_the_replies_under_them_are_not_counted(client, article, alice, bob):
    first = comment(article, alice, "第一条评论")
    held = comment(article, bob, "待审核的评论")
    comment(article, alice, "回复待审核的评论", parent=held)
    comment(article, bob, "回复第一条", parent=first)
    XtdComment.objects.filter(pk=held.pk).update(is_public=False)

    count, shown = shown_count(client, article)

    assert (count, shown) == (2, 2)
