"""What visitors see: the poll pages, the panels on stories and the home page, results by visibility rule."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.polls.models import Poll
from engagement.polls.services import cast_vote
from tests.factories import ArticlePageFactory, UserFactory
from tests.polls.factories import PollFactory

pytestmark = pytest.mark.django_db

ALWAYS, AFTER_VOTING, AFTER_CLOSING = (
    Poll.ResultsVisibility.ALWAYS, Poll.ResultsVisibility.AFTER_VOTING, Poll.ResultsVisibility.AFTER_CLOSING,
)


def vote(poll, user, index=0):
    return cast_vote(poll, [poll.choices.order_by("sort_order")[index].pk], user=user)


def test_results_are_a_bar_chart_with_percentages_and_counts(client):
    poll = PollFactory(choices=["支持", "反对"], results_visibility=ALWAYS)
    for i in range(3):
        vote(poll, UserFactory(), index=0)
    vote(poll, UserFactory(), index=1)

    html = client.get(f"/en/polls/{poll.pk}/").content.decode()

    assert "Results: 4 voters" in html
    assert "75.0% · 3 votes" in html
    assert "25.0% · 1 vote" in html
    assert 'width="75.0%"' in html and "style=" not in html  # the bar, drawn on the server (SVG, no inline style)
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main  # the results need no script (the site's own me.js sits after <main>)


def test_after_voting_results_are_hidden_until_the_visitor_votes(client, resident):
    poll = PollFactory(results_visibility=AFTER_VOTING)
    vote(poll, UserFactory())
    client.force_login(resident)

    before = client.get(f"/en/polls/{poll.pk}/").content.decode()
    vote(poll, resident)
    after = client.get(f"/en/polls/{poll.pk}/").content.decode()

    assert "Results are shown once you have voted." in before and "poll-results__bar" not in before
    assert "Results: 2 voters" in after and "your choice" in after


def test_after_closing_results_stay_hidden_while_open_even_to_voters(client, resident):
    poll = PollFactory(results_visibility=AFTER_CLOSING)
    vote(poll, resident)
    client.force_login(resident)

    html = client.get(f"/en/polls/{poll.pk}/").content.decode()

    assert "Results are shown when the poll closes." in html
    assert "poll-results__bar" not in html
    assert "You have voted in this poll." in html


def test_after_closing_results_show_to_everyone_once_closed(client):
    poll = PollFactory(results_visibility=AFTER_CLOSING)
    vote(poll, UserFactory())
    poll.close()

    html = client.get(f"/en/polls/{poll.pk}/").content.decode()

    assert "Results: 1 voter" in html
    assert "Closed" in html
    assert 'name="choice"' not in html


def test_an_open_poll_offers_radio_buttons_or_checkboxes(client, resident):
    single = PollFactory(kind=Poll.Kind.SINGLE)
    multiple = PollFactory(kind=Poll.Kind.MULTIPLE)
    client.force_login(resident)

    assert 'type="radio" name="choice"' in client.get(f"/polls/{single.pk}/").content.decode()
    assert 'type="checkbox" name="choice"' in client.get(f"/polls/{multiple.pk}/").content.decode()


def test_anonymous_visitors_see_a_login_link_on_account_only_polls(client):
    account_poll = PollFactory(allow_anonymous=False)
    open_poll = PollFactory(allow_anonymous=True)

    assert "Log in to vote" in client.get(f"/en/polls/{account_poll.pk}/").content.decode()
    assert 'name="choice"' in client.get(f"/en/polls/{open_poll.pk}/").content.decode()


def test_the_poll_list_separates_open_upcoming_and_closed(client):
    open_poll = PollFactory(question="现在可以投票吗")
    upcoming = PollFactory(question="下周开始的投票", upcoming=True)
    closed = PollFactory(question="已经结束的投票", closed=True)

    html = client.get("/en/polls/").content.decode()

    open_part, rest = html.split("Coming soon")
    upcoming_part, closed_part = rest.split('id="closed-polls"')
    assert open_poll.question in open_part
    assert upcoming.question in upcoming_part
    assert closed.question in closed_part


def test_question_and_choices_are_escaped(client):
    poll = PollFactory(question="<script>alert(1)</script>", choices=["<b>是</b>", "否"])
    html = client.get(f"/polls/{poll.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>是</b>" not in html


def test_an_unknown_poll_is_404(client):
    assert client.get("/polls/999999/").status_code == 404


def test_a_poll_attached_to_an_article_is_shown_and_votable_under_it(client, resident, news_section):
    article = ArticlePageFactory(parent=news_section)
    poll = PollFactory(page=article, question="这篇报道提到的措施您支持吗")
    client.force_login(resident)

    html = client.get(article.url).content.decode()

    assert poll.question in html
    assert f'action="/polls/{poll.pk}/vote/"' in html
    assert f'name="next" value="{article.url}"' in html
    assert "css/polls.css" in html


def test_a_poll_not_yet_open_is_not_shown_under_its_article(client, news_section):
    article = ArticlePageFactory(parent=news_section)
    poll = PollFactory(page=article, upcoming=True)
    assert poll.question not in client.get(article.url).content.decode()


def test_the_home_page_lists_open_polls_only(client, home):
    open_poll = PollFactory(question="开放中的投票")
    closed = PollFactory(question="已结束的投票", closed=True)
    upcoming = PollFactory(question="未开始的投票", upcoming=True)

    html = client.get("/").content.decode()

    assert open_poll.question in html
    assert f'href="/polls/{open_poll.pk}/"' in html
    assert closed.question not in html and upcoming.question not in html


def _queries_for_article(client, article):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(article.url).status_code == 200
    return len(ctx.captured_queries)


def test_the_poll_panel_takes_the_same_number_of_queries_however_many_polls_and_votes(client, resident, news_section):
    small = ArticlePageFactory(parent=news_section)
    large = ArticlePageFactory(parent=news_section)
    PollFactory(page=small)
    for i in range(4):
        poll = PollFactory(page=large, kind=Poll.Kind.MULTIPLE, choices=[f"选项{n}" for n in range(8)])
        for _ in range(5):
            vote(poll, UserFactory(), index=i)
    vote(poll, resident)
    client.force_login(resident)
    for article in (small, large):  # warm caches (site root paths, content types, each address's page type)
        _queries_for_article(client, article)

    assert _queries_for_article(client, small) == _queries_for_article(client, large)


def test_the_poll_panel_itself_uses_three_queries(rf, resident, news_section):
    from engagement.polls.panels import page_polls_panel

    article = ArticlePageFactory(parent=news_section)
    for _ in range(3):
        poll = PollFactory(page=article)
        vote(poll, UserFactory())
    request = rf.get(article.url)
    request.user = resident

    with CaptureQueriesContext(connection) as ctx:
        html = page_polls_panel(article, request)

    assert html.count('class="poll"') == 3
    # whether any page is restricted at all (content.sitewide, then cached; none is, so no ancestors
    # are looked up) + polls + choices with counts + the visitor's own picks
    assert len(ctx.captured_queries) == 4


def test_the_profile_lists_the_residents_own_votes_only(client, resident):
    mine = PollFactory(question="我投过的投票", choices=["公园", "停车场"])
    theirs = PollFactory(question="别人投过的投票")
    vote(mine, resident, index=1)
    vote(theirs, UserFactory())
    client.force_login(resident)

    response = client.get("/accounts/profile/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "我投过的投票" in html and "停车场" in html
    assert "别人投过的投票" not in html


def test_the_site_header_links_to_the_polls(client, home):
    assert 'href="/en/polls/"' in client.get("/en/").content.decode()
