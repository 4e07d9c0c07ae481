"""A commenter's public name: their display name, else "居民 N" / "Resident N", never part of their email."""

from django_comments_xtd.models import XtdComment

from engagement.comments.selectors import author_of
from engagement.residents.models import ResidentProfile
from tests.comments.factories import comment, make_resident

LOCAL_PART = "zhang.wei1987"


def test_a_commenter_without_a_display_name_is_shown_as_resident_n_on_the_story_page(client, article):
    author = make_resident(LOCAL_PART)  # email zhang.wei1987@example.com, no display name
    comment(article, author, "小区门口的路灯坏了很久。")

    html = client.get(article.url).content.decode()

    assert "小区门口的路灯坏了很久。" in html
    assert f"居民 {author.pk}" in html  # the site speaks zh-hans by default
    assert LOCAL_PART not in html
    assert "zhang.wei" not in html
    assert "@example.com" not in html


def test_a_commenter_with_no_profile_at_all_is_named_resident_n_too(article):
    author = make_resident(LOCAL_PART)
    posted = comment(article, author, "建议增加垃圾分类回收点。")
    ResidentProfile.objects.filter(user=author).delete()  # staff and old accounts have none

    name, verified = author_of(XtdComment.objects.select_related("user").get(pk=posted.pk))

    assert name == f"居民 {author.pk}"
    assert LOCAL_PART not in name
    assert verified is False
