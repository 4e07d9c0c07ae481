"""Demo demands for `manage.py seed_demo` (hook order 50): ~200 over the last ~120 days, in every state.

Built through the domain methods (submit, forward, accept, answer, rate, return, reject, merge,
extensions) with the clock set back for each step, so events, deadlines and statistics are exactly
what real use would leave. Contact details are realistic fakes (mobile 1[3-9]xxxxxxxxx) so privacy
can be checked on real-looking data. Notifications are not queued for demo data.
Idempotent: the demo Open311 client marks that the demands were seeded.
"""

import contextlib
import datetime
import random
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from content.models import Area, Department, Topic
from engagement.residents.organisation_models import OrganisationVerification
from engagement.residents.seed import DEMO_MEDIATION, demo_mediation_organisation

from . import calendar, intake, notices
from .models import Demand, DemandSupport, Open311Client, Status
from .transitions import TransitionNotAllowed

MARKER = "演示客户端 (demo)"
COUNT = 200

PROBLEMS = {
    "parking": [("小区门口违章停车堵塞消防通道", "每天晚上七点以后，{place}北门的消防通道被私家车占用，救护车进不来。"),
                ("共享车位预约后仍被占用", "{place}附近的错时共享车位，预约后到场经常被外来车辆占用。")],
    "garbage-sorting": [("垃圾分类投放点夜间满溢", "{place}的垃圾分类投放点晚上九点后就满了，第二天早上才清运。"),
                        ("厨余垃圾桶破损无人更换", "{place}三号楼下的厨余垃圾桶破损一个多月，异味很大。")],
    "noise": [("工地夜间施工噪音扰民", "{place}旁边的工地每晚十一点以后还在打桩，严重影响休息。"),
              ("广场舞音响音量过大", "{place}广场每天晚上音响声音很大，家中有备考学生。")],
    "old-housing": [("老旧小区加装电梯进度", "{place}的加装电梯申请已经公示三个月，想了解什么时候开工。"),
                    ("雨污管网改造后路面未恢复", "{place}管网改造完工两周了，路面仍是碎石，老人出行不便。")],
    "property-management": [("物业费上涨未公示", "{place}物业通知物业费上涨，但没有公示收支情况。"),
                            ("楼道照明长期损坏", "{place}五号楼楼道灯坏了很久，物业一直说没有配件。")],
    "public-transport": [("公交站台缺少遮雨棚", "{place}公交站台没有遮雨棚，雨天候车很不方便。"),
                         ("早高峰公交班次太少", "{place}到地铁站的接驳公交早高峰要等二十分钟。")],
    "school-enrolment": [("幼升小学位咨询", "孩子户籍在{place}，想了解今年对口小学的学位情况和报名材料。")],
    "medical-services": [("社区卫生服务中心周末不开放", "{place}的社区卫生服务中心周末不开诊，上班族很难看病。"),
                         ("家庭医生签约后联系不上", "签约{place}家庭医生后，电话一直无人接听。")],
    "elderly-care": [("社区老年助餐点开设建议", "{place}独居老人多，建议在社区开设老年助餐点。"),
                     ("高龄津贴申领流程咨询", "家中老人在{place}，想了解高龄津贴如何申领。")],
    "food-safety": [("菜市场熟食摊卫生问题", "{place}菜市场熟食摊没有防蝇设施，从业人员不戴口罩。")],
    "employment": [("灵活就业社保补贴咨询", "在{place}做灵活就业，想了解社保补贴的申请条件。")],
    "pollution": [("餐馆油烟直排扰民", "{place}底商的餐馆油烟没有经过净化直接排放，窗户都不能开。"),
                  ("河道有异味", "{place}附近的河道夏天有明显异味，怀疑有污水直排。")],
    "public-security": [("小区周边有人散发诈骗传单", "{place}周边最近有人散发“高息理财”传单，老人容易上当。")],
}
ANSWERS = [
    "您好，您反映的问题已收悉。我局已组织执法人员到现场核查，责令相关单位立即整改，并将持续跟踪。感谢您的监督。",
    "经核实，情况属实。我们已协调街道和物业于本周内完成整改，并建立长效巡查机制。如仍有问题请再次反映。",
    "您好，您咨询的政策已于今年发布，具体条件和材料请见我局网站“办事指南”栏目，也可拨打服务热线咨询。",
    "已将您的建议纳入明年民生实事项目的研究范围，我们将在征求周边居民意见后推进，进展将在网站公开。",
]
FOLLOW_UPS = ["再次到现场核查后，已增设隔离设施并安排专人每日巡查，请您继续监督。",
              "针对您的补充意见，我们已约谈责任单位，整改结果将在两周内复核。"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"]
STREETS = ["和平路", "幸福里", "建设大街", "光明巷", "人民路", "青年路", "文化街", "解放路"]


def fake_contact(rng):
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
    email = f"{rng.choice(['wang', 'li', 'zhang', 'liu', 'chen', 'zhao', 'sun'])}{rng.randrange(100, 9999)}@" \
            f"{rng.choice(['example.cn', 'example.com', 'mail.example.org'])}"
    address = f"{rng.choice(STREETS)}{rng.randrange(1, 300)}号{rng.randrange(1, 20)}栋{rng.randrange(1, 6)}单元" \
              f"{rng.randrange(1, 30)}{rng.randrange(1, 5):02d}室"
    return {"name": name, "phone": phone, "email": email, "address": address}


@contextlib.contextmanager
def clock(when):
    """Run domain methods as if it were `when` (and without queuing demo emails)."""
    with mock.patch("django.utils.timezone.now", return_value=when), \
            mock.patch.object(notices, "notify"), mock.patch.object(intake, "notify"):
        yield


def _staff(department):
    User = get_user_model()
    return User.objects.filter(groups=department.staff_group_id).first() if department.staff_group_id else None


def seed(command):
    out = command.stdout
    if Open311Client.objects.filter(name=MARKER).exists():
        out.write("Demands: already seeded.")
        return
    topics = {t.slug: t for t in Topic.objects.select_related("default_department")}
    grids = list(Area.objects.filter(kind=Area.Kind.GRID).select_related("parent"))
    departments = list(Department.objects.all())
    if not topics or not grids or not departments:
        out.write("Demands: no topics/areas/departments yet; skipped.")
        return
    User = get_user_model()
    from content.roles import MODERATORS, SUPERVISORS

    moderator = User.objects.filter(groups__name=MODERATORS).first() or User.objects.filter(is_superuser=True).first()
    supervisor = User.objects.filter(groups__name=SUPERVISORS).first() or moderator
    residents = list(User.objects.filter(username__startswith="jumin").order_by("pk")) or [None]
    rng = random.Random(311)
    calendar.load_year(2026)  # the official 2026 arrangement: holidays and 调休 working days

    now = timezone.now()
    counts = {}
    with transaction.atomic():
        made = []
        for i in range(COUNT):
            slug = rng.choice([s for s in PROBLEMS if s in topics] or list(topics))
            topic = topics[slug]
            grid = rng.choice(grids)
            title, text = rng.choice(PROBLEMS.get(slug, [("社区问题反映", "{place}有问题需要处理。")]))
            age = datetime.timedelta(days=rng.uniform(0.2, 120), hours=rng.uniform(0, 10))
            t = now - age
            kind = {"school-enrolment": "enquiry", "employment": "enquiry", "elderly-care": "help"}.get(
                slug, rng.choice(["complaint", "complaint", "suggestion", "help", "enquiry"]))
            author = rng.choice(residents)
            with clock(t):
                demand = intake.submit_demand(
                    title=title, description=text.format(place=grid.parent.name + grid.name), topic=topic, area=grid,
                    kind=kind, is_public=rng.random() > 0.15, author=author,
                    channel=rng.choice(["web"] * 6 + ["phone", "in_person", "open311"]), contact=fake_contact(rng),
                    submitted_at=t,
                )
            made.append(demand)
            final = _walk(demand, t, now, rng, moderator, supervisor, departments, made)
            counts[final] = counts.get(final, 0) + 1
        for demand in made[::3]:
            if demand.is_public and demand.status not in (Status.MERGED, Status.REJECTED):
                for user in rng.sample(residents, k=min(len(residents), rng.randrange(0, 4))):
                    if user and user.pk != demand.author_id:
                        DemandSupport.objects.get_or_create(demand=demand, user=user)
        handed = _hand_over_disputes(made, now, rng)
        client = Open311Client.objects.create(name=MARKER)
    out.write(f"Demands: {COUNT} seeded ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}); "
              f"{handed} handed to the demo mediation organisation (log in as {DEMO_MEDIATION[0]}@example.com, "
              f"its work list is /demands/handled/); Open311 demo api_key: {client.api_key}")


# 交办 in the demo, per topic where a demand may be a dispute between residents: (why the department hands it over,
# the mediation organisation's answer).
MEDIATION = {
    "noise": ("邻里之间的噪声纠纷，适合由人民调解委员会上门调解。",
              "调解员已两次上门，与双方当面沟通：音响使用方同意晚上九点后调低音量并改用定向音箱，活动时间改为"
              "晚七点至九点；双方签署了调解协议，一个月后我们将回访。"),
    "property-management": ("业主与物业服务企业之间的纠纷，适合由人民调解委员会组织双方协商。",
                            "调解员组织业主代表与物业公司当面协商：物业同意在小区公告栏和业主群公示近两年的收支明细，"
                            "并先修复报修未处理的设施；双方签署了调解协议，一个月后我们将回访。"),
}


def _hand_over_disputes(made, now, rng):
    """The two most recently accepted public demands on a MEDIATION topic go to the demo mediation organisation;
    it answers the earlier one, the other waits on its work list (/demands/handled/)."""
    account = demo_mediation_organisation()
    organisation = OrganisationVerification.objects.filter(user=account).first()
    disputes = [d for d in made if d.status == Status.ACCEPTED and d.is_public and d.round == 1
                and d.topic.slug in MEDIATION and d.handler_id is None]
    accepted_at = {d.pk: d.events.filter(action="accepted").latest("created_at").created_at for d in disputes}
    disputes = sorted(disputes, key=lambda d: accepted_at[d.pk])[-2:]
    if organisation is None or not disputes:
        return 0
    for n, demand in enumerate(disputes):
        reason, answer = MEDIATION[demand.topic.slug]
        since = now - accepted_at[demand.pk]  # each step later than the last, before now
        handed_at = accepted_at[demand.pk] + since * rng.uniform(0.1, 0.3)
        with clock(handed_at):
            demand.hand_over(to=organisation, by=_staff(demand.department), reason=reason)
        if n == 0:
            with clock(handed_at + min(since * 0.5, datetime.timedelta(days=2))):
                demand.answer_as_organisation(text=answer, by=account)
    return len(disputes)


def _walk(demand, t, now, rng, moderator, supervisor, departments, made):
    """Move one demand along the lifecycle, each step later than the last, stopping before `now`."""

    def step(hours_low, hours_high):
        nonlocal t
        t = t + datetime.timedelta(hours=rng.uniform(hours_low, hours_high))
        return t if t < now else None

    # Where this demand's story stops (if the clock allows): every state, open ones included.
    target = rng.choices(
        ["submitted", "rejected", "merged", "forwarded", "accepted", "answered", "closed", "follow-up"],
        [6, 6, 5, 9, 12, 8, 42, 12])[0]
    if target in ("forwarded", "accepted") and now - t > datetime.timedelta(days=20) and rng.random() < 0.75:
        target = "closed"  # most old demands are done; the rest stay open and overdue
    returned_first = rng.random() < 0.08
    try:
        if target == "submitted":
            if returned_first:  # routed, returned by the wrong department, waiting for triage again
                wrong = rng.choice(departments)
                if when := step(1, 20):
                    with clock(when):
                        demand.forward(to=wrong, by=moderator)
                    if when := step(4, 40):
                        with clock(when):
                            demand.return_to_triage(by=_staff(wrong), reason="不属于本部门职责，请转交主管部门。")
            return demand.status
        if target == "rejected" and (when := step(1, 30)):
            with clock(when):
                demand.reject(by=moderator, reason="经核实不属于政务服务范围，已告知通过司法途径解决。")
            return "rejected"
        if target == "merged" and len(made) > 5 and (when := step(1, 30)):
            survivor = next((d for d in reversed(made[:-1]) if d.topic_id == demand.topic_id
                             and d.status not in (Status.MERGED, Status.REJECTED)), None)
            if survivor:
                with clock(when):
                    demand.merge(into=survivor, by=moderator)
                return "merged"
        suggested = demand.topic.default_department or rng.choice(departments)
        if returned_first and (when := step(1, 20)):  # first sent to the wrong department, returned
            wrong = rng.choice([d for d in departments if d != suggested] or departments)
            with clock(when):
                demand.forward(to=wrong, by=moderator)
            if not (when := step(4, 40)):
                return "forwarded"
            with clock(when):
                demand.return_to_triage(by=_staff(wrong), reason="不属于本部门职责，请转交主管部门。")
        if not (when := step(1, 40)):
            return demand.status
        with clock(when):
            demand.forward(to=suggested, by=moderator)
        staff = _staff(suggested)
        if target == "forwarded" or not (when := step(2, 70 if rng.random() < 0.8 else 120)):
            return "forwarded"
        with clock(when):
            demand.accept(by=staff)
        if rng.random() < 0.12 and (when := step(5, 48)):
            with clock(when):
                request = demand.request_extension(days=rng.choice([3, 5]), reason="需协调多个部门现场会商。", by=staff)
            if when2 := step(2, 24):
                with clock(when2):
                    demand.decide_extension(request, grant=rng.random() < 0.7, by=supervisor)
        late = rng.random() < 0.15
        if target == "accepted" or not (when := step(8, 24 * (25 if late else 9))):
            return "accepted"
        with clock(when):
            demand.answer(text=rng.choice(ANSWERS), by=staff)
        if target == "answered" or rng.random() < 0.15:  # left unrated: closes by itself after 7 days
            if now - when > datetime.timedelta(days=7):
                with clock(when + datetime.timedelta(days=7, hours=1)):
                    demand.auto_close()
                return "auto_closed"
            return "answered"
        if not (when := step(2, 24 * 5)):
            return "answered"
        satisfaction = "dissatisfied" if target == "follow-up" else rng.choices(
            ["satisfied", "basically_satisfied", "dissatisfied"], [60, 30, 10])[0]
        resolved = None if rng.random() < 0.2 else (satisfaction != "dissatisfied" and rng.random() < 0.9)
        with clock(when):
            demand.rate(satisfaction=satisfaction, resolved=resolved, by=demand.author,
                        comment="" if rng.random() < 0.6 else "谢谢！")
        if demand.status != Status.ACCEPTED:
            return "closed"
        if not (when := step(24, 24 * 10)):
            return "follow-up open"
        with clock(when):
            demand.answer(text=rng.choice(FOLLOW_UPS), by=staff)
        if (when := step(2, 24 * 4)):
            with clock(when):
                satisfaction = rng.choice(["satisfied", "basically_satisfied", "dissatisfied"])
                demand.rate(satisfaction=satisfaction, resolved=satisfaction != "dissatisfied", by=demand.author)
            return "closed after follow-up"
        return "answered (follow-up)"
    except TransitionNotAllowed:
        return demand.status
