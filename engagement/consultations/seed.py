"""Demo consultations for ``manage.py seed_demo``: one reported (with its adoption report, linked to the adopted
shared-parking policy) and one open now, in the policy section, with opinions and stances from the demo residents.
Idempotent: a consultation whose slug exists is left as it is."""

import datetime

from django.db import transaction
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from content.models import Department, HomePage, PolicyPage, SectionPage
from engagement.comments import services as comment_services
from engagement.comments.models import CommentSettings

from . import services
from .models import ConsultationPage, ConsultationSection, Opinion, Outcome

SECTION_SLUG = "policies"

REPORTED = {
    "slug": "shared-parking-draft", "department": "chengguan", "opens": -45, "closes": -15,
    "title": "《关于推进错时共享停车的实施意见（征求意见稿）》公开征求意见",
    "summary": "为缓解老旧小区停车难，城市管理局起草了错时共享停车实施意见，现向社会公开征求意见。",
    "sections": [
        ("适用范围", "本意见适用于东城区范围内机关、企事业单位内部停车场和经营性停车场向周边居民错时开放。"),
        ("开放时段", "共享车位原则上于工作日19:00至次日7:30、法定节假日全天向居民开放。"),
        ("收费标准", "共享车位按月收费，收费标准不高于周边同类经营性停车场的50%。"),
        ("安全责任", "停车场管理单位负责场内秩序和安全；车主应遵守场内管理规定，按时驶离。"),
        ("监督评价", "街道办事处每半年组织居民对共享停车情况进行评价，结果向社会公布。"),
    ],
    "opinions": [  # (section number or None, resident, text, proposed wording, outcome, reason)
        (2, 1, "开放时间19:00太晚，很多居民18:00就下班回家了。", "工作日18:00至次日7:30", Outcome.ADOPTED,
         "多数意见认为开放时间偏晚，正式文件改为18:00起开放。"),
        (2, 3, "早上7:30驶离太早，送孩子上学来不及挪车。", "", Outcome.PARTLY,
         "学校周边停车场驶离时间延至8:00，其余停车场维持7:30。"),
        (3, 2, "收费标准应当明确到具体金额，不要只写比例。", "", Outcome.NOT_ADOPTED,
         "各停车场成本不同，由管理单位按比例上限自行公示具体价格。"),
        (3, 4, "低保户和残疾人家庭应当免费或减半。", "低保、特困家庭和持证残疾人家庭减半收费。", Outcome.ADOPTED,
         "已写入第三条。"),
        (4, 5, "车辆在场内被刮蹭由谁负责要写清楚。", "", Outcome.PARTLY,
         "正式文件要求停车场投保公众责任险，具体赔付依合同约定。"),
        (5, 6, "评价结果应当在小区公告栏张贴，不只是网上公布。", "", Outcome.ADOPTED, "将在正式文件中写明。"),
        (None, 7, "总体支持，希望尽快在更多小区推开。", "", Outcome.ADOPTED, "首批扩大到12个社区。"),
        (1, 8, "能否把医院停车场也纳入？", "", Outcome.NOT_ADOPTED,
         "医院停车场夜间仍有急诊需求，暂不纳入，后续评估。"),
    ],
    "stances": {1: (6, 1), 2: (3, 5), 3: (5, 2), 4: (7, 0), 5: (6, 1)},  # section: (support, oppose)
    "report": "本次征求意见共收到意见8条，采纳4条、部分采纳2条、未采纳2条。开放时段提前至18:00，"
              "困难家庭减半收费，评价结果在小区公告栏同步公示。未采纳的意见均已说明理由。",
}

OPEN_NOW = {
    "slug": "noise-control-draft", "department": "huanjing", "opens": -6, "closes": 20,
    "title": "《东城区社会生活噪声污染防治办法（征求意见稿）》公开征求意见",
    "summary": "生态环境局起草了社会生活噪声污染防治办法，涉及广场舞、装修和商业促销噪声，欢迎居民提出意见。",
    "sections": [
        ("广场舞活动", "公园、广场开展健身娱乐活动，应当在7:00至21:30进行，音量不得超过55分贝。"),
        ("室内装修", "住宅室内装修，工作日12:00至14:00、18:00至次日8:00及法定节假日全天不得进行产生噪声的作业。"),
        ("商业促销", "商业经营活动中不得使用高音广播喇叭招揽顾客。"),
        ("投诉处理", "居民可拨打12369或通过共治平台投诉，生态环境部门应在2个工作日内响应。"),
    ],
    "opinions": [
        (1, 2, "21:30太晚了，建议改到21:00。", "7:00至21:00", None, ""),
        (2, 4, "周末全天禁止装修太严，上班族只有周末有时间。", "", None, ""),
        (4, 6, "支持，2个工作日响应很好。", "", None, ""),
        (None, 1, "建议增加对夜间施工的专门条款。", "", None, ""),
    ],
    "stances": {1: (3, 4), 2: (2, 5), 3: (7, 0), 4: (6, 0)},
    "report": "",
}


def _section_page(home):
    """The policy section (政策解读): drafts sit beside the explainers and follow its moderation mode;
    /consultations/ lists them."""
    return SectionPage.objects.child_of(home).filter(slug=SECTION_SLUG).first()


def _consultation(section, spec, today, editor, publisher):
    page = ConsultationPage(
        title=spec["title"], slug=spec["slug"], summary=spec["summary"],
        issuing_department=Department.objects.get(slug=spec["department"]),
        opens_on=today + datetime.timedelta(days=spec["opens"]),
        closes_on=today + datetime.timedelta(days=spec["closes"]),
    )
    page.sections = [ConsultationSection(heading=h, body=b, sort_order=i) for i, (h, b) in enumerate(spec["sections"])]
    section.add_child(instance=page)
    page.save_revision(user=editor, log_action=False).publish(user=publisher, log_action=False)
    return ConsultationPage.objects.get(pk=page.pk)


def _opinions(page, spec, residents, moderator):
    sections = list(page.sections.order_by("sort_order"))
    comment_settings = CommentSettings.objects.first() or CommentSettings()
    opinions = []
    for number, who, text, wording, _outcome, _reason in spec["opinions"]:
        opinion = services.give_opinion(
            page, residents[(who - 1) % len(residents)], text, section_id=sections[number - 1].pk if number else None,
            proposed_wording=wording, comment_settings=comment_settings,
        )
        if not opinion.comment.is_public:  # held by a rule (a new account, a pre-moderated section): approve
            comment_services.approve(opinion.comment, by=moderator)
        opinions.append(opinion)
    for number, (support, oppose) in spec["stances"].items():
        for i, user in enumerate(residents[: support + oppose]):
            services.take_stance(sections[number - 1], user, "support" if i < support else "oppose")
    return opinions


def seed(command):
    with translation.override("zh-hans"):  # the opinions' texts are the residents' (Chinese) comments
        _seed(command)


@transaction.atomic
def _seed(command):
    User = get_user_model()
    home = HomePage.objects.first()
    if home is None:
        return
    today = timezone.localdate()
    from engagement.residents.seed import demo_residents

    residents = demo_residents()
    editor = User.objects.filter(username="editor").first()
    chief = User.objects.filter(username="chief").first()
    moderator = User.objects.filter(username="moderator").first()
    staff = User.objects.filter(username="staff-chengguan").first()
    section = _section_page(home)
    if section is None:
        return
    made = 0
    for spec in (REPORTED, OPEN_NOW):
        if ConsultationPage.objects.filter(slug=spec["slug"]).exists():
            continue
        # Opinions are given while the consultation is open: open it for the seed, then set the real dates.
        real = (spec["opens"], spec["closes"])
        page = _consultation(section, {**spec, "opens": -1, "closes": 1}, today, editor, chief)
        opinions = _opinions(page, spec, residents, moderator)
        ConsultationPage.objects.filter(pk=page.pk).update(
            opens_on=today + datetime.timedelta(days=real[0]), closes_on=today + datetime.timedelta(days=real[1]))
        page.refresh_from_db()
        if spec["report"] and staff is not None:
            for opinion, row in zip(opinions, spec["opinions"]):
                services.decide(Opinion.objects.get(pk=opinion.pk), outcome=row[4], reason=row[5], by=staff)
            services.publish_report(page, summary=spec["report"], by=staff)
            page.adopted_policy = PolicyPage.objects.filter(slug="shared-parking-policy").first()
        # The latest revision carries the real dates too (what the editor sees in the admin).
        page.save_revision(user=editor, log_action=False).publish(user=chief, log_action=False)
        made += 1
    command.stdout.write(f"Consultations: {made} new, {ConsultationPage.objects.count()} in all")
    _statements(command, moderator)


STATEMENTS = [  # (page slug, the demo organisation's statement)
    ("noise-control-draft", "本站支持对广场舞噪声分时段管理，建议由社区协调固定活动场地，并在草案中写明居民协商机制。"),
    ("shared-parking-policy", "错时共享停车缓解了幸福社区的停车难。本站愿协助街道每半年组织居民评价，并公开评价结果。"),
]


def _statements(command, moderator):
    """The demo social organisation's approved position statements on the open consultation and a policy."""
    from wagtail.models import Page

    from engagement.residents.seed import demo_organisation

    from . import statements
    from .models import PositionStatement

    organisation = demo_organisation()
    if moderator is None or PositionStatement.objects.filter(organisation__user=organisation).exists():
        return
    comment_settings = CommentSettings.objects.first() or CommentSettings()
    for slug, text in STATEMENTS:
        page = Page.objects.live().filter(slug=slug).first()
        if page is None:
            continue
        try:
            statement = statements.publish_statement(page.specific, organisation, text, comment_settings=comment_settings)
        except statements.StatementRefused as exc:
            command.stdout.write(f"statement on {slug}: {exc.message}")
            continue
        comment_services.approve(statement.comment, by=moderator)
    command.stdout.write(f"Position statements: {PositionStatement.objects.count()} in all")
