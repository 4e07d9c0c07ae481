"""Demo polls for `manage.py seed_demo` (idempotent: polls are found again by their question).

The voters are the shared demo residents (engagement/residents/seed.py).
"""

import datetime
import random

from django.utils import timezone

from content.models import ArticlePage, PolicyPage
from engagement.residents.seed import DEMO_RESIDENTS, demo_residents

from .models import Ballot, Poll, PollChoice
from .services import VoteRefused, cast_vote, record_ballot


def _poll(question, choices, **fields):
    poll, created = Poll.objects.get_or_create(question=question, defaults=fields)
    if created:
        for i, text in enumerate(choices):
            PollChoice.objects.create(poll=poll, text=text, sort_order=i)
    return poll, created


def seed_demo_polls(command):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    residents = demo_residents()
    article = (ArticlePage.objects.live().filter(title__contains="停车").first()
               or ArticlePage.objects.live().order_by("-first_published_at").first())
    policy = PolicyPage.objects.live().order_by("-first_published_at").first()

    specs = [
        ("您支持在小区推行错时共享停车吗？", ["支持", "不支持", "无所谓"],
         dict(description="街道拟开放机关单位停车场夜间供居民停放，请发表您的意见。", opens_at=now - 5 * day,
              closes_at=now + 20 * day, page=article)),
        ("社区最需要增设哪些便民设施？（可多选）", ["养老助餐点", "快递驿站", "儿童游乐场", "充电桩", "公共厕所"],
         dict(kind=Poll.Kind.MULTIPLE, results_visibility=Poll.ResultsVisibility.AFTER_VOTING,
              opens_at=now - 10 * day, closes_at=now + 30 * day)),
        ("公园开放时间延长至晚上十点，您赞成吗？", ["赞成", "反对"],
         dict(allow_anonymous=True, opens_at=now - 2 * day, closes_at=now + 14 * day,
              description="无需登录也可以投票，每个浏览器限投一次。")),
        ("您对本区垃圾分类推行情况的总体评价是？", ["很好", "较好", "一般", "较差"],
         dict(results_visibility=Poll.ResultsVisibility.AFTER_CLOSING, opens_at=now - 40 * day,
              closes_at=now - 3 * day, page=policy)),
        ("夜间施工噪音管理，您更支持哪种方式？", ["严格限时施工", "提前公示并补偿", "设立投诉快速通道"],
         dict(opens_at=now + 3 * day, closes_at=now + 33 * day)),
    ]
    made = 0
    for question, choices, fields in specs:
        fields = {k: v for k, v in fields.items() if not (k == "page" and v is None)}
        poll, created = _poll(question, choices, **fields)
        made += created
        options = list(poll.choices.order_by("sort_order"))
        if poll.not_yet_open(now):
            continue
        for user in residents:
            rng = random.Random(f"{poll.question}/{user.username}")  # the same resident, the same choice, every run
            if rng.random() < 0.2 or Ballot.objects.filter(poll=poll, user=user).exists():
                continue
            picks = rng.sample(options, k=rng.randint(1, 2)) if poll.kind == Poll.Kind.MULTIPLE else [rng.choice(options)]
            if poll.is_open(now):
                try:
                    cast_vote(poll, [c.pk for c in picks], user=user, now=now)
                except VoteRefused:
                    pass
            else:  # history: the closed poll's ballots were cast while it was open
                profile = getattr(user, "resident_profile", None)
                record_ballot(poll, picks, voter={"user": user}, area_id=getattr(profile, "area_id", None),
                              now=poll.opens_at + day)
        if poll.allow_anonymous:
            for n in range(5):
                token = f"demo-browser-{n}"
                if not Ballot.objects.filter(poll=poll, browser_token=token).exists():
                    cast_vote(poll, [options[n % len(options)].pk], browser_token=token, now=now)
    command.stdout.write(
        f"Polls: {made} new, {Poll.objects.count()} in all, {Ballot.objects.count()} ballots; "
        f"demo residents jumin01–jumin{DEMO_RESIDENTS:02d} (log in with jumin01@example.com)"
    )
