"""Polls and policy-ratings benchmark: render a story whose poll has 10, 100 and 1,000 ballots
(and a policy with as many ratings), then cast one vote and give one rating.

Prints SQL queries and median wall time per render; the query count must be the same at
every size. Runs on a throwaway test database (SQLite by default, or DATABASE_URL's server).

    .venv/bin/python bench/polls.py [--runs 7]
"""

import datetime

from harness import arguments, build_news_section, measure, measure_post, throwaway_database

SIZES = (10, 100, 1000)


def users(count):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    User.objects.bulk_create([User(username=f"benchvoter{n}", email=f"v{n}@example.com") for n in range(count)],
                             ignore_conflicts=True)
    return list(User.objects.filter(username__startswith="benchvoter").order_by("pk")[:count])


def fill_poll(poll, voters):
    from engagement.polls.models import Ballot, BallotChoice

    choices = list(poll.choices.all())
    ballots = Ballot.objects.bulk_create([Ballot(poll=poll, user=u) for u in voters])
    if not ballots[0].pk:  # backends that do not return ids from bulk_create
        ballots = list(Ballot.objects.filter(poll=poll).order_by("pk"))
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=b, choice=choices[i % len(choices)]) for i, b in enumerate(ballots)]
    )


def main():
    args = arguments(runs=7).parse_args()

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    with throwaway_database():
        from engagement.polls.models import Poll, PollChoice
        from engagement.ratings.models import PolicyRating
        from tests.factories import ArticlePageFactory, PolicyPageFactory, UserFactory

        section = build_news_section()
        voters = users(max(SIZES))
        reader = UserFactory(username="benchreader")
        client = Client()
        client.force_login(reader)
        now = timezone.now()

        print(f"Polls benchmark ({connection.vendor}, median of {args.runs} renders, logged-in resident)")
        print(f"{'ballots':>8} {'page':<28} {'queries':>8} {'median ms':>10}")
        counts = {}
        for size in SIZES:
            article = ArticlePageFactory(parent=section, slug=f"poll-{size}", title=f"投票基准 {size}")
            for p in range(3):  # three polls of eight choices on the story
                poll = Poll.objects.create(question=f"基准投票 {size}-{p}", opens_at=now - datetime.timedelta(days=1),
                                           closes_at=now + datetime.timedelta(days=7), page=article)
                PollChoice.objects.bulk_create([PollChoice(poll=poll, text=f"选项{c}", sort_order=c) for c in range(8)])
                fill_poll(poll, voters[:size])
            policy = PolicyPageFactory(parent=section, slug=f"policy-{size}", title=f"评价基准 {size}")
            PolicyRating.objects.bulk_create([
                PolicyRating(page=policy, user=u, score=1 + i % 5, satisfaction=("satisfied", "basically_satisfied",
                                                                                   "dissatisfied")[i % 3])
                for i, u in enumerate(voters[:size])
            ])
            for label, url in (("article with 3 polls", article.url), ("standalone poll page", f"/polls/{poll.pk}/"),
                               ("policy with ratings", policy.url)):
                queries, median, _response = measure(client, url, args.runs)
                counts.setdefault(label, set()).add(queries)
                print(f"{size:>8} {label:<28} {queries:>8} {median * 1000:>10.1f}")
        for label, seen in counts.items():
            print(f"{label}: query count identical at every size: {'yes' if len(seen) == 1 else 'NO ' + str(seen)}")

        def vote(i):
            poll = Poll.objects.create(question=f"投一票 {i}", opens_at=now - datetime.timedelta(days=1),
                                       closes_at=now + datetime.timedelta(days=7))
            choice = PollChoice.objects.create(poll=poll, text="是", sort_order=0)
            PollChoice.objects.create(poll=poll, text="否", sort_order=1)
            return f"/polls/{poll.pk}/vote/", {"choice": [choice.pk]}

        queries, median = measure_post(client, vote, args.runs)
        print(f"cast one vote       queries {queries:>3}   median {median * 1000:.1f} ms")

        queries, median = measure_post(
            client, lambda i: (f"/ratings/policy/{policy.pk}/", {"score": 1 + i % 5, "satisfaction": "satisfied"}),
            args.runs,
        )
        print(f"rate a policy       queries {queries:>3}   median {median * 1000:.1f} ms")


if __name__ == "__main__":
    main()
