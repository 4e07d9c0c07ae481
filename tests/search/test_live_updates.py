"""Wagtail's signal handlers keep the index in step; update_index rebuilds and swaps atomically."""

from io import StringIO

from django.core.management import call_command
from wagtail.models import Page

from content.models import ArticlePage, Department
from tests.factories import ArticlePageFactory, DepartmentFactory, SectionPageFactory


def live_titles(q, qs=None):
    qs = ArticlePage.objects.live() if qs is None else qs
    return [p.title for p in qs.search(q)]


def draft_article(section, title):
    page = ArticlePageFactory.build(title=title, live=False)
    section.add_child(instance=page)
    return page


def test_publish_makes_a_page_findable(news_section):
    page = draft_article(news_section, "老旧小区加装电梯")
    assert live_titles("电梯") == []
    page.save_revision().publish()
    assert live_titles("电梯") == ["老旧小区加装电梯"]
    assert live_titles("加装") == ["老旧小区加装电梯"]


def test_edit_and_republish_updates_the_index(news_section):
    page = draft_article(news_section, "老旧小区加装电梯")
    page.save_revision().publish()
    page.title = "背街小巷整治"
    page.save_revision().publish()
    assert live_titles("电梯") == []
    assert live_titles("小巷") == ["背街小巷整治"]


def test_unpublish_removes_from_live_results(news_section):
    page = draft_article(news_section, "老旧小区加装电梯")
    page.save_revision().publish()
    page.refresh_from_db()
    page.unpublish()
    assert live_titles("电梯") == []


def test_delete_removes_from_the_index(backend, news_section):
    page = draft_article(news_section, "老旧小区加装电梯")
    page.save_revision().publish()
    page.delete()
    assert live_titles("电梯", ArticlePage.objects.all()) == []
    # gone from the index itself, not just filtered out by the database
    searcher = backend.store.searcher()
    assert not [d for d in searcher.documents() if d["doc_id"] == f"wagtailcore.page:{page.pk}"]


def test_move_keeps_the_page_and_the_section_filter_follows(home, news_section, policy_section):
    other = SectionPageFactory(parent=home, title="社区动态", slug="community")
    page = draft_article(news_section, "老旧小区加装电梯")
    page.save_revision().publish()
    page.move(other, pos="last-child")
    assert live_titles("电梯") == ["老旧小区加装电梯"]
    assert [p.title for p in Page.objects.live().descendant_of(other).search("电梯")] == ["老旧小区加装电梯"]
    assert list(Page.objects.live().descendant_of(news_section).search("电梯")) == []


def test_snippet_like_models_update_too(backend):
    dept = DepartmentFactory(name="城市管理局", slug="cg")
    assert [d.name for d in backend.search("城管", Department)] == []  # 城管 is not a piece of 城市管理局
    assert [d.name for d in backend.search("管理", Department)] == ["城市管理局"]
    dept.name = "城管执法局"
    dept.save()
    assert [d.name for d in backend.search("城管", Department)] == ["城管执法局"]
    dept.delete()
    assert list(backend.search("城管", Department)) == []


def test_update_index_rebuilds_into_a_fresh_index_and_swaps(backend, news_section):
    page = draft_article(news_section, "老旧小区加装电梯")
    page.save_revision().publish()
    DepartmentFactory(name="城市管理局", slug="cg")
    store = backend.store
    before = store.current()
    # something only the old index has: the rebuild must not carry it over
    backend.delete(page)
    assert live_titles("电梯") == []
    out, err = StringIO(), StringIO()
    call_command("update_index", stdout=out, stderr=err)
    after = store.current()
    assert after != before  # a new generation was swapped in
    assert (store.path / "CURRENT").read_text().strip() == after
    assert not (store.path / "BUILDING").exists()
    assert live_titles("电梯") == ["老旧小区加装电梯"]
    assert [d.name for d in backend.search("管理", Department)] == ["城市管理局"]
    assert "indexed" in out.getvalue()
    assert "obj" in err.getvalue() and "100%" in err.getvalue()  # the tqdm progress bar


def test_searches_during_a_rebuild_use_the_old_index_and_writes_reach_both(backend, news_section):
    from search.whoosh.backend import WhooshRebuilder

    draft_article(news_section, "老旧小区加装电梯").save_revision().publish()
    index = backend.get_index_for_model(ArticlePage)
    rebuilder = WhooshRebuilder(index)
    new_index = rebuilder.start()
    new_index.add_model(ArticlePage)
    # the live index still answers while the new one is empty
    assert live_titles("电梯") == ["老旧小区加装电梯"]
    # a page published mid-rebuild lands in both generations
    draft_article(news_section, "背街小巷整治").save_revision().publish()
    new_index.add_items(ArticlePage, list(ArticlePage.objects.filter(title__contains="电梯")))
    rebuilder.finish()
    assert live_titles("电梯") == ["老旧小区加装电梯"]
    assert live_titles("小巷") == ["背街小巷整治"]


def test_a_page_unpublished_during_a_rebuild_is_not_in_the_new_index(backend, news_section):
    from search.whoosh.backend import WhooshRebuilder

    page = draft_article(news_section, "背街小巷整治")
    page.save_revision().publish()
    rebuilder = WhooshRebuilder(backend.get_index_for_model(ArticlePage))
    new_index = rebuilder.start()
    new_index.add_items(ArticlePage, [page])  # the rebuild read it before …
    page.delete()  # … it was deleted: the live index drops it at once, the new one at the swap
    assert live_titles("小巷", ArticlePage.objects.all()) == []
    rebuilder.finish()
    assert backend.search("小巷", ArticlePage).count() == 0
