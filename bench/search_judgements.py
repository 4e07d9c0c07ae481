"""The judged queries of bench/search.py: what a reader of the demo site expects at the top.

The collection is the demo site (``seed_demo``) with five times its demands (1,000, so that many
demands share a title, as they do on a live site: the seed draws titles from a short list) and one
new article, published after the seed (``NEW_STORIES``). Each query lists the results a reader
expects, by title, graded from what the title and summary say — written from the documents, not
from the ranking:

    3  the page or demand is about exactly this (the query names its subject)
    2  clearly about it (the title mentions it, or it is the department that handles it)
    1  relevant: it mentions the subject, or is closely related

Every unlisted result counts 0. A title counts once: the first hit with a judged title earns its
grade, further hits with the same title earn 0 (nine copies of one demand tell the reader one thing).
NDCG@10 uses exponential gain (2^grade − 1) and the ideal order of the listed grades.
"""

import math

NEW_STORIES = [
    # (section slug, title, summary, body paragraph) — published after the seed, like the case
    ("news", "全区电梯安全大检查启动 老旧电梯逐台体检",
     "市场监督管理局对住宅小区在用电梯开展为期两个月的安全检查。",
     "检查覆盖全区2,300部在用电梯，运行超过十五年的老旧电梯逐台体检，发现隐患当场责令维保单位整改。"),
]

JUDGED = {
    "电梯": {"加装电梯补贴政策解读": 3, "幸福社区加装电梯全部完工 老人下楼不再难": 3, "全区电梯安全大检查启动 老旧电梯逐台体检": 3,
           "老旧小区加装电梯进度": 2, "今年改造老旧小区14个 惠及居民6800户": 1, "电动自行车集中充电管理规定解读": 1,
           "住房和城乡建设局": 1},
    "社区": {"三条社区微循环公交开通 串起地铁站、医院和菜市场": 2, "区医院专家每周下沉社区坐诊 居民家门口看专家": 2,
           "32个社区长者食堂全部开业 老人助餐最高补贴5元": 2, "社区与区医院检查结果互认 减少重复检查": 2,
           "社区卫生服务中心开设延时门诊 下班后也能看病": 2, "湖畔社区日间照料中心开门迎客": 2,
           "幸福社区边角地变身停车场 新增车位86个": 2, "春晖社区的“桶边督导员”：每天早晚各站两小时": 2,
           "滨河社区广场舞“公约”出炉 音量时段居民商量着定": 2, "幸福社区加装电梯全部完工 老人下楼不再难": 2,
           "光明里社区成立业主委员会 公共收益首次晒账本": 2, "社区卫生服务中心周末不开放": 2, "社区老年助餐点开设建议": 2,
           "长者助餐补贴政策问答": 1, "民政局": 1},
    "停车": {"一图读懂：错时共享停车实施意见": 3, "全区推行错时共享停车 首批开放车位1260个": 3,
           "12条道路试行夜间路内停车 晚七点至早七点免费": 3, "幸福社区边角地变身停车场 新增车位86个": 3,
           "小区门口违章停车堵塞消防通道": 2, "光明中学门口设置临时接送区 上下学不再堵": 1, "共享车位预约后仍被占用": 1,
           "春晖里改造方案三上三下 居民意见写进设计图": 1, "光明里社区成立业主委员会 公共收益首次晒账本": 1},
    "垃圾分类": {"政策解读：生活垃圾分类管理办法（修订）": 3, "垃圾分类实施三年 居民参与率超过九成": 3,
             "垃圾分类投放点夜间满溢": 2, "误时投放点上线 上班族扔垃圾不再赶时间": 2,
             "春晖社区的“桶边督导员”：每天早晚各站两小时": 1, "城市管理局": 1, "厨余垃圾桶破损无人更换": 1,
             "Late drop-off points make waste sorting easier for commuters": 1},
    "噪音": {"工地夜间施工噪音扰民": 3, "夜间施工审批收紧 未经许可一律依法查处": 2, "噪声自动监测点上线 超标即时提醒施工单位": 2,
           "广场舞音响音量过大": 1, "滨河社区广场舞“公约”出炉 音量时段居民商量着定": 1},
    "夜间施工": {"夜间施工管理办法问答": 3, "夜间施工审批收紧 未经许可一律依法查处": 3, "工地夜间施工噪音扰民": 2,
             "噪声自动监测点上线 超标即时提醒施工单位": 1},
    "物业": {"物业服务“红黑榜”发布 8个项目被亮黄牌": 3, "物业服务考评办法解读": 3, "物业费上涨未公示": 2,
           "楼道照明长期损坏": 1, "光明里社区成立业主委员会 公共收益首次晒账本": 1, "住房和城乡建设局": 1},
    "公交": {"三条社区微循环公交开通 串起地铁站、医院和菜市场": 3, "公交线网优化方案问答": 3,
           "居民建议被采纳 和平路公交站挪近地铁口80米": 3, "早高峰公交班次太少": 2, "公交站台缺少遮雨棚": 2,
           "New bus lanes on Heping Road shorten the morning commute": 1, "交通运输局": 1},
    "入学": {"2026年义务教育入学政策问答": 3, "2026年小学入学报名5月6日开始 全程网上办理": 3,
           "新华街道新建小学秋季开学 新增学位540个": 2, "幼升小学位咨询": 1, "教育局": 1},
    "家庭医生": {"家庭医生签约服务政策解读": 3, "家庭医生上门服务 独居老人有了“健康管家”": 3, "家庭医生签约后联系不上": 2,
             "卫生健康委员会": 1},
    "长者食堂": {"32个社区长者食堂全部开业 老人助餐最高补贴5元": 3, "长者助餐补贴政策问答": 3,
             "Community canteens for older residents now open in every street": 1, "社区老年助餐点开设建议": 1},
    "助餐": {"长者助餐补贴政策问答": 3, "32个社区长者食堂全部开业 老人助餐最高补贴5元": 3, "社区老年助餐点开设建议": 2},
    "食品安全": {"上半年食品抽检合格率98.7% 不合格产品全部下架": 3, "市场监督管理局": 2, "菜市场熟食摊卫生问题": 1,
             "学校食堂“明厨亮灶”全覆盖 家长手机上看后厨": 1, "“明厨亮灶”工作方案解读": 1},
    "明厨亮灶": {"“明厨亮灶”工作方案解读": 3, "学校食堂“明厨亮灶”全覆盖 家长手机上看后厨": 3},
    "就业": {"“家门口”就业服务站覆盖所有街道 每月固定举办招聘会": 3, "灵活就业社保补贴咨询": 2, "人力资源和社会保障局": 2,
           "首次创业可领5000元补贴 光明街道首批12人获发放": 1, "Monthly job fairs come to neighbourhood service stations": 1},
    "创业补贴": {"首次创业可领5000元补贴 光明街道首批12人获发放": 3, "Start-up grants for first-time founders: what changes": 3},
    "河道": {"滨河河道整治见成效 水质由V类提升至IV类": 3, "河道有异味": 2},
    "油烟": {"沿街餐饮油烟扰民 420家商户完成净化改造": 3, "餐馆油烟直排扰民": 2},
    "诈骗": {"反诈宣传进万家 电信诈骗案件同比下降22%": 3, "小区周边有人散发诈骗传单": 2},
    "充电": {"集中充电桩进小区 楼道“飞线充电”基本消除": 3, "电动自行车集中充电管理规定解读": 3},
    "老旧小区": {"今年改造老旧小区14个 惠及居民6800户": 3, "老旧小区雨污分流改造启动 雨季不再“水漫金山”": 3,
             "老旧小区加装电梯进度": 2, "全区推行错时共享停车 首批开放车位1260个": 1,
             "12条道路试行夜间路内停车 晚七点至早七点免费": 1, "幸福社区加装电梯全部完工 老人下楼不再难": 1,
             "春晖里改造方案三上三下 居民意见写进设计图": 1, "住房和城乡建设局": 1},
    "雨污分流": {"老旧小区雨污分流改造启动 雨季不再“水漫金山”": 3, "雨污管网改造后路面未恢复": 1},
    "快递": {"快递包装减量行动启动 30个网点设置回收箱": 3},
    "广场舞": {"滨河社区广场舞“公约”出炉 音量时段居民商量着定": 3, "广场舞音响音量过大": 2},
    "社区卫生服务中心": {"社区卫生服务中心开设延时门诊 下班后也能看病": 3, "社区卫生服务中心周末不开放": 2,
                 "区医院专家每周下沉社区坐诊 居民家门口看专家": 2, "社区与区医院检查结果互认 减少重复检查": 1},
    "waste sorting": {"Late drop-off points make waste sorting easier for commuters": 3},
    "bus": {"New bus lanes on Heping Road shorten the morning commute": 3},
    "canteen": {"Community canteens for older residents now open in every street": 3},
    "错时共享停车": {"一图读懂：错时共享停车实施意见": 3, "全区推行错时共享停车 首批开放车位1260个": 3, "共享车位预约后仍被占用": 1},
    "学位": {"新华街道新建小学秋季开学 新增学位540个": 3, "幼升小学位咨询": 2, "2026年义务教育入学政策问答": 1},
}


def title_key(title):
    return "".join(str(title).split())


def ndcg(ranked_titles, grades, k=10):
    """NDCG@k of ``ranked_titles`` against ``{title: grade}`` (a title earns its grade once)."""
    grades = {title_key(t): g for t, g in grades.items()}
    seen, dcg = set(), 0.0
    for i, title in enumerate(ranked_titles[:k]):
        key = title_key(title)
        gain = 0 if key in seen else grades.get(key, 0)
        seen.add(key)
        dcg += (2**gain - 1) / math.log2(i + 2)
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def seed_collection():
    """The demo site with 1,000 demands, plus NEW_STORIES, indexed by update_index."""
    from unittest import mock

    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from content.models import ArticlePage
    from engagement.demands import seed as demand_seed

    with mock.patch.object(demand_seed, "COUNT", 1000):
        call_command("seed_demo", force=True, no_index=True, verbosity=0, stdout=_Null())
    for section_slug, title, summary, paragraph in NEW_STORIES:
        section = Page.objects.get(slug=section_slug, locale=Locale.get_default()).specific  # not its English copy
        article = ArticlePage(title=title, summary=summary, body=[("paragraph", f"<p>{paragraph}</p>")],
                              first_published_at=timezone.now())
        section.add_child(instance=article)
        article.save_revision().publish()
    call_command("update_index", verbosity=0, no_progress=True, stdout=_Null())


class _Null:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def judge(k=10):
    """[(query, NDCG@k, top titles)] over the site search (what a reader sees on /search/)."""
    from search import service

    rows = []
    for query, grades in JUDGED.items():
        outcome = service.run_search(query, service.Filters())
        titles = [hit.title for hit in outcome.page.object_list] if outcome.page else []
        rows.append((query, ndcg(titles, grades, k), titles))
    return rows
