"""Comments benchmark: render an article with 10, 100 and 1,000 approved threaded comments, and post one.

Prints SQL queries and median wall time per render (default pagination: 20 threads per page,
and everything on one page), then queries and time to post a comment. The query count must be
the same at every size. Runs on a throwaway test database (SQLite by default, or DATABASE_URL's server).

    .venv/bin/python bench/comments.py [--runs 7]
"""

from harness import arguments, build_news_section, measure, measure_post, throwaway_database

SIZES = (10, 100, 1000)


def residents(count=20):
    import datetime

    from django.utils import timezone

    from engagement.residents.models import OrganisationVerification
    from tests.comments.factories import make_resident

    people = [make_resident(f"bench{n:02d}", display_name=f"居民{n:02d}") for n in range(count)]
    OrganisationVerification.objects.create(user=people[0], name="居民00社工站", kind="community",
                                            registration_number="52110101MJ0000009X",
                                            valid_until=timezone.localdate() + datetime.timedelta(days=30))
    return people


def fill(article, size, people):
    """`size` approved comments: threads of five (a root, two replies, two replies to replies)."""
    from engagement.comments import services
    from tests.comments.factories import site_settings

    settings_obj = site_settings()
    made, n = 0, 0
    while made < size:
        root = services.post_comment(article, f"评论{n}：错时共享停车很方便 https://example.gov.cn/{n}",
                                     user=people[n % len(people)], comment_settings=settings_obj)
        made += 1
        for k in range(2):
            if made >= size:
                break
            reply = services.post_comment(article, f"回复{n}-{k}：同意\n第二行", user=people[(n + k + 1) % len(people)],
                                          parent=root, comment_settings=settings_obj)
            made += 1
            if made < size:
                services.post_comment(article, f"再回复{n}-{k}", user=people[(n + k + 2) % len(people)],
                                      parent=reply, comment_settings=settings_obj)
                made += 1
        n += 1


def main():
    args = arguments(runs=7).parse_args()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    with throwaway_database():
        from tests.factories import ArticlePageFactory

        section = build_news_section()
        people = residents()
        client = Client()
        client.force_login(people[1])
        print(f"Comments benchmark ({connection.vendor}, median of {args.runs} renders, logged-in resident)")
        print(f"{'comments':>9} {'mode':<22} {'shown':>6} {'queries':>8} {'median ms':>10}")
        counts = set()
        for size in SIZES:
            article = ArticlePageFactory(parent=section, slug=f"bench-{size}", title=f"基准文章 {size}")
            fill(article, size, people)
            for mode, page_size in (("paginated (20 threads)", 20), ("all on one page", 100_000)):
                settings.COMMENTS_PAGE_SIZE = page_size
                queries, median, response = measure(client, article.url, args.runs)
                shown = response.content.decode().count('class="comment comment--')
                counts.add((mode, queries))
                print(f"{size:>9} {mode:<22} {shown:>6} {queries:>8} {median * 1000:>10.1f}")
        same = len({q for _m, q in counts}) == 1
        print(f"query count identical at every size and mode: {'yes' if same else 'NO'}")

        settings.COMMENTS_PAGE_SIZE = 20
        article = ArticlePageFactory(parent=section, slug="bench-post", title="基准文章 发表")
        fill(article, 10, people)
        root = article  # noqa: F841
        from django_comments_xtd.models import XtdComment

        parent = XtdComment.objects.filter(object_pk=str(article.pk), level=0).first()
        url = reverse("comments:post", args=[article.pk])
        for label, data in (("new comment", {}), ("reply", {"parent": parent.pk})):
            queries, median = measure_post(
                client, lambda i: (url, {"comment": f"基准评论 {label} {i}", **data}), args.runs
            )
            print(f"post one {label:<12} queries {queries:>3}   median {median * 1000:.1f} ms")


if __name__ == "__main__":
    main()
