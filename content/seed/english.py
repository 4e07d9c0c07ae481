"""The demo's English edition: English translations of the home page, the sections, and several stories.

Called from ``seed_demo`` once the Chinese content exists. Each translation is made the way an editor's
is (Wagtail's ``copy_for_translation``: same translation key, the English locale, under the English
translation of its parent) and then given its English text and published; the stories keep their
originals' publication dates, tags and images. The other stories stay Chinese-only: the English
edition does not list them, and ``/en/<their path>`` shows them with the "in Chinese only" notice.
Idempotent: a page that already has its English translation is left alone.
"""

import json

from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from ..models import ArticlePage, PolicyPage, SectionPage
from ..models.pages import HomePageLeadStory, PolicyDocument
from ..workflows import ensure_editorial_workflow

ENGLISH = "en"
HOME = {"title": "Gongzhi", "intro": "Governance news, policy explainers and residents' voices: "
                                     "building, governing and sharing the city together."}
#: section slug: (title, intro)
SECTIONS = {
    "news": ("News", "Key meetings and priorities of the district government, and what its departments are doing."),
    "policies": ("Policy explainers", "New policies made plain: the key points, questions and answers, and "
                                      "the original documents."),
    "community": ("Community life", "What happens on our streets: parking, waste sorting, renovating old "
                                    "housing estates, care for older people, and seeing a doctor."),
}
#: article slug: title, standfirst, paragraphs, quote (text, attribution), key facts, caption
ARTICLES = {
    "shared-parking-launch": (
        "District opens 1,260 shared parking spaces at night",
        "Eighteen car parks of public offices and companies now open to nearby residents in the evening, "
        "easing parking in older housing estates.",
        ["Parking is one of the problems residents raise most often: last year more than one in ten "
         "demands to the 12345 hotline and on this site concerned it.",
         "From this month the car parks of eighteen public offices and companies open to residents from "
         "7 pm to 7:30 am and all day at weekends. Residents apply through their community or online and "
         "sign a short agreement with the car park."],
        ("Sharing is not a stopgap: it makes full use of spaces we already have.",
         "A spokesperson for the City Management Bureau"),
        ["1,260 new shared spaces", "18 car parks taking part", "Open 19:00 to 07:30"],
        "Heping Street: shared parking",
    ),
    "garbage-sorting-three-years": (
        "Three years of waste sorting: nine in ten residents take part",
        "The district now separates 186 tonnes of kitchen waste a day, and every grid has a late drop-off point.",
        ["Three years after the district's waste-sorting rules took effect, neighbourhood volunteers and "
         "monthly checks have made sorting a habit in most housing estates.",
         "Collection trucks are now scheduled by grid, and the results of every estate's checks are "
         "published each month."],
        ("Sorting works when it is easy to do right.", "A volunteer at Chunhui Community"),
        ["186 tonnes of kitchen waste separated daily", "Over 90% of households take part",
         "A late drop-off point in every grid"],
        "Dongcheng District: waste sorting",
    ),
    "old-housing-plan": (
        "Fourteen old housing estates to be renovated this year, benefiting 6,800 households",
        "Residents vote on what is done: new pipes, lifts and step-free access are planned together.",
        ["Each estate's plan is drawn up with its residents: the options are put to a vote, and the "
         "winning design is shown on site before work begins.",
         "Work on pipes and roads is scheduled to avoid the rainy season, and progress is reported every month."],
        ("We listened first, then we drew the plan.", "A spokesperson for the Housing and Construction Bureau"),
        ["14 estates in this year's programme", "6,800 households benefit", "Residents vote on each plan"],
        "Dongcheng District: renovating old estates",
    ),
    "community-bus-lines": (
        "Three community bus routes link metro stations, the hospital and the market",
        "Residents along the routes helped design them; at peak hours a bus comes every six minutes.",
        ["The three short circular routes were proposed in residents' demands and refined at two public "
         "meetings, where older residents asked for stops near the hospital and the market.",
         "Fares are the same as on other city buses, and the timetable is posted at every stop."],
        ("My mother can get to her check-ups without changing buses.", "A resident of Guangming Street"),
        ["3 new community routes", "Every 6 minutes at peak hours", "Designed with residents"],
        "Community bus routes",
    ),
    "experts-in-community": (
        "Hospital specialists now see patients in community clinics every week",
        "Cardiologists, endocrinologists and other specialists hold regular sessions at community health centres.",
        ["Residents no longer need to travel to the district hospital for many specialist appointments: "
         "the specialists come to the community health centres on fixed days each week.",
         "Appointments are booked at the centre or online, and test results are recognised by both."],
        ("Seeing a specialist near home saves older patients a whole morning.",
         "A doctor at the Binhe community health centre"),
        ["Weekly specialist sessions", "Booked at the centre or online", "Results recognised by the hospital"],
        "Community health centre",
    ),
    "xingfu-elevators": (
        "All new lifts at Xingfu Community are finished",
        "The eleven lifts of the first phase are in service: Mr Zhang on the sixth floor can go out for a walk every day.",
        ["The lifts were fitted to blocks built in the 1990s after at least two thirds of each stairwell's "
         "owners agreed; the district's subsidy covered a large share of the cost.",
         "Ground-floor owners were consulted on how the costs are shared, and the residents' committee "
         "publishes the maintenance accounts."],
        ("For the first time in years I can go downstairs whenever I like.", "Mr Zhang, a resident"),
        ["11 lifts in service", "Two thirds of owners agreed in each stairwell", "Maintenance accounts published"],
        "Xingfu Community: the new lifts",
    ),
    "family-doctor": (
        "Family doctors visit older residents who live alone",
        "The family-doctor team at Binhe Community makes home visits and advises on medicines for residents "
        "who find it hard to get out.",
        ["Each older resident living alone has a named family doctor who visits regularly, checks blood "
         "pressure and medicines, and can be reached by phone.",
         "Residents or their families can ask for the service at the community health centre."],
        ("Now someone checks on me every week.", "A resident of Binhe Community"),
        ["Regular home visits", "A named doctor for each resident", "Free for residents over 80"],
        "Binhe Community: family doctors",
    ),
    "late-drop-points": (
        "Late drop-off points let commuters sort their waste at any hour",
        "Every grid now has a point where residents who leave early and come home late can drop off sorted waste.",
        ["Residents who work long hours told the community that the fixed drop-off times did not suit them.",
         "Each grid now has a staffed point open until late evening, and an unstaffed one with clearly "
         "marked bins for the rest of the night."],
        ("I no longer have to rush home to catch the bins.", "A resident of Huayuan Community"),
        ["A late drop-off point in every grid", "Open until late evening", "Suggested by residents"],
        "Huayuan Community: late drop-off point",
    ),
}
#: policy slug: title, standfirst, policy title, key points, questions and answers
POLICIES = {
    "shared-parking-policy": (
        "Shared parking explained in one page",
        "When shared spaces open, what they cost and who is responsible for safety.",
        "Implementing Opinions on Promoting Off-Peak Shared Parking",
        ["Car parks of public offices, institutions and companies open to nearby residents at night and on holidays",
         "Shared spaces cost no more than comparable car parks nearby",
         "Each car park signs an agreement with its users that sets out who is responsible for safety"],
        [("Which car parks take part?", "The first eighteen car parks of public offices and companies; the list "
                                        "is published on the district government's website and kept up to date."),
         ("How do I apply for a shared space?", "Apply through your community or on the Gongzhi site; once "
                                                "approved, you sign an agreement with the car park.")],
    ),
    "elevator-subsidy": (
        "The lift subsidy explained",
        "Eligible multi-storey housing blocks that fit a lift can receive a subsidy of up to 200,000 yuan per lift.",
        "Measures on Subsidies for Fitting Lifts to Existing Multi-Storey Housing",
        ["Blocks of four or more storeys may apply to fit a lift",
         "The subsidy is up to 200,000 yuan per lift",
         "At least two thirds of the stairwell's owners must agree"],
        [("How do I apply for the subsidy?", "The owners' representative submits the application to the street "
                                             "office; the Housing and Construction Bureau reviews it and pays."),
         ("What if the ground-floor owners do not agree?", "The community organises a consultation; sharing the "
                                                           "costs differently can reconcile everyone's interests.")],
    ),
}
LEAD_STORIES = ["shared-parking-launch", "old-housing-plan", "community-bus-lines"]


def seed_english(command, home):
    """Translate the demo's home page, sections, ``ARTICLES`` and ``POLICIES`` into English."""
    english, _ = Locale.objects.get_or_create(language_code=ENGLISH)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["editor", "chief"])}
    author, publisher = users.get("editor"), users.get("chief")

    def translate(original, **english_fields):
        page = original.get_translation_or_none(english)
        if page is not None:
            return page.specific
        page = original.copy_for_translation(english).specific
        for name, value in english_fields.items():
            setattr(page, name, value)
        revision = page.save_revision(user=author, log_action=False, clean=False)
        revision.publish(user=publisher, log_action=False)
        when = original.first_published_at
        if when is not None:  # the translation appears in the listings where its original does
            Page.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
        command.created += 1
        return page

    english_home = translate(home, title=HOME["title"], intro=HOME["intro"])
    Site.clear_site_root_paths_cache()  # /en/ is served from the new root from now on
    for section in SectionPage.objects.child_of(home).filter(slug__in=SECTIONS):
        title, intro = SECTIONS[section.slug]
        translate(section, title=title, intro=intro)
    translated = {}
    for original in ArticlePage.objects.descendant_of(home).filter(slug__in=ARTICLES, locale=home.locale):
        title, summary, paragraphs, quote, facts, caption = ARTICLES[original.slug]
        translated[original.slug] = translate(
            original, title=title, summary=summary, hero_caption=caption, hero_credit="Gongzhi newsroom",
            byline="Gongzhi newsroom", body=_article_body(summary, paragraphs, quote, facts),
        )
    for original in PolicyPage.objects.descendant_of(home).filter(slug__in=POLICIES, locale=home.locale):
        title, summary, policy_title, points, qa = POLICIES[original.slug]
        translate(
            original, title=title, summary=summary, policy_title=policy_title,
            key_points=json.dumps([{"type": "point", "value": p} for p in points]),
            questions=json.dumps([{"type": "qa", "value": {"question": q, "answer": f"<p>{a}</p>"}} for q, a in qa]),
            documents=[PolicyDocument(document=d.document, title="The policy (original, in Chinese)")
                       for d in original.documents.all()],
        )
    _english_lead_stories(english_home, translated)
    ensure_editorial_workflow()  # the English sections go through the same approval as their originals


def _english_lead_stories(english_home, translated):
    """The English home page leads with English stories (its copy pointed at the Chinese ones)."""
    wanted = [translated[slug] for slug in LEAD_STORIES if slug in translated]
    if [lead.story_id for lead in english_home.lead_stories.order_by("sort_order")] == [p.pk for p in wanted]:
        return
    HomePageLeadStory.objects.filter(page=english_home).delete()
    for order, story in enumerate(wanted):
        HomePageLeadStory.objects.create(page=english_home, story=story, sort_order=order)


def _article_body(summary, paragraphs, quote, facts):
    blocks = [{"type": "paragraph", "value": f"<p>{summary}</p>"}]
    blocks += [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs[:1]]
    blocks.append({"type": "heading", "value": {"text": "What changes", "level": "h2"}})
    blocks += [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs[1:]]
    blocks.append({"type": "quote", "value": {"text": quote[0], "attribution": quote[1]}})
    blocks.append({"type": "key_facts", "value": {"title": "Key facts", "facts": facts}})
    return json.dumps(blocks)
