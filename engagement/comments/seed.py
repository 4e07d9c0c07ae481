"""Demo comments for `manage.py seed_demo` (order 20): residents, ~150 threaded comments, a moderation queue.

Idempotent: nothing is added when the demo residents have commented already.
"""

import datetime
import itertools
import random

from django.db import transaction
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from wagtail.models import Site

from content.models import ArticlePage, PolicyPage

from engagement.residents.seed import demo_organisation, demo_residents

from . import services
from .models import CommentReport, CommentSettings, SensitiveWord

SENSITIVE_WORDS = [("赌博", "违法信息"), ("代开发票", "广告"), ("办证", "广告"), ("casino", "spam"), ("viagra", "spam")]

TOP_LEVEL = [
    "错时共享停车这个办法好，晚上终于不用绕小区三圈找车位了。",
    "希望能公布具体开放的停车场名单和时段。",
    "收费标准是多少？老年人有没有优惠？",
    "我们小区是老小区，没有地下车库，能不能也纳入试点？",
    "支持！建议同步加强夜间巡查，防止乱停占道。",
    "政策解读写得很清楚，一图读懂很直观。",
    "垃圾分类定时定点投放，上班族时间对不上怎么办？",
    "建议在每个网格设一个误时投放点。",
    "楼道里的电动车充电问题也请关注一下。",
    "社区工作人员上门宣传很耐心，点赞。",
    "老旧小区改造什么时候轮到我们幸福社区三期？",
    "加装电梯的费用分摊方案能否公开征求意见？",
    "公交专用道开通后早高峰确实快了不少。",
    "希望多举办几场政策宣讲会，方便老年人了解。",
    "学校周边接送孩子的临时停车区很有必要。",
]
REPLIES = [
    "同意楼上的意见。",
    "我也遇到过同样的问题。",
    "可以打12345热线反映，我上次反映后一周就解决了。",
    "据说下个月会公布名单，等等看。",
    "这个问题我们网格员已经记录了，会转给街道。",
    "谢谢解答，很有帮助！",
    "希望相关部门能尽快回复。",
    "我们楼也是，晚上九点以后基本没有车位。",
    "建议大家都去填一下问卷，表达诉求。",
    "说得对，关键是落实。",
]
HELD = [
    "有人在小区群里拉人赌博，请管一管。",
    "代开发票，联系微信 12345。",
    "详见 https://a.example.com https://b.example.com https://c.example.com 三个链接",
]
REJECTED = [("快速办证，价格优惠，电话见主页。", "广告信息"), ("楼下那家人姓张的住在3号楼502，大家去找他。", "泄露他人隐私")]


@transaction.atomic
def seed(command):
    residents = [*demo_residents(), demo_organisation()]
    for word, note in SENSITIVE_WORDS:
        SensitiveWord.objects.get_or_create(word=word, defaults={"note": note})
    if XtdComment.norel_objects.filter(user__in=residents).exists():
        command.stdout.write("comments: demo comments exist already")
        return
    site = Site.objects.filter(is_default_site=True).first()
    settings_obj = CommentSettings.for_site(site) if site else CommentSettings()
    pages = list(ArticlePage.objects.live().order_by("pk")) + list(PolicyPage.objects.live().order_by("pk"))
    if not pages:
        command.stdout.write("comments: no published stories to comment on")
        return
    rng = random.Random(20)
    people = itertools.cycle(residents)
    created = []
    start = timezone.now() - datetime.timedelta(days=14)
    for page_index, page in enumerate(pages):
        for n in range(rng.randint(3, 6)):
            text = TOP_LEVEL[(page_index * 3 + n) % len(TOP_LEVEL)]
            root = services.post_comment(page, text, user=next(people), comment_settings=settings_obj)
            created.append(root)
            parents = [root]
            for _r in range(rng.randint(0, 4)):
                parent = rng.choice(parents)
                if parent.level >= services.max_thread_level():
                    parent = root
                reply = services.post_comment(page, rng.choice(REPLIES), user=next(people), parent=parent,
                                              comment_settings=settings_obj)
                created.append(reply)
                parents.append(reply)
            if len(created) >= 150:
                break
        if len(created) >= 150:
            break
    # Held by the rules, rejected with a reason, and reported by residents.
    for text in HELD:
        created.append(services.post_comment(pages[0], text, user=next(people), comment_settings=settings_obj))
    for text, reason in REJECTED:
        bad = services.post_comment(pages[-1], text, user=next(people), comment_settings=settings_obj)
        services.reject(bad, by=None, reason=reason)
        created.append(bad)
    published = [c for c in created if c.is_public]
    for i, target in enumerate(rng.sample(published, min(4, len(published)))):
        # The first one is reported by enough residents to go back to review; the others once.
        reporters = [r for r in residents if r.pk != target.user_id][: settings_obj.flags_to_hold if i == 0 else 1]
        for reporter in reporters:
            services.report(target, reporter, rng.choice(CommentReport.Reason.values), comment_settings=settings_obj)
    # Spread the dates over the last two weeks, in posting order.
    step = datetime.timedelta(days=14) / max(len(created), 1)
    for i, c in enumerate(created):
        XtdComment.norel_objects.filter(pk=c.pk).update(submit_date=start + step * i)
    for c in rng.sample(published, min(40, len(published))):
        for liker in rng.sample(residents, rng.randint(1, 4)):
            if liker.pk != c.user_id:
                services.like(c, liker)
    command.stdout.write(f"comments: {len(created)} demo comments on {len(pages)} stories")
