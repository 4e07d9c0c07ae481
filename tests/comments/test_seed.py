from io import StringIO
from types import SimpleNamespace

from django_comments_xtd.models import XtdComment

from engagement.comments.models import CommentModeration, CommentReport, SensitiveWord, in_state
from engagement.comments.seed import seed
from engagement.residents.models import OrganisationVerification
from tests.factories import ArticlePageFactory


def test_the_demo_seed_makes_a_lively_queue_once(news_section, policy, topic, moderator):
    for n in range(12):
        ArticlePageFactory(parent=news_section, slug=f"story-{n}")
    command = SimpleNamespace(stdout=StringIO())

    seed(command)
    count = XtdComment.objects.count()
    seed(command)

    assert 140 <= count <= 170
    assert XtdComment.objects.count() == count
    assert XtdComment.objects.filter(level__gt=0).exists()
    states = {m.state for m in CommentModeration.objects.select_related("comment")}
    assert states == {"pending", "approved", "rejected"}
    assert CommentReport.objects.exists()
    assert CommentModeration.objects.filter(in_state("pending", "comment__"), rule="flags").exists()
    assert SensitiveWord.objects.filter(word="赌博").exists()
    assert OrganisationVerification.objects.in_force().get().user.username == "shegong"
